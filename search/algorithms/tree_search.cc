#include "search/algorithms/tree_search.h"

#include <algorithm>
#include <limits>

#include "search/selection.h"

namespace ponder {

void MinibatchOptions::Bind(ParamBinder& b) {
  b.Int("batch_size", &batch_size, 1, 1 << 16,
        "leaves gathered per round and expanded/scored in one batch");
  b.Int("virtual_loss", &virtual_loss, 0, 1 << 16,
        "extra visits a pending leaf puts on its path so a round's leaves differ (0: none)");
}

void MinibatchOptions::BindLossValue(ParamBinder& b) {
  b.Double("virtual_loss_value", &virtual_loss_value, -ParamBinder::kInf, ParamBinder::kInf,
           "the value each virtual visit counts with (the worst value the scorer gives)");
}

void AddVirtualLoss(Tree& tree, std::span<const NodeId> path, int amount) {
  for (NodeId n : path) tree.at(n).virtual_loss += amount;
}

void Backup(Tree& tree, std::span<const NodeId> path, int visits, double value_sum) {
  for (NodeId n : path) {
    Node& node = tree.at(n);
    node.visits += visits;
    node.value_sum += value_sum;
  }
}

void RemoveVirtualLoss(Tree& tree, const std::vector<std::vector<NodeId>>& waiting,
                       int virtual_loss) {
  for (const std::vector<NodeId>& path : waiting) AddVirtualLoss(tree, path, -virtual_loss);
}

std::vector<NodeId> Leaves(const std::vector<std::vector<NodeId>>& paths) {
  std::vector<NodeId> leaves;
  leaves.reserve(paths.size());
  for (const std::vector<NodeId>& p : paths) leaves.push_back(p.back());
  return leaves;
}

void BackupLeaf(SearchContext& ctx, std::span<const NodeId> path, LeafValue value) {
  Backup(ctx.tree(), path, value.visits, value.value_sum);
  if (ctx.tracing()) {
    ctx.Trace(TraceEventKind::kBackup, path.back(), std::to_string(value.value_sum / value.visits));
  }
}

StatusOr<std::vector<std::vector<NodeId>>> ExpandTree(SearchContext& ctx, SearchFlags& flags,
                                                      std::span<const NodeId> parents,
                                                      const ExpandSpec& spec) {
  PONDER_ASSIGN_OR_RETURN(auto children, ctx.Expand(parents, spec));
  flags.Sync(ctx.tree());
  for (NodeId p : parents) flags.set_expanded(p);
  return children;
}

StatusOr<std::vector<NodeId>> RollOut(SearchContext& ctx, SearchFlags& flags,
                                      std::span<const NodeId> origins, SamplingParams sampling) {
  std::vector<NodeId> rollouts(origins.size(), kNoNode);
  if (origins.empty()) return rollouts;
  // One batch has one max_tokens: wide enough for the shallowest origin to finish.
  int64_t longest = 1;
  for (NodeId o : origins) {
    longest =
        std::max(longest, ctx.options().max_solution_tokens - ctx.tree().at(o).cumulative_tokens);
  }
  sampling.max_tokens =
      static_cast<int>(std::min<int64_t>(longest, std::numeric_limits<int>::max()));
  PONDER_ASSIGN_OR_RETURN(
      auto children,
      ctx.Expand(origins, {.mode = ExpandMode::kRollout, .n = 1, .sampling = sampling}));
  flags.Sync(ctx.tree());
  for (size_t i = 0; i < origins.size(); ++i) {
    if (children[i].empty()) continue;
    rollouts[i] = children[i].front();
    flags.set_completion(rollouts[i]);
  }
  return rollouts;
}

std::vector<NodeId> CompleteSolutions(const Tree& tree) {
  std::vector<NodeId> out;
  for (const Node& n : tree.nodes()) {
    if (n.terminal && !n.dropped) out.push_back(n.id);
  }
  return out;
}

NodeId MostVisitedLeaf(const Tree& tree, const SearchFlags& flags) {
  const std::vector<NodeId> path =
      Descend(tree, flags, [](const Node&, const Node& c) { return c.visits; });
  return path.size() > 1 ? path.back() : kNoNode;
}

NodeId BestSolutionOrMostVisited(SearchContext& ctx, const SearchFlags& flags) {
  NodeId chosen = BestScored(ctx.tree(), CompleteSolutions(ctx.tree()));
  if (chosen == kNoNode) chosen = MostVisitedLeaf(ctx.tree(), flags);
  if (chosen != kNoNode) ctx.Trace(TraceEventKind::kSelect, chosen);
  return chosen;
}

}  // namespace ponder
