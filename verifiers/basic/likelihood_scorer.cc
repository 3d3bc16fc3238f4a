#include "verifiers/basic/likelihood_scorer.h"

#include <cmath>

namespace ponder {

std::vector<StatusOr<Score>> LikelihoodScorer::ScoreBatch(std::span<const ScoreRequest> requests) {
  std::vector<StatusOr<Score>> out;
  out.reserve(requests.size());
  for (const ScoreRequest& r : requests) {
    const Node& node = r.tree->at(r.node);
    if (node.tokens.empty()) {
      out.emplace_back(InvalidArgumentError("node " + std::to_string(r.node) +
                                            " has no tokens to take a likelihood of"));
      continue;
    }
    out.emplace_back(Score{{std::exp(node.logprob / static_cast<double>(node.tokens.size()))}});
  }
  return out;
}

}  // namespace ponder
