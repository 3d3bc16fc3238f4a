#include "tests/fakes/table_scorer.h"

namespace ponder::testing {

std::vector<StatusOr<Score>> TableScorer::ScoreBatch(std::span<const ScoreRequest> requests) {
  std::vector<StatusOr<Score>> out;
  for (const ScoreRequest& r : requests) {
    out.emplace_back(Score{{fn_(r.tree->PathText(r.node))}});
  }
  std::lock_guard lock(mu_);
  calls_ += static_cast<int64_t>(requests.size());
  ++batches_;
  return out;
}

int64_t TableScorer::calls() const {
  std::lock_guard lock(mu_);
  return calls_;
}

int64_t TableScorer::batches() const {
  std::lock_guard lock(mu_);
  return batches_;
}

}  // namespace ponder::testing
