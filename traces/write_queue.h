// WriteQueue: the one thread that writes a trace database.
//
// Producers on any thread enqueue writes; the writer thread takes what is
// queued, runs it in one transaction (BEGIN IMMEDIATE ... COMMIT), each write
// inside a savepoint so a failing write rolls back alone, and moves on.
// Batching many problems per transaction is what makes the writer fast; each
// write is still all-or-nothing, so a killed process never leaves half a
// problem behind. Writes run in the order they were enqueued.
//
// The queue is bounded by rows (nodes + events + 1 per problem): a producer
// blocks while the queue is full, so a slow disk slows the searches down
// instead of growing memory without end. A write larger than the bound is
// admitted alone.
//
// Errors: the first write that fails makes the queue "failed": its error is
// returned by every later Enqueue, Run and Close, and no later write runs, so
// a run whose records are incomplete is never marked finished.
//
// Thread-safety: every method may be called from any thread.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <future>
#include <memory>
#include <mutex>
#include <thread>

#include "search/base/status.h"
#include "traces/sqlite_database.h"

namespace ponder::traces {

struct WriteQueueOptions {
  int64_t max_queued_rows = int64_t{1} << 18;  // the back-pressure bound
  int64_t max_batch_rows = int64_t{1} << 15;   // rows per transaction, roughly
};

struct WriteQueueStats {
  int64_t writes = 0;           // writes run (committed or failed)
  int64_t transactions = 0;     // transactions committed
  int64_t max_queued_rows = 0;  // the highest the queue's row count reached
};

class WriteQueue {
 public:
  using Write = std::function<Status(Database&)>;

  // Takes the connection (already prepared by PrepareForWriting) and starts the thread.
  WriteQueue(std::unique_ptr<Database> db, WriteQueueOptions options);
  WriteQueue(const WriteQueue&) = delete;
  WriteQueue& operator=(const WriteQueue&) = delete;
  ~WriteQueue();  // Close()

  // Queues `write`, weighing `rows`, for an upcoming transaction; blocks while the queue is
  // full. Returns the queue's error if it has failed or closed (nothing is queued then).
  Status Enqueue(Write write, int64_t rows);
  // Runs `write` in a transaction of its own, after everything queued before it, and returns
  // its status (or the queue's error, without running it).
  Status Run(Write write);
  // Writes everything queued, stops the thread and returns the queue's error. Idempotent.
  Status Close();

  WriteQueueStats stats() const;

 private:
  struct Item {
    Write write;
    int64_t rows = 0;
    std::shared_ptr<std::promise<Status>> done;  // set for Run(): the caller waits on it
  };

  Status Push(Item item);
  void Loop();
  // Runs `batch` in one transaction; returns each item's status.
  std::vector<Status> WriteBatch(std::vector<Item>& batch, const Status& failed);

  std::unique_ptr<Database> db_;
  const WriteQueueOptions options_;

  mutable std::mutex mu_;
  std::condition_variable has_work_;
  std::condition_variable has_room_;
  std::deque<Item> queue_;
  int64_t queued_rows_ = 0;  // queued or being written
  bool closing_ = false;
  Status error_;  // the first failed write
  WriteQueueStats stats_;
  std::mutex join_mu_;  // Close() may run on several threads at once
  std::thread thread_;
};

}  // namespace ponder::traces
