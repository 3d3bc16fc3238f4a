// BatchingQueue: merges the requests that many problems' threads submit into
// batches for one backend, so a model sees a full batch instead of many small
// ones (lc0's and KataGo's pattern, across problems instead of tree workers).
//
// Submit blocks its caller until its results are ready. A server thread takes
// queued submissions in arrival order, up to `max_batch` requests (a larger
// submission runs alone, unsplit), and flushes when the batch is full, when
// every client of its BatchingGroup is blocked in a Submit (no one else can
// add to it), or `max_wait_us` after the first submission. Results return to
// each caller in its own request order.
//
// The queues that serve the same problems (a policy's and a scorer's) share one
// BatchingGroup: a problem blocked on the scorer cannot submit to the policy,
// so it counts as blocked for both, and neither queue waits for it in vain.
//
// Thread-safety: Submit, AddClient and RemoveClient may be called from any thread.
#pragma once

#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <span>
#include <thread>
#include <vector>

#include "search/base/check.h"

namespace ponder::experiments {

struct BatchingOptions {
  int max_batch = 64;      // requests per backend call
  int max_wait_us = 2000;  // how long a partial batch waits for company
};

// The threads that may submit to a set of queues, and how many of them are blocked in one.
class BatchingGroup {
 public:
  void AddClient() {
    std::lock_guard lock(mu_);
    ++clients_;
  }
  void RemoveClient() {
    {
      std::lock_guard lock(mu_);
      --clients_;
    }
    wake_.notify_all();
  }

 private:
  template <class, class>
  friend class BatchingQueue;

  bool AllBlocked() const { return blocked_ >= clients_; }

  std::mutex mu_;                 // guards this group and every queue in it
  std::condition_variable wake_;  // servers wait here for submissions and departures
  int clients_ = 0;
  int blocked_ = 0;
};

template <class Request, class Result>
class BatchingQueue {
 public:
  using Backend = std::function<std::vector<Result>(std::span<const Request>)>;

  BatchingQueue(Backend backend, BatchingOptions options,
                std::shared_ptr<BatchingGroup> group = std::make_shared<BatchingGroup>())
      : backend_(std::move(backend)),
        options_(options),
        group_(std::move(group)),
        server_([this] { Serve(); }) {}

  ~BatchingQueue() {
    {
      std::lock_guard lock(group_->mu_);
      stopping_ = true;
    }
    group_->wake_.notify_all();
    server_.join();
  }

  BatchingGroup& group() { return *group_; }

  std::vector<Result> Submit(std::span<const Request> requests) {
    if (requests.empty()) return {};
    Job job{requests, {}, false};
    std::unique_lock lock(group_->mu_);
    queue_.push_back(&job);
    ++group_->blocked_;
    group_->wake_.notify_all();
    job_done_.wait(lock, [&] { return job.done; });
    --group_->blocked_;
    return std::move(job.results);
  }

 private:
  struct Job {
    std::span<const Request> requests;
    std::vector<Result> results;
    bool done;
  };

  size_t Queued() const {
    size_t n = 0;
    for (const Job* j : queue_) n += j->requests.size();
    return n;
  }

  void Serve() {
    std::unique_lock lock(group_->mu_);
    while (true) {
      group_->wake_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
      if (queue_.empty()) return;  // stopping with nothing left
      const auto deadline =
          std::chrono::steady_clock::now() + std::chrono::microseconds(options_.max_wait_us);
      group_->wake_.wait_until(lock, deadline, [&] {
        return stopping_ || Queued() >= static_cast<size_t>(options_.max_batch) ||
               group_->AllBlocked();
      });
      std::vector<Job*> batch = {queue_.front()};
      queue_.pop_front();
      size_t size = batch[0]->requests.size();
      while (!queue_.empty() &&
             size + queue_.front()->requests.size() <= static_cast<size_t>(options_.max_batch)) {
        size += queue_.front()->requests.size();
        batch.push_back(queue_.front());
        queue_.pop_front();
      }
      lock.unlock();
      Run(batch, size);
      lock.lock();
      for (Job* j : batch) j->done = true;
      job_done_.notify_all();
    }
  }

  void Run(const std::vector<Job*>& batch, size_t size) {
    std::vector<Request> merged;
    merged.reserve(size);
    for (const Job* j : batch) merged.insert(merged.end(), j->requests.begin(), j->requests.end());
    std::vector<Result> results = backend_(merged);
    PONDER_CHECK(results.size() == merged.size())
        << "backend answered " << results.size() << " of " << merged.size();
    auto next = std::make_move_iterator(results.begin());
    for (Job* j : batch) {
      j->results.assign(next, next + static_cast<std::ptrdiff_t>(j->requests.size()));
      next += static_cast<std::ptrdiff_t>(j->requests.size());
    }
  }

  Backend backend_;
  BatchingOptions options_;
  std::shared_ptr<BatchingGroup> group_;
  std::condition_variable job_done_;  // waited on with the group's mutex
  std::deque<Job*> queue_;
  bool stopping_ = false;
  std::thread server_;  // last: starts after every other member exists
};

}  // namespace ponder::experiments
