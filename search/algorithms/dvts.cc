// Diverse Verifier Tree Search, DVTS (Beeching, Tunstall & Rush 2024,
// "Scaling test-time compute with open models", HuggingFace blog; reference
// code: search-and-learn, sal/search/diverse_verifier_tree_search.py).
//
// Beam search spends its N candidates on N/M beams that compete with each other,
// so one early favourite of the PRM can take over every beam. DVTS splits N into
// N/M independent subtrees instead, each a greedy beam of width 1:
//   each subtree samples M next steps from its current node, scores them with the
//   PRM (s = agg(r_1..t), search.aggregation), moves to the best,
//     x_{t+1} = argmax_{c in C_M(x_t)} s(x_t . c),
//   and prunes the other M - 1 (only its own: no subtree prunes another).
// A subtree ends when its chosen step ends the solution; the last step before
// search.max_steps is generated to the end, as search-and-learn does. As there,
// each finished subtree offers its last M candidates, and the answer is chosen
// among all subtrees' complete candidates by `selection`.
#include <algorithm>

#include "search/algorithms/step_search.h"
#include "search/registry.h"
#include "search/selection.h"

namespace ponder {
namespace {

struct DvtsOptions {
  int n = 16;          // N: the total number of candidates per step
  int beam_width = 4;  // M: candidates per subtree per step; N/M subtrees
  AnswerSelection selection = AnswerSelection::kScore;

  void Bind(ParamBinder& b) {
    b.Int("n", &n, 1, 1 << 20, "N: candidates per step over all subtrees");
    b.Int("beam_width", &beam_width, 1, 1 << 20,
          "M: candidates each subtree samples per step; there are N/M subtrees");
    BindSelection(b, &selection);
  }
  Status Validate() const { return CheckMultiple("n", n, "beam_width", beam_width); }
};

class Dvts final : public Algorithm {
 public:
  explicit Dvts(DvtsOptions options) : options_(options) {}
  ScorerUse scorer_use() const override { return ScorerUse::kRequired; }

  StatusOr<SearchResult> Run(SearchContext& ctx) const override {
    const size_t subtrees = static_cast<size_t>(options_.n / options_.beam_width);
    // Every subtree starts at the prompt; its head is the node it extends next.
    std::vector<NodeId> heads(subtrees, kRootNode);
    std::vector<size_t> active(subtrees);
    for (size_t i = 0; i < subtrees; ++i) active[i] = i;
    std::vector<NodeId> offered;  // the last candidates of finished subtrees
    std::vector<NodeId> parents, candidates;

    while (!active.empty() && !ctx.Stopped()) {
      parents.clear();
      for (size_t s : active) parents.push_back(heads[s]);
      const int depth = ctx.tree().at(parents.front()).depth;
      PONDER_ASSIGN_OR_RETURN(auto children,
                              ctx.Expand(parents, StepSpec(ctx, depth, options_.beam_width)));
      candidates.clear();
      for (const auto& c : children) candidates.insert(candidates.end(), c.begin(), c.end());
      if (candidates.empty() || ctx.ScoringStopped()) break;
      PONDER_RETURN_IF_ERROR(ctx.Score(candidates));

      std::vector<size_t> still_active;
      for (size_t j = 0; j < active.size(); ++j) {
        const size_t s = active[j];
        const std::vector<NodeId>& kids = children[j];
        if (kids.empty()) {  // the policy has nothing more for this subtree
          if (heads[s] != kRootNode) offered.push_back(heads[s]);
          continue;
        }
        const NodeId best = BestScored(ctx.tree(), kids);
        heads[s] = best;
        if (ctx.tracing()) {
          ctx.Trace(TraceEventKind::kSelect, best, "subtree " + std::to_string(s));
        }
        if (ctx.tree().at(best).terminal) {
          offered.insert(offered.end(), kids.begin(), kids.end());
          continue;
        }
        for (NodeId k : kids) {
          if (k != best) DropBranch(ctx, k);
        }
        still_active.push_back(s);
      }
      active = std::move(still_active);
    }
    // Subtrees cut short by the budget offer their current head.
    for (size_t s : active) {
      if (heads[s] != kRootNode) offered.push_back(heads[s]);
    }
    return ctx.Finish(SelectAnswer(ctx.tree(), offered, options_.selection));
  }

 private:
  DvtsOptions options_;
};

}  // namespace

void RegisterDvts(AlgorithmRegistry& registry) {
  RegisterAlgorithm<DvtsOptions, Dvts>(
      registry, "dvts",
      "diverse verifier tree search: N/M independent subtrees, each a greedy beam that keeps "
      "the best of M steps (Beeching et al. 2024)");
}

}  // namespace ponder
