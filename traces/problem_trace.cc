#include "traces/problem_trace.h"

#include <utility>

namespace ponder::traces {

ProblemTrace::ProblemTrace(int64_t run_id, std::string problem_id)
    : run_id_(run_id), problem_id_(std::move(problem_id)), started_at_us_(UnixMicrosNow()) {}

void ProblemTrace::Event(const Problem&, const Tree&, const TraceEvent& event) {
  events_.push_back(event);
}

void ProblemTrace::SearchFinished(const Problem&, const Tree& tree, const SearchResult& result) {
  nodes_.Capture(tree);
  result_ = result;
  usage_ = result.usage;
  finished_at_us_ = UnixMicrosNow();
}

void ProblemTrace::Fail(const Status& error) {
  PONDER_CHECK(!error.ok()) << "ProblemTrace::Fail with an OK status";
  error_ = error.ToString();
  finished_at_us_ = UnixMicrosNow();
}

void ProblemTrace::FailSearch(const Status& error, SearchContext& ctx) {
  Fail(error);
  nodes_.Capture(ctx.tree());
  usage_ = ctx.usage();
}

ProblemStatus ProblemTrace::status() const {
  if (!error_.empty()) return ProblemStatus::kFailed;
  if (result_) return ProblemStatus::kFinished;
  return ProblemStatus::kStarted;
}

int64_t ProblemTrace::rows() const {
  return 1 + static_cast<int64_t>(nodes_.size() + events_.size());
}

}  // namespace ponder::traces
