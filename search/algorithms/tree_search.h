// The machinery the Monte Carlo tree searches share (mcts, vm_mcts, pg_td): per-node flags kept
// beside the tree, the selection descent, minibatches of leaves under virtual loss, backup, and
// the fallback choice of an answer.
//
// One round of a tree search gathers up to batch_size leaves, then makes one batched Expand and
// one batched Score call for all of them (Leela Chess Zero's minibatch; AlphaGo's parallel
// simulations). Virtual loss keeps the leaves of a round apart: while a leaf waits, each node on
// its path counts `virtual_loss` extra visits worth `virtual_loss_value` each, so the next
// descent in the same round sees that path as visited and worse, and turns elsewhere. The extra
// visits are removed before the real values are backed up, so statistics after a round are
// exactly those of sequential simulations with the same leaves.
//
// Threading: like the search itself, one problem's thread of control.
#pragma once

#include <algorithm>
#include <limits>
#include <optional>
#include <span>
#include <vector>

#include "search/base/params.h"
#include "search/search_context.h"

namespace ponder {

// What the tree searches know about each node beyond the Node. Grows with the tree (Sync).
class SearchFlags {
 public:
  // Makes room for every node of `tree`; new nodes are unexpanded, in the tree and visible.
  void Sync(const Tree& tree) { flags_.resize(tree.size()); }

  // Its children were asked for (whether or not the policy offered any).
  bool expanded(NodeId id) const { return flags_[id].expanded; }
  void set_expanded(NodeId id) { flags_[id].expanded = true; }
  // A completion is a rollout or lookahead result: kept in the arena under the node it
  // continues, a candidate answer, but not part of the tree the search descends.
  bool completion(NodeId id) const { return flags_[id].completion; }
  void set_completion(NodeId id) { flags_[id].completion = true; }
  // A hidden child stays in the tree (its statistics and completions count) but is no longer
  // selected (VM-MCTS keeps only its num_decision best children selectable).
  void set_hidden(NodeId id) { flags_[id].hidden = true; }

  // Whether a descent may step into `id`.
  bool selectable(const Tree& tree, NodeId id) const {
    const Flags& f = flags_[id];
    return !f.completion && !f.hidden && !tree.at(id).dropped;
  }

 private:
  struct Flags {
    bool expanded = false;
    bool completion = false;
    bool hidden = false;
  };
  std::vector<Flags> flags_;
};

// The minibatch settings every tree search offers.
struct MinibatchOptions {
  int batch_size = 1;             // leaves gathered per round
  int virtual_loss = 1;           // extra visits a pending leaf puts on each node of its path
  double virtual_loss_value = 0;  // the value each of those visits counts with (mean-based Q)

  // Binds batch_size and virtual_loss; searches whose Q is a mean also bind the value.
  void Bind(ParamBinder& b);
  void BindLossValue(ParamBinder& b);
};

// Visits and mean value as selection sees them, virtual loss included.
inline int EffectiveVisits(const Node& n) { return n.visits + n.virtual_loss; }
inline double EffectiveMean(const Node& n, double virtual_loss_value) {
  const int visits = EffectiveVisits(n);
  return visits > 0 ? (n.value_sum + n.virtual_loss * virtual_loss_value) / visits : 0.0;
}

// The path from the root down the search tree: at each expanded, non-terminal node, the
// selectable child with the highest score(parent, child) (ties: the lower id). The last node is
// the leaf: unexpanded, terminal, or without selectable children.
template <class ChildScore>
std::vector<NodeId> Descend(const Tree& tree, const SearchFlags& flags, ChildScore&& score) {
  std::vector<NodeId> path = {kRootNode};
  while (true) {
    const Node& node = tree.at(path.back());
    if (node.terminal || !flags.expanded(node.id)) break;
    NodeId best = kNoNode;
    double best_score = -std::numeric_limits<double>::infinity();
    for (NodeId c : node.children) {
      if (!flags.selectable(tree, c)) continue;
      const double s = score(node, tree.at(c));
      if (best == kNoNode || s > best_score) {
        best = c;
        best_score = s;
      }
    }
    if (best == kNoNode) break;
    path.push_back(best);
  }
  return path;
}

void AddVirtualLoss(Tree& tree, std::span<const NodeId> path, int amount);

// Adds `visits` visits worth `value_sum` in all to every node of `path`.
void Backup(Tree& tree, std::span<const NodeId> path, int visits, double value_sum);

// Gathers one round's leaves. Each step calls select() for a path from the root; a leaf that
// needs no model call is settled on the spot by settle(path) (which backs it up and returns
// true); any other leaf waits in the batch with virtual loss on its path. Every selection,
// settled or waiting, uses one of `simulations_left`. Gathering ends at batch_size waiting
// leaves, when no simulations are left, or at a collision (a leaf already waiting: the tree
// offers no other leaf this round). The caller removes the virtual loss with
// RemoveVirtualLoss before backing up values.
template <class Select, class Settle>
std::vector<std::vector<NodeId>> GatherLeaves(Tree& tree, const MinibatchOptions& minibatch,
                                              int& simulations_left, Select&& select,
                                              Settle&& settle) {
  std::vector<std::vector<NodeId>> waiting;
  while (static_cast<int>(waiting.size()) < minibatch.batch_size && simulations_left > 0) {
    std::vector<NodeId> path = select();
    const NodeId leaf = path.back();
    if (std::any_of(waiting.begin(), waiting.end(),
                    [&](const std::vector<NodeId>& w) { return w.back() == leaf; })) {
      break;
    }
    --simulations_left;
    if (settle(path)) continue;
    AddVirtualLoss(tree, path, minibatch.virtual_loss);
    waiting.push_back(std::move(path));
  }
  return waiting;
}

void RemoveVirtualLoss(Tree& tree, const std::vector<std::vector<NodeId>>& waiting,
                       int virtual_loss);

// The leaves of a round, in order.
std::vector<NodeId> Leaves(const std::vector<std::vector<NodeId>>& paths);

// What an evaluated leaf adds to every node of its path.
struct LeafValue {
  int visits = 1;
  double value_sum = 0;
};

// Backs `value` up along `path` and traces it at the leaf.
void BackupLeaf(SearchContext& ctx, std::span<const NodeId> path, LeafValue value);

// Runs `simulations` simulations in rounds until none are left or the search must stop. A
// round gathers its leaves (GatherLeaves with select and settle), hands them to
// evaluate(leaves), which expands and scores them in batches and returns one
// std::optional<LeafValue> per leaf (none where the budget cut the evaluation short), takes the
// virtual loss back, and calls back_up(path, value) for every valued leaf. Returns the first
// component error.
template <class Select, class Settle, class Evaluate, class BackUp>
Status SimulateInRounds(SearchContext& ctx, const MinibatchOptions& minibatch, int simulations,
                        Select&& select, Settle&& settle, Evaluate&& evaluate, BackUp&& back_up) {
  int left = simulations;
  while (left > 0 && !ctx.Stopped()) {
    Tree& tree = ctx.tree();
    std::vector<std::vector<NodeId>> waiting = GatherLeaves(tree, minibatch, left, select, settle);
    if (waiting.empty()) continue;
    StatusOr<std::vector<std::optional<LeafValue>>> values = evaluate(Leaves(waiting));
    RemoveVirtualLoss(tree, waiting, minibatch.virtual_loss);
    PONDER_RETURN_IF_ERROR(values.status());
    for (size_t i = 0; i < waiting.size(); ++i) {
      if ((*values)[i]) back_up(waiting[i], *(*values)[i]);
    }
  }
  return OkStatus();
}

// Expands `parents` with `spec`, marks them expanded and makes room for the new nodes.
StatusOr<std::vector<std::vector<NodeId>>> ExpandTree(SearchContext& ctx, SearchFlags& flags,
                                                      std::span<const NodeId> parents,
                                                      const ExpandSpec& spec);

// Rolls each of `origins` out to a complete solution (one ExpandMode::kRollout sample with
// `sampling`, max_tokens widened to the longest solution search.max_solution_tokens allows).
// The rollouts are completions; result[i] is origins[i]'s, or kNoNode if the policy had none.
StatusOr<std::vector<NodeId>> RollOut(SearchContext& ctx, SearchFlags& flags,
                                      std::span<const NodeId> origins, SamplingParams sampling);

// Every complete solution in the arena (terminal, not dropped), tree nodes and completions.
std::vector<NodeId> CompleteSolutions(const Tree& tree);

// The answer when no solution is complete: the leaf reached from the root by following the
// most visited selectable child (ties: the lower id); kNoNode when the root has no children.
NodeId MostVisitedLeaf(const Tree& tree, const SearchFlags& flags);

// The best-scored complete solution, else MostVisitedLeaf; traced as the selection.
NodeId BestSolutionOrMostVisited(SearchContext& ctx, const SearchFlags& flags);

}  // namespace ponder
