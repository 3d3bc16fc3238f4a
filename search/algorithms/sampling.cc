#include "search/algorithms/sampling.h"

#include <algorithm>

namespace ponder {

StatusOr<std::vector<NodeId>> SampleSolutions(SearchContext& ctx, int n, int batch) {
  std::vector<NodeId> leaves;
  const NodeId root[] = {kRootNode};
  while (static_cast<int>(leaves.size()) < n && !ctx.Stopped()) {
    const int k = std::min(batch, n - static_cast<int>(leaves.size()));
    PONDER_ASSIGN_OR_RETURN(auto children,
                            ctx.Expand(root, {.mode = ExpandMode::kRollout, .n = k}));
    if (children[0].empty()) break;  // the policy has nothing more to offer
    leaves.insert(leaves.end(), children[0].begin(), children[0].end());
  }
  return leaves;
}

StatusOr<std::vector<NodeId>> ScoreWhileBudget(SearchContext& ctx, const std::vector<NodeId>& nodes,
                                               int batch) {
  std::vector<NodeId> scored;
  for (size_t at = 0; at < nodes.size() && !ctx.ScoringStopped();
       at += static_cast<size_t>(batch)) {
    const size_t end = std::min(nodes.size(), at + static_cast<size_t>(batch));
    std::span<const NodeId> chunk(nodes.data() + at, end - at);
    PONDER_RETURN_IF_ERROR(ctx.Score(chunk));
    scored.insert(scored.end(), chunk.begin(), chunk.end());
  }
  return scored;
}

}  // namespace ponder
