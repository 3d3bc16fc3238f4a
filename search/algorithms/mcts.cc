// Monte Carlo tree search over steps (Kocsis & Szepesvari 2006, "Bandit based Monte-Carlo
// Planning"; Coulom 2006; with PUCT and a learned evaluator as in AlphaZero, Silver et al. 2017,
// "Mastering Chess and Shogi by Self-Play with a General Reinforcement Learning Algorithm").
//
// Each simulation descends from the root by
//   UCT:  Q(s,a) + c * sqrt(ln N(s) / N(s,a))                       (unvisited children first)
//   PUCT: Q(s,a) + c_puct * P(s,a) * sqrt(N(s)) / (1 + N(s,a))       (P: Node::prior, from the
//         policy's log-probabilities; an unvisited child's Q is its parent's mean value, the
//         first-play urgency of Leela Chess Zero)
// to a leaf, expands the leaf into k children (ExpandMode::kStep, identical steps merged),
// evaluates it by `value` (the scorer's score of the leaf: a value model or PRM) or `rollout`
// (a sampled completion of the leaf, scored by the scorer as an outcome verifier), and backs the
// value up: N += 1 and W += v on every node of the path, Q = W / N. A complete solution reached
// again is backed up with its score at no cost.
//
// Simulations run batch_size at a time: leaves are gathered under virtual loss, expanded in one
// batch and scored in one batch (tree_search.h). The answer follows the most visited children
// (or the best mean value) from the root to a complete solution; when the budget ends before
// any path is complete, the most visited leaf.
#include "search/algorithms/tree_search.h"
#include "search/registry.h"
#include "search/selection.h"

namespace ponder {
namespace {

enum class SelectionRule : uint8_t { kUct, kPuct };
enum class Evaluation : uint8_t { kValue, kRollout };
enum class FinalChoice : uint8_t { kMostVisited, kBestValue };

struct MctsOptions {
  SelectionRule selection = SelectionRule::kPuct;
  double c = 1.414;
  double c_puct = 1.25;
  int k = 4;
  Evaluation evaluation = Evaluation::kValue;
  int simulations = 64;
  FinalChoice final_choice = FinalChoice::kMostVisited;
  MinibatchOptions minibatch;

  void Bind(ParamBinder& b) {
    static constexpr std::pair<std::string_view, SelectionRule> kRules[] = {
        {"uct", SelectionRule::kUct}, {"puct", SelectionRule::kPuct}};
    static constexpr std::pair<std::string_view, Evaluation> kEvaluations[] = {
        {"value", Evaluation::kValue}, {"rollout", Evaluation::kRollout}};
    static constexpr std::pair<std::string_view, FinalChoice> kChoices[] = {
        {"most_visited", FinalChoice::kMostVisited}, {"best_value", FinalChoice::kBestValue}};
    b.Enum<SelectionRule>("selection", &selection, kRules,
                          "uct: Q + c*sqrt(ln N/n); puct: Q + c_puct*P*sqrt(N)/(1+n)");
    b.Double("c", &c, 0, ParamBinder::kInf, "UCT exploration constant");
    b.Double("c_puct", &c_puct, 0, ParamBinder::kInf, "PUCT exploration constant");
    b.Int("k", &k, 1, 1 << 16, "steps sampled when a leaf is expanded (identical ones merge)");
    b.Enum<Evaluation>("evaluation", &evaluation, kEvaluations,
                       "value: the scorer scores the leaf; rollout: the scorer scores a "
                       "sampled completion of the leaf");
    b.Int("simulations", &simulations, 1, 1 << 24, "selection-expansion-evaluation-backup passes");
    b.Enum<FinalChoice>("final_choice", &final_choice, kChoices,
                        "answer path: most visited children, or best mean value");
    minibatch.Bind(b);
    minibatch.BindLossValue(b);
  }
  Status Validate() const { return OkStatus(); }
};

class Mcts final : public Algorithm {
 public:
  explicit Mcts(MctsOptions options) : options_(options) {}
  ScorerUse scorer_use() const override { return ScorerUse::kRequired; }

  StatusOr<SearchResult> Run(SearchContext& ctx) const override {
    SearchFlags flags;
    flags.Sync(ctx.tree());
    // The root is expanded, never evaluated: the empty prefix's value ranks nothing.
    if (!ctx.Stopped()) {
      const NodeId root[] = {kRootNode};
      PONDER_RETURN_IF_ERROR(ExpandTree(ctx, flags, root, StepSpec()).status());
    }
    if (ctx.tree().root().children.empty()) return ctx.Finish(kNoNode);
    PONDER_RETURN_IF_ERROR(SimulateInRounds(
        ctx, options_.minibatch, options_.simulations,
        [&] {
          return Descend(ctx.tree(), flags,
                         [&](const Node& p, const Node& c) { return Ucb(p, c); });
        },
        [&](const std::vector<NodeId>& path) { return Settle(ctx, flags, path); },
        [&](const std::vector<NodeId>& leaves) { return Evaluate(ctx, flags, leaves); },
        [&](const std::vector<NodeId>& path, LeafValue v) { BackupLeaf(ctx, path, v); }));
    return ctx.Finish(Choose(ctx, flags));
  }

 private:
  ExpandSpec StepSpec() const {
    return {.mode = ExpandMode::kStep, .n = options_.k, .duplicates = Duplicates::kMerge};
  }

  double Ucb(const Node& parent, const Node& child) const {
    const double vl_value = options_.minibatch.virtual_loss_value;
    const int n = EffectiveVisits(child);
    if (options_.selection == SelectionRule::kUct) {
      return Uct(EffectiveMean(child, vl_value), n, EffectiveVisits(parent), options_.c);
    }
    const double q = n > 0 ? EffectiveMean(child, vl_value) : EffectiveMean(parent, vl_value);
    return Puct(q, child.prior, n, std::max(EffectiveVisits(parent), 1), options_.c_puct);
  }

  // A leaf whose value is known needs no model call: a scored complete solution, or a dead end
  // (expanded, no children) evaluated before.
  bool Settle(SearchContext& ctx, const SearchFlags& flags, const std::vector<NodeId>& path) const {
    const Node& leaf = ctx.tree().at(path.back());
    if (leaf.terminal && leaf.scored()) {
      BackupLeaf(ctx, path, {.value_sum = leaf.score});
      return true;
    }
    if (!leaf.terminal && flags.expanded(leaf.id) && leaf.visits > 0) {
      BackupLeaf(ctx, path, {.value_sum = leaf.mean_value()});
      return true;
    }
    return false;
  }

  // Expands the round's leaves in one batch and evaluates them in one batch; a leaf whose
  // evaluation the budget cut short gets no value.
  StatusOr<std::vector<std::optional<LeafValue>>> Evaluate(
      SearchContext& ctx, SearchFlags& flags, const std::vector<NodeId>& leaves) const {
    std::vector<std::optional<LeafValue>> values(leaves.size());
    std::vector<NodeId> to_expand, open;
    for (NodeId l : leaves) {
      if (ctx.tree().at(l).terminal) continue;
      open.push_back(l);
      if (!flags.expanded(l)) to_expand.push_back(l);
    }
    if (ctx.Stopped()) return values;
    PONDER_RETURN_IF_ERROR(ExpandTree(ctx, flags, to_expand, StepSpec()).status());

    // Which node's score is each leaf's value: its own, or its rollout's.
    std::vector<NodeId> judged = leaves;
    if (options_.evaluation == Evaluation::kRollout) {
      if (ctx.Stopped()) return values;
      PONDER_ASSIGN_OR_RETURN(std::vector<NodeId> rollouts,
                              RollOut(ctx, flags, open, ctx.options().sampling));
      for (size_t i = 0, j = 0; i < leaves.size(); ++i) {
        if (!ctx.tree().at(leaves[i]).terminal) judged[i] = rollouts[j++];
      }
    }
    std::vector<NodeId> to_score;
    for (NodeId n : judged) {
      if (n != kNoNode && !ctx.tree().at(n).scored()) to_score.push_back(n);
    }
    if (ctx.ScoringStopped()) return values;
    PONDER_RETURN_IF_ERROR(ctx.Score(to_score));
    for (size_t i = 0; i < leaves.size(); ++i) {
      if (judged[i] != kNoNode) {
        values[i] = LeafValue{.value_sum = ctx.tree().at(judged[i]).score};
      }
    }
    return values;
  }

  // Follows the most visited (or best valued) children towards a complete solution; at a node
  // whose tree children hold none, its best rollout. Falls back to the most visited leaf.
  NodeId Choose(SearchContext& ctx, const SearchFlags& flags) const {
    const Tree& tree = ctx.tree();
    // has_solution[n]: n's subtree holds a complete solution. Children have larger ids.
    std::vector<bool> has_solution(tree.size(), false);
    for (NodeId n = static_cast<NodeId>(tree.size()); n-- > 1;) {
      const Node& node = tree.at(n);
      if (node.terminal && !node.dropped) has_solution[n] = true;
      if (has_solution[n]) has_solution[node.parent] = true;
    }
    auto better = [&](const Node& a, const Node& b) {
      if (options_.final_choice == FinalChoice::kBestValue && a.mean_value() != b.mean_value()) {
        return a.mean_value() > b.mean_value();
      }
      if (a.visits != b.visits) return a.visits > b.visits;
      return a.mean_value() > b.mean_value();
    };
    NodeId at = kRootNode;
    NodeId chosen = kNoNode;
    while (has_solution[at]) {
      if (at != kRootNode && tree.at(at).terminal) {
        chosen = at;
        break;
      }
      NodeId next = kNoNode;
      std::vector<NodeId> rollouts;
      for (NodeId c : tree.at(at).children) {
        if (!has_solution[c]) continue;
        if (flags.completion(c)) {
          rollouts.push_back(c);
        } else if (flags.selectable(tree, c) &&
                   (next == kNoNode || better(tree.at(c), tree.at(next)))) {
          next = c;
        }
      }
      if (next == kNoNode) {
        chosen = BestScored(tree, rollouts);
        break;
      }
      at = next;
    }
    if (chosen == kNoNode) chosen = MostVisitedLeaf(tree, flags);
    if (chosen != kNoNode) ctx.Trace(TraceEventKind::kSelect, chosen);
    return chosen;
  }

  MctsOptions options_;
};

}  // namespace

void RegisterMcts(AlgorithmRegistry& registry) {
  RegisterAlgorithm<MctsOptions, Mcts>(
      registry, "mcts",
      "Monte Carlo tree search over steps: UCT or PUCT, value or rollout evaluation, "
      "minibatches under virtual loss");
}

}  // namespace ponder
