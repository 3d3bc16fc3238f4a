// TraceReader: reads a trace database for reports, the trace browser and
// resumption. It opens the file read-only and never changes it; in WAL mode it
// reads alongside a running writer (each call sees the transactions committed
// before it).
//
// Thread-safety: one thread at a time; open one reader per thread.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "search/base/status.h"
#include "search/node.h"
#include "search/trace_sink.h"
#include "traces/records.h"
#include "traces/sqlite_database.h"

namespace ponder::traces {

class TraceReader {
 public:
  // Fails, naming the path, when the file does not exist, is not a ponder trace database,
  // or has a schema version this build does not read.
  static StatusOr<std::unique_ptr<TraceReader>> Open(const std::string& path,
                                                     int64_t busy_timeout_ms = 10000);

  const std::string& path() const { return db_->path(); }

  // Every run, oldest first.
  StatusOr<std::vector<RunRecord>> Runs();
  StatusOr<RunRecord> Run(int64_t run_id);
  // The problems of a run in the order they were recorded, with their results, grades and usage.
  StatusOr<std::vector<ProblemRecord>> Problems(int64_t run_id);
  StatusOr<ProblemRecord> FindProblem(int64_t run_id, std::string_view problem_id);
  // Ids of the run's problems recorded finished: what a resumed run skips.
  StatusOr<std::vector<std::string>> FinishedProblems(int64_t run_id);
  // A problem's nodes (by ProblemRecord::id), indexed by NodeId, with children rebuilt from
  // the parent links. Transient search state (virtual_loss) is not stored and reads as 0.
  StatusOr<std::vector<Node>> Nodes(int64_t problem);
  // A problem's events in the order the search emitted them.
  StatusOr<std::vector<TraceEvent>> Events(int64_t problem);

  // SQLite's integrity check: OK, or DataLoss listing what it found.
  Status CheckIntegrity();

 private:
  explicit TraceReader(std::unique_ptr<Database> db) : db_(std::move(db)) {}

  std::unique_ptr<Database> db_;
};

}  // namespace ponder::traces
