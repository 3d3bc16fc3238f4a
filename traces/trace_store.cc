#include "traces/trace_store.h"

#include <utility>

#include "traces/schema.h"
#include "traces/trace_writes.h"

namespace ponder::traces {

void TraceStoreOptions::Bind(ParamBinder& b) {
  b.Int64("busy_timeout_ms", &busy_timeout_ms, 0, int64_t{1} << 31,
          "milliseconds to wait for another process's write lock");
  b.Int64("max_queued_rows", &max_queued_rows, 1, ParamBinder::kMaxInt,
          "nodes and events queued for writing before searches wait");
  b.Int64("max_batch_rows", &max_batch_rows, 1, ParamBinder::kMaxInt,
          "rows written per transaction, roughly");
}

Status TraceStoreOptions::Validate() const {
  if (busy_timeout_ms < 0) return InvalidArgumentError("busy_timeout_ms must be >= 0");
  if (max_queued_rows < 1 || max_batch_rows < 1) {
    return InvalidArgumentError("max_queued_rows and max_batch_rows must be >= 1");
  }
  return OkStatus();
}

StatusOr<std::unique_ptr<TraceStore>> TraceStore::Open(const std::string& path,
                                                       TraceStoreOptions options) {
  PONDER_RETURN_IF_ERROR(options.Validate().WithContext("trace store options"));
  PONDER_ASSIGN_OR_RETURN(std::unique_ptr<Database> db,
                          Database::Open(path, OpenMode::kReadWriteCreate));
  PONDER_RETURN_IF_ERROR(PrepareForWriting(*db, options.busy_timeout_ms));
  PONDER_ASSIGN_OR_RETURN(std::unique_ptr<TraceReader> reader,
                          TraceReader::Open(path, options.busy_timeout_ms));
  auto queue = std::make_unique<WriteQueue>(
      std::move(db), WriteQueueOptions{.max_queued_rows = options.max_queued_rows,
                                       .max_batch_rows = options.max_batch_rows});
  return std::unique_ptr<TraceStore>(new TraceStore(path, std::move(queue), std::move(reader)));
}

TraceStore::TraceStore(std::string path, std::unique_ptr<WriteQueue> queue,
                       std::unique_ptr<TraceReader> reader)
    : path_(std::move(path)), queue_(std::move(queue)), reader_(std::move(reader)) {}

TraceStore::~TraceStore() { (void)Close(); }

StatusOr<BegunRun> TraceStore::BeginRun(const RunInfo& info) {
  PONDER_RETURN_IF_ERROR(info.Validate().WithContext("trace database '" + path_ + "'"));
  BegunRun begun;
  PONDER_RETURN_IF_ERROR(queue_->Run([&](Database& db) -> Status {
    PONDER_ASSIGN_OR_RETURN(begun, BeginOrResumeRun(db, info, UnixMicrosNow()));
    return OkStatus();
  }));
  return begun;
}

StatusOr<std::vector<std::string>> TraceStore::FinishedProblems(int64_t run_id) {
  PONDER_RETURN_IF_ERROR(Flush());
  std::lock_guard lock(reader_mu_);
  return reader_->FinishedProblems(run_id);
}

StatusOr<ProblemTrace> TraceStore::StartProblem(int64_t run_id, std::string problem_id) {
  ProblemTrace trace(run_id, std::move(problem_id));
  PONDER_RETURN_IF_ERROR(queue_->Enqueue(
      [run_id, id = trace.problem_id(), at = trace.started_at_us()](Database& db) {
        return RecordProblemStarted(db, run_id, id, at);
      },
      1));
  return trace;
}

Status TraceStore::CommitProblem(ProblemTrace trace) {
  Status misuse;
  if (trace.status() == ProblemStatus::kStarted) {
    misuse =
        FailedPreconditionError("trace database '" + path_ + "', problem '" + trace.problem_id() +
                                "' was committed before its search finished or failed; "
                                "it is recorded as failed");
    trace.Fail(misuse);
  }
  const int64_t rows = trace.rows();
  auto shared = std::make_shared<const ProblemTrace>(std::move(trace));
  PONDER_RETURN_IF_ERROR(
      queue_->Enqueue([shared](Database& db) { return RecordProblem(db, *shared); }, rows));
  return misuse;
}

Status TraceStore::FinishRun(int64_t run_id, const Status& outcome) {
  return queue_->Run(
      [&](Database& db) { return RecordRunOutcome(db, run_id, outcome, UnixMicrosNow()); });
}

Status TraceStore::Flush() {
  return queue_->Run([](Database&) { return OkStatus(); });
}

Status TraceStore::Close() { return queue_->Close(); }

}  // namespace ponder::traces
