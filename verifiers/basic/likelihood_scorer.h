// LikelihoodScorer: scores a step by the policy's own confidence in it, the
// geometric mean of its tokens' probabilities, exp(logprob / tokens), read from
// the tree without calling any model. With search.aggregation `product` or
// `mean` over the path it turns step-level searches into likelihood-guided
// ones (classic beam search at step granularity), for models that have no
// reward model. Thread-safe (stateless).
#pragma once

#include "search/scorer.h"

namespace ponder {

class LikelihoodScorer final : public Scorer {
 public:
  std::vector<StatusOr<Score>> ScoreBatch(std::span<const ScoreRequest> requests) override;
};

}  // namespace ponder
