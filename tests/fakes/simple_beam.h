// RunSimpleBeam: a minimal step-level beam search over SearchContext, for
// tests and benchmarks of model backends (the search core's own beam search
// is an Algorithm with more options). Each round expands every beam node into
// `per_beam` steps, ranks all new children by the cumulative log-probability
// of their paths, keeps the best `width` unfinished ones and drops the rest.
#pragma once

#include <algorithm>

#include "search/search_context.h"

namespace ponder::testing {

struct SimpleBeamOptions {
  int width = 2;
  int per_beam = 2;
  int rounds = 4;
};

inline StatusOr<SearchResult> RunSimpleBeam(SearchContext& ctx, const SimpleBeamOptions& options) {
  const Tree& tree = ctx.tree();
  auto path_logprob = [&](NodeId n) {
    double sum = 0;
    for (NodeId a : tree.PathTo(n)) sum += tree.at(a).logprob;
    return sum;
  };
  std::vector<NodeId> beam = {kRootNode};
  NodeId best = kNoNode;
  for (int round = 0; round < options.rounds && !beam.empty() && !ctx.Stopped(); ++round) {
    PONDER_ASSIGN_OR_RETURN(auto children,
                            ctx.Expand(beam, {.mode = ExpandMode::kStep, .n = options.per_beam}));
    std::vector<NodeId> pool;
    for (const std::vector<NodeId>& c : children) pool.insert(pool.end(), c.begin(), c.end());
    std::stable_sort(pool.begin(), pool.end(),
                     [&](NodeId a, NodeId b) { return path_logprob(a) > path_logprob(b); });
    if (!pool.empty()) best = pool.front();
    beam.clear();
    for (NodeId c : pool) {
      if (tree.at(c).terminal) continue;
      if (static_cast<int>(beam.size()) < options.width) {
        beam.push_back(c);
      } else {
        ctx.Drop(c);
      }
    }
  }
  return ctx.Finish(best);
}

}  // namespace ponder::testing
