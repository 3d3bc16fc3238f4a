// TraceStore: records runs, problems, nodes and events into a SQLite trace
// database (docs/traces.md) for the experiment runner.
//
// One writer thread does every write (WriteQueue): callers on any thread only
// enqueue, and a bounded queue makes them wait when the disk falls behind.
// Each problem is written with all its nodes and events in one transaction, so
// a process killed at any moment leaves a valid database in which every
// problem marked finished is complete. Running the same config again resumes
// its unfinished run: BeginRun returns the same run id and FinishedProblems
// lists the problems to skip.
//
//   auto store = TraceStore::Open("runs.db");               // creates or opens
//   StatusOr<BegunRun> run = (*store)->BeginRun(info);       // creates or resumes
//   skip = (*store)->FinishedProblems(run->id);
//   for each problem not skipped (on any thread):
//     StatusOr<ProblemTrace> trace = (*store)->StartProblem(run->id, problem.id);
//     ... search with &*trace as the TraceSink, grade ...   (problem_trace.h)
//     (*store)->CommitProblem(std::move(*trace));
//   (*store)->FinishRun(run->id, OkStatus());               // or the error that stopped it
//
// Thread-safety: every method may be called from any thread. Errors: once a
// queued write fails, every later call returns that error and no run is marked
// finished; the failed problems are simply absent, and resuming re-runs them.
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "search/base/params.h"
#include "search/base/status.h"
#include "traces/problem_trace.h"
#include "traces/records.h"
#include "traces/trace_reader.h"
#include "traces/write_queue.h"

namespace ponder::traces {

struct TraceStoreOptions {
  int64_t busy_timeout_ms = 10000;             // how long to wait for another process's write lock
  int64_t max_queued_rows = int64_t{1} << 18;  // nodes + events waiting to be written
  int64_t max_batch_rows = int64_t{1} << 15;   // rows per transaction, roughly

  void Bind(ParamBinder& binder);
  Status Validate() const;
};

class TraceStore {
 public:
  // Creates the database (and its schema) or opens an existing one, in WAL mode. Fails,
  // naming the path, when it cannot be created or written, is not a ponder trace database,
  // or has a schema version this build does not write.
  static StatusOr<std::unique_ptr<TraceStore>> Open(const std::string& path,
                                                    TraceStoreOptions options = {});
  TraceStore(const TraceStore&) = delete;
  TraceStore& operator=(const TraceStore&) = delete;
  ~TraceStore();  // Close()

  const std::string& path() const { return path_; }

  // Resumes the newest unfinished run with info's config_hash and shard, finds a finished one
  // (BegunRun::already_finished), or creates a run (trace_writes.h).
  // Waits until the run is written.
  StatusOr<BegunRun> BeginRun(const RunInfo& info);
  // Problems of the run recorded finished, including every commit enqueued before the call.
  StatusOr<std::vector<std::string>> FinishedProblems(int64_t run_id);

  // A trace for one problem's search; queues a 'started' row for it (replacing an earlier
  // attempt's records), so a crash leaves a visible trace of the problems in flight.
  StatusOr<ProblemTrace> StartProblem(int64_t run_id, std::string problem_id);
  // Queues the problem, its nodes and its events for one transaction. A trace that neither
  // finished nor failed is recorded as failed, and that is returned as an error.
  Status CommitProblem(ProblemTrace trace);
  // After every problem of the run is committed: an OK `outcome` marks the run finished
  // (refused unless all its problem_count problems are recorded); an error marks it failed.
  // Waits until written.
  Status FinishRun(int64_t run_id, const Status& outcome);

  // Waits until everything queued is written; returns the store's error, if any.
  Status Flush();
  // Writes everything queued and closes the database. Idempotent.
  Status Close();

  WriteQueueStats stats() const { return queue_->stats(); }

 private:
  TraceStore(std::string path, std::unique_ptr<WriteQueue> queue,
             std::unique_ptr<TraceReader> reader);

  const std::string path_;
  std::unique_ptr<WriteQueue> queue_;
  std::mutex reader_mu_;
  std::unique_ptr<TraceReader> reader_;
};

}  // namespace ponder::traces
