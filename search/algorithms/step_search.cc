#include "search/algorithms/step_search.h"

#include <algorithm>
#include <vector>

#include "search/selection.h"

namespace ponder {

NodeId SelectAnswer(const Tree& tree, std::span<const NodeId> candidates,
                    AnswerSelection selection) {
  std::vector<NodeId> complete;
  for (NodeId n : candidates) {
    if (tree.at(n).terminal) complete.push_back(n);
  }
  if (complete.empty()) {
    const NodeId best = BestScored(tree, candidates);
    return best != kNoNode || candidates.empty() ? best : candidates.front();
  }
  if (selection != AnswerSelection::kScore) {
    const VoteWeight weight =
        selection == AnswerSelection::kMajority ? VoteWeight::kCount : VoteWeight::kScore;
    const std::vector<Vote> votes = TallyVotes(tree, complete, weight);
    if (!votes.empty()) return votes.front().best;
    // No solution has an extractable answer: fall back to the score.
  }
  const NodeId best = BestScored(tree, complete);
  return best != kNoNode ? best : complete.front();
}

void DropBranch(SearchContext& ctx, NodeId node) {
  const Tree& tree = ctx.tree();
  while (node != kRootNode && !tree.at(node).dropped) {
    ctx.Drop(node);
    node = tree.at(node).parent;
    const std::vector<NodeId>& siblings = tree.at(node).children;
    const bool dead =
        std::all_of(siblings.begin(), siblings.end(), [&](NodeId c) { return tree.at(c).dropped; });
    if (!dead) break;
  }
}

ExpandSpec StepSpec(const SearchContext& ctx, int depth, int n, Duplicates duplicates) {
  const bool last = depth + 1 >= ctx.options().max_steps;
  return {
      .mode = last ? ExpandMode::kRollout : ExpandMode::kStep, .n = n, .duplicates = duplicates};
}

}  // namespace ponder
