#include "traces/write_queue.h"

#include <algorithm>
#include <utility>

namespace ponder::traces {

WriteQueue::WriteQueue(std::unique_ptr<Database> db, WriteQueueOptions options)
    : db_(std::move(db)), options_(options), thread_([this] { Loop(); }) {}

WriteQueue::~WriteQueue() { (void)Close(); }

Status WriteQueue::Enqueue(Write write, int64_t rows) {
  return Push({.write = std::move(write), .rows = rows, .done = nullptr});
}

Status WriteQueue::Run(Write write) {
  auto done = std::make_shared<std::promise<Status>>();
  std::future<Status> result = done->get_future();
  PONDER_RETURN_IF_ERROR(Push({.write = std::move(write), .rows = 1, .done = done}));
  return result.get();
}

Status WriteQueue::Push(Item item) {
  std::unique_lock lock(mu_);
  has_room_.wait(lock, [&] {
    return closing_ || !error_.ok() || queued_rows_ == 0 ||
           queued_rows_ + item.rows <= options_.max_queued_rows;
  });
  if (!error_.ok()) return error_;
  if (closing_) return FailedPreconditionError("trace database '" + db_->path() + "' is closed");
  queued_rows_ += item.rows;
  stats_.max_queued_rows = std::max(stats_.max_queued_rows, queued_rows_);
  queue_.push_back(std::move(item));
  has_work_.notify_one();
  return OkStatus();
}

Status WriteQueue::Close() {
  {
    std::lock_guard lock(mu_);
    closing_ = true;
  }
  has_work_.notify_all();
  has_room_.notify_all();
  {
    // Close may be called from several threads (and the destructor): join exactly once.
    std::lock_guard join_lock(join_mu_);
    if (thread_.joinable()) thread_.join();
  }
  std::lock_guard lock(mu_);
  return error_;
}

WriteQueueStats WriteQueue::stats() const {
  std::lock_guard lock(mu_);
  return stats_;
}

void WriteQueue::Loop() {
  while (true) {
    std::vector<Item> batch;
    int64_t rows = 0;
    Status failed;
    {
      std::unique_lock lock(mu_);
      has_work_.wait(lock, [&] { return !queue_.empty() || closing_; });
      if (queue_.empty()) return;  // closing, and everything is written
      // A Run() item gets a transaction of its own, so the queue's state it sees (and returns)
      // reflects every write before it; the rest are batched up to max_batch_rows.
      do {
        rows += queue_.front().rows;
        batch.push_back(std::move(queue_.front()));
        queue_.pop_front();
      } while (!batch.back().done && !queue_.empty() && !queue_.front().done &&
               rows < options_.max_batch_rows);
      failed = error_;
    }

    std::vector<Status> results = WriteBatch(batch, failed);
    {
      std::lock_guard lock(mu_);
      queued_rows_ -= rows;
      stats_.writes += static_cast<int64_t>(batch.size());
      for (size_t i = 0; i < batch.size(); ++i) {
        // A Run() caller gets its own error; only a write nobody waits for fails the queue.
        if (!batch[i].done && !results[i].ok() && error_.ok()) error_ = results[i];
      }
    }
    has_room_.notify_all();
    for (size_t i = 0; i < batch.size(); ++i) {
      if (batch[i].done) batch[i].done->set_value(results[i]);
    }
  }
}

std::vector<Status> WriteQueue::WriteBatch(std::vector<Item>& batch, const Status& failed) {
  if (!failed.ok()) return std::vector<Status>(batch.size(), failed);
  Status begin = db_->Exec("BEGIN IMMEDIATE");
  if (!begin.ok()) return std::vector<Status>(batch.size(), begin);

  std::vector<Status> results;
  results.reserve(batch.size());
  for (Item& item : batch) {
    if (!results.empty() && !results.back().ok()) {
      results.push_back(results.back());  // nothing after a failed write runs
      continue;
    }
    Status status = db_->Exec("SAVEPOINT write");
    if (status.ok()) status = item.write(*db_);
    if (!status.ok()) (void)db_->Exec("ROLLBACK TO write");
    (void)db_->Exec("RELEASE write");
    results.push_back(std::move(status));
  }

  Status commit = db_->Exec("COMMIT");
  if (!commit.ok()) {
    (void)db_->Exec("ROLLBACK");
    return std::vector<Status>(batch.size(), commit);
  }
  std::lock_guard lock(mu_);
  ++stats_.transactions;
  return results;
}

}  // namespace ponder::traces
