#include "search/algorithms/step_search.h"

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "search/selection.h"

namespace ponder {

void BindSelection(ParamBinder& binder, AnswerSelection* selection, std::string_view when) {
  static constexpr std::pair<std::string_view, AnswerSelection> kNames[] = {
      {"score", AnswerSelection::kScore},
      {"majority", AnswerSelection::kMajority},
      {"weighted_majority", AnswerSelection::kWeightedMajority},
  };
  const std::string help =
      std::string(when) +
      "how the answer is chosen among complete solutions: score (highest score), majority "
      "(most frequent answer) or weighted_majority (largest summed score)";
  binder.Enum<AnswerSelection>("selection", selection, kNames, help);
}

Status CheckMultiple(std::string_view total_key, int total, std::string_view part_key, int part) {
  if (part > 0 && total % part == 0) return OkStatus();
  return InvalidArgumentError(std::string(total_key) + " (" + std::to_string(total) +
                              ") must be a multiple of " + std::string(part_key) + " (" +
                              std::to_string(part) + ")");
}

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
