// Helpers shared by the algorithms that sample whole solutions independently
// (best-of-N, majority vote, First-Finish's baseline).
#pragma once

#include <vector>

#include "search/search_context.h"

namespace ponder {

// Samples up to `n` complete solutions from the root, `batch` at a time,
// stopping early when the budget is spent. Returns the leaves (rollout children of the root).
StatusOr<std::vector<NodeId>> SampleSolutions(SearchContext& ctx, int n, int batch);

// Scores `nodes` `batch` at a time while the scoring budget lasts; returns those scored.
StatusOr<std::vector<NodeId>> ScoreWhileBudget(SearchContext& ctx, const std::vector<NodeId>& nodes,
                                               int batch);

}  // namespace ponder
