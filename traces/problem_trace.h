// ProblemTrace: the TraceSink of one problem's search. It keeps the search's
// events in memory as they happen and copies the final tree (as NodeRows)
// when the search finishes, so the search thread never waits on the database; the experiment
// runner then hands it to TraceStore::CommitProblem, which writes it in one
// transaction on the writer thread.
//
// Usage, on the problem's thread:
//   StatusOr<ProblemTrace> trace = store.StartProblem(run_id, problem.id);
//   SearchContext ctx({..., .trace = &*trace, ...});
//   StatusOr<SearchResult> result = algorithm.Run(ctx);
//   if (!result.ok()) trace->FailSearch(result.status(), ctx);
//   else trace->SetGrade(...);  // or trace->Fail(status) when grading fails
//   store.CommitProblem(std::move(*trace));
//
// Thread-safety: none; one problem's thread of control owns it.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "search/base/status.h"
#include "search/grader.h"
#include "search/search_context.h"
#include "search/trace_sink.h"
#include "traces/node_rows.h"
#include "traces/records.h"

namespace ponder::traces {

class ProblemTrace final : public TraceSink {
 public:
  ProblemTrace(int64_t run_id, std::string problem_id);

  // TraceSink. Node statistics change until the search ends, so nodes are taken from the
  // final tree in SearchFinished rather than one by one in NodeAdded.
  void Event(const Problem& problem, const Tree& tree, const TraceEvent& event) override;
  void SearchFinished(const Problem& problem, const Tree& tree,
                      const SearchResult& result) override;

  void SetGrade(Grade grade) { grade_ = std::move(grade); }
  void SetCandidates(CandidateStats stats) { candidates_ = std::move(stats); }
  // Marks the problem failed; keeps a result and nodes already recorded (grading failed).
  void Fail(const Status& error);
  // Marks the problem failed inside its search, keeping the partial tree and the usage so far.
  void FailSearch(const Status& error, SearchContext& ctx);

  int64_t run_id() const { return run_id_; }
  const std::string& problem_id() const { return problem_id_; }
  // kFailed after Fail*, kFinished after SearchFinished, kStarted before either.
  ProblemStatus status() const;
  const std::optional<SearchResult>& result() const { return result_; }
  // Usage of the search: the result's, or of the failed search so far.
  const Usage& usage() const { return usage_; }
  const std::optional<Grade>& grade() const { return grade_; }
  const std::optional<CandidateStats>& candidates() const { return candidates_; }
  const std::string& error() const { return error_; }
  const NodeRows& nodes() const { return nodes_; }
  const std::vector<TraceEvent>& events() const { return events_; }
  int64_t started_at_us() const { return started_at_us_; }
  // When the search finished or failed; 0 before.
  int64_t finished_at_us() const { return finished_at_us_; }

  // Rows this trace adds to the database: what the store's queue bound counts.
  int64_t rows() const;

 private:
  int64_t run_id_;
  std::string problem_id_;
  int64_t started_at_us_;
  int64_t finished_at_us_ = 0;
  std::optional<SearchResult> result_;
  Usage usage_;
  std::optional<Grade> grade_;
  std::optional<CandidateStats> candidates_;
  std::string error_;
  NodeRows nodes_;
  std::vector<TraceEvent> events_;
};

}  // namespace ponder::traces
