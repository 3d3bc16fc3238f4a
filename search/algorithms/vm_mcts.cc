// VM-MCTS: value-model-guided Monte Carlo tree search decoding, as in ReST-RL (Zhoubian, Zhang,
// Dong & Tang 2025, "ReST-RL: Achieving Accurate Code Reasoning of LLMs with Optimized
// Self-Training and Decoding", arXiv:2508.19576), where one value model (VM) gives both the
// process signal at every node and the verification score of complete solutions.
//
// Each iteration:
//   selection  from the root, the visible child maximising
//                V(s') + exploration_constant * sqrt((1 + ln N(s)) / (eps + N(s')))
//              until an unexpanded or terminal node;
//   expansion  num_sample steps are sampled from the leaf (identical steps merge); each new
//              child is scored by the VM at once: V = VM(child), N = 1. Only the num_decision
//              children with the highest V stay selectable;
//   simulation every new non-terminal child is completed by one sampled rollout, and the VM
//              scores each completion: its verification score (a terminal child is its own
//              completion and its V is that score);
//   backup     the leaf and its ancestors add the children's visits and value sums,
//              N += sum N(child), W += sum W(child), V = W / N. A terminal leaf selected again
//              adds one visit worth its V.
// The answer is the complete solution (completion or terminal node) with the highest VM
// score, as ReST-RL ranks all completions the search produced.
//
// Where ReST-RL samples num_sample whole completions and takes each one's first line as the
// step, the policy here proposes the steps (ExpandMode::kStep) and a rollout completes each
// distinct one, so duplicate steps give one child and one completion. Iterations may run
// batch_size at a time under virtual loss (tree_search.h); batch_size 1 is the paper's search.
#include "search/algorithms/tree_search.h"
#include "search/registry.h"
#include "search/selection.h"

namespace ponder {
namespace {

struct VmMctsOptions {
  int iteration_limit = 15;
  int num_sample = 5;
  int num_decision = 3;
  double exploration_constant = 0.1;
  double eps = 0.1;
  MinibatchOptions minibatch;

  void Bind(ParamBinder& b) {
    b.Int("iteration_limit", &iteration_limit, 1, 1 << 24, "MCTS iterations");
    b.Int("num_sample", &num_sample, 1, 1 << 16, "steps sampled per expansion");
    b.Int("num_decision", &num_decision, 1, 1 << 16,
          "children of an expanded node kept selectable (those the VM values most)");
    b.Double("exploration_constant", &exploration_constant, 0, ParamBinder::kInf,
             "UCT exploration constant");
    b.Double("eps", &eps, 1e-9, ParamBinder::kInf, "keeps UCT finite for unvisited children");
    minibatch.Bind(b);
    minibatch.BindLossValue(b);
  }
  Status Validate() const { return OkStatus(); }
};

class VmMcts final : public Algorithm {
 public:
  explicit VmMcts(VmMctsOptions options) : options_(options) {}
  ScorerUse scorer_use() const override { return ScorerUse::kRequired; }

  StatusOr<SearchResult> Run(SearchContext& ctx) const override {
    SearchFlags flags;
    flags.Sync(ctx.tree());
    PONDER_RETURN_IF_ERROR(SimulateInRounds(
        ctx, options_.minibatch, options_.iteration_limit,
        [&] {
          return Descend(ctx.tree(), flags,
                         [&](const Node& p, const Node& c) { return Ucb(p, c); });
        },
        [&](const std::vector<NodeId>& path) { return Settle(ctx, flags, path); },
        [&](const std::vector<NodeId>& leaves) { return ExpandAndEvaluate(ctx, flags, leaves); },
        [&](const std::vector<NodeId>& path, LeafValue v) { BackupLeaf(ctx, path, v); }));
    return ctx.Finish(BestSolutionOrMostVisited(ctx, flags));
  }

 private:
  double Ucb(const Node& parent, const Node& child) const {
    const double vl_value = options_.minibatch.virtual_loss_value;
    return SmoothedUct(EffectiveMean(child, vl_value), EffectiveVisits(child),
                       EffectiveVisits(parent), options_.exploration_constant, options_.eps);
  }

  // A terminal leaf (valued when it was created) and an evaluated dead end add one visit worth
  // their V; a dead end never valued (the root, when the policy offers nothing) is skipped.
  bool Settle(SearchContext& ctx, const SearchFlags& flags, const std::vector<NodeId>& path) const {
    const Node& leaf = ctx.tree().at(path.back());
    if (!leaf.terminal && !flags.expanded(leaf.id)) return false;
    if (leaf.visits > 0) BackupLeaf(ctx, path, {.value_sum = leaf.mean_value()});
    return true;
  }

  // Expands the leaves in one batch, completes the new steps in one batch and has the VM score
  // steps and completions in one batch. A leaf's value is what its valued children add up to.
  StatusOr<std::vector<std::optional<LeafValue>>> ExpandAndEvaluate(
      SearchContext& ctx, SearchFlags& flags, const std::vector<NodeId>& leaves) const {
    std::vector<std::optional<LeafValue>> values(leaves.size());
    if (ctx.Stopped()) return values;
    PONDER_ASSIGN_OR_RETURN(auto children, ExpandTree(ctx, flags, leaves,
                                                      {.mode = ExpandMode::kStep,
                                                       .n = options_.num_sample,
                                                       .duplicates = Duplicates::kMerge}));
    std::vector<NodeId> fresh, open;
    for (const std::vector<NodeId>& c : children) {
      for (NodeId n : c) {
        fresh.push_back(n);
        if (!ctx.tree().at(n).terminal) open.push_back(n);
      }
    }
    if (ctx.Stopped()) return values;
    PONDER_ASSIGN_OR_RETURN(std::vector<NodeId> completions,
                            RollOut(ctx, flags, open, ctx.options().sampling));
    // One VM batch: the process values of the new steps and the verification scores of the
    // new completions.
    std::vector<NodeId> to_score = fresh;
    for (NodeId c : completions) {
      if (c != kNoNode) to_score.push_back(c);
    }
    if (ctx.ScoringStopped()) return values;
    PONDER_RETURN_IF_ERROR(ctx.Score(to_score));
    for (NodeId n : fresh) {
      Node& child = ctx.tree().at(n);
      child.visits = 1;
      child.value_sum = child.score;
    }
    for (size_t i = 0; i < leaves.size(); ++i) {
      KeepBest(ctx.tree(), flags, children[i]);
      LeafValue sum{.visits = 0};
      for (NodeId c : children[i]) {
        sum.visits += ctx.tree().at(c).visits;
        sum.value_sum += ctx.tree().at(c).value_sum;
      }
      if (sum.visits > 0) values[i] = sum;
    }
    return values;
  }

  // Hides all but the num_decision children with the highest V (ties: the lower id).
  void KeepBest(const Tree& tree, SearchFlags& flags, std::vector<NodeId> siblings) const {
    if (static_cast<int>(siblings.size()) <= options_.num_decision) return;
    std::stable_sort(siblings.begin(), siblings.end(),
                     [&](NodeId a, NodeId b) { return tree.at(a).score > tree.at(b).score; });
    for (size_t i = static_cast<size_t>(options_.num_decision); i < siblings.size(); ++i) {
      flags.set_hidden(siblings[i]);
    }
  }

  VmMctsOptions options_;
};

}  // namespace

void RegisterVmMcts(AlgorithmRegistry& registry) {
  RegisterAlgorithm<VmMctsOptions, VmMcts>(
      registry, "vm_mcts",
      "ReST-RL's VM-MCTS: a value model scores every step and verifies every completion; the "
      "best-verified completion is the answer");
}

}  // namespace ponder
