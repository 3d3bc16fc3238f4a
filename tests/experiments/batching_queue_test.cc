#include "experiments/batching_queue.h"

#include <gtest/gtest.h>

#include <atomic>
#include <future>
#include <thread>

namespace ponder::experiments {
namespace {

TEST(BatchingQueueTest, MergesConcurrentSubmissionsAndRoutesResultsBack) {
  std::mutex mu;
  std::vector<size_t> batch_sizes;
  BatchingQueue<int, int> queue(
      [&](std::span<const int> requests) {
        std::lock_guard lock(mu);
        batch_sizes.push_back(requests.size());
        std::vector<int> out;
        for (int r : requests) out.push_back(r * 10);
        return out;
      },
      BatchingOptions{.max_batch = 64, .max_wait_us = 200000});

  constexpr int kThreads = 8;
  for (int t = 0; t < kThreads; ++t) queue.group().AddClient();
  std::atomic<int> wrong{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int round = 0; round < 20; ++round) {
        const std::vector<int> requests = {t * 1000 + round, t * 1000 + round + 500};
        const std::vector<int> results = queue.Submit(requests);
        if (results != std::vector<int>{requests[0] * 10, requests[1] * 10}) ++wrong;
      }
      queue.group().RemoveClient();
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(wrong.load(), 0);
  size_t total = 0, largest = 0;
  for (size_t s : batch_sizes) {
    total += s;
    largest = std::max(largest, s);
    EXPECT_LE(s, 64u);
  }
  EXPECT_EQ(total, kThreads * 20 * 2u);
  // With every client waiting, batches go out as soon as all have submitted: they merge.
  EXPECT_GT(largest, 2u);
  EXPECT_LT(batch_sizes.size(), kThreads * 20u);
}

TEST(BatchingQueueTest, AnOversizedSubmissionRunsAloneAndWhole) {
  std::vector<size_t> sizes;
  BatchingQueue<int, int> queue(
      [&](std::span<const int> r) {
        sizes.push_back(r.size());
        return std::vector<int>(r.begin(), r.end());
      },
      BatchingOptions{.max_batch = 4, .max_wait_us = 100});
  std::vector<int> big(10);
  for (int i = 0; i < 10; ++i) big[i] = i;
  EXPECT_EQ(queue.Submit(big), big);
  EXPECT_EQ(sizes, std::vector<size_t>{10});
}

// Problems alternate between a policy queue and a scorer queue, as searches do. A problem
// blocked on one queue cannot submit to the other, so with one shared group neither queue
// waits out its (here very long) max_wait for it: the rounds finish at once. With a group
// per queue, a batch would wait the full 30 s for a client blocked on the other queue, and
// the watchdog below would fail the test.
TEST(BatchingQueueTest, QueuesSharingAGroupDoNotWaitForClientsBlockedOnTheOther) {
  auto group = std::make_shared<BatchingGroup>();
  auto echo = [](std::span<const int> r) { return std::vector<int>(r.begin(), r.end()); };
  const BatchingOptions slow{.max_batch = 64, .max_wait_us = 30'000'000};
  BatchingQueue<int, int> policy(echo, slow, group), scorer(echo, slow, group);
  constexpr int kThreads = 4;
  for (int t = 0; t < kThreads; ++t) group->AddClient();
  auto work = std::async(std::launch::async, [&] {
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t) {
      threads.emplace_back([&, t] {
        for (int round = 0; round < 3; ++round) {
          const int x[] = {t};
          policy.Submit(x);
          // Thread 0 asks the policy twice: it waits on the policy while the others wait on
          // the scorer, and each queue must see that nobody else can join its batch.
          if (t == 0) policy.Submit(x);
          scorer.Submit(x);
        }
        group->RemoveClient();
      });
    }
    for (auto& t : threads) t.join();
  });
  ASSERT_EQ(work.wait_for(std::chrono::seconds(20)), std::future_status::ready)
      << "a queue waited for a client blocked on the other queue";
}

}  // namespace
}  // namespace ponder::experiments
