#include "experiments/batching_queue.h"

#include <gtest/gtest.h>

#include <atomic>
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
  for (int t = 0; t < kThreads; ++t) queue.AddClient();
  std::atomic<int> wrong{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int round = 0; round < 20; ++round) {
        const std::vector<int> requests = {t * 1000 + round, t * 1000 + round + 500};
        const std::vector<int> results = queue.Submit(requests);
        if (results != std::vector<int>{requests[0] * 10, requests[1] * 10}) ++wrong;
      }
      queue.RemoveClient();
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

}  // namespace
}  // namespace ponder::experiments
