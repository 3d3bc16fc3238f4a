// Step-level beam search guided by a process reward model (Snell et al. 2024,
// "Scaling LLM Test-Time Compute Optimally"; reference code: HuggingFace
// search-and-learn, sal/search/beam_search.py).
//
// With N beams and beam width M:
//   1. sample N first steps from the prompt;
//   2. score every candidate with the PRM: s(x_1..t) = agg(r_1, ..., r_t)
//      (search.aggregation; "last" is the paper's choice);
//   3. candidates that end a solution leave the beam and join the complete set;
//   4. keep the N/M best unfinished candidates by s and prune the rest;
//   5. expand each kept beam into M candidates (N/M x M = N) and go to 2.
// The search ends when N solutions are complete, no beam is left, a beam reaches
// search.max_steps (its last step is generated to the end, as search-and-learn
// does), or the budget is spent. The answer is chosen among the complete
// solutions by `selection` (Snell et al. use weighted majority, "best-of-N
// weighted"; "score" takes the highest-scored solution).
#include <algorithm>

#include "search/algorithms/step_search.h"
#include "search/registry.h"
#include "search/selection.h"

namespace ponder {
namespace {

struct BeamSearchOptions {
  int n = 16;          // N: candidates per step and solutions wanted
  int beam_width = 4;  // M: candidates sampled from each kept beam
  bool filter_duplicates = false;
  AnswerSelection selection = AnswerSelection::kScore;

  void Bind(ParamBinder& b) {
    b.Int("n", &n, 1, 1 << 20, "N: candidates per step, and complete solutions wanted");
    b.Int("beam_width", &beam_width, 1, 1 << 20,
          "M: candidates sampled from each kept beam; N/M beams are kept per step");
    b.Bool("filter_duplicates", &filter_duplicates,
           "merge sibling candidates with identical text before ranking");
    BindSelection(b, &selection);
  }
  Status Validate() const { return CheckMultiple("n", n, "beam_width", beam_width); }
};

class BeamSearch final : public Algorithm {
 public:
  explicit BeamSearch(BeamSearchOptions options) : options_(options) {}
  ScorerUse scorer_use() const override { return ScorerUse::kRequired; }

  StatusOr<SearchResult> Run(SearchContext& ctx) const override {
    const size_t keep = static_cast<size_t>(options_.n / options_.beam_width);
    const Duplicates duplicates =
        options_.filter_duplicates ? Duplicates::kMerge : Duplicates::kKeep;
    std::vector<NodeId> beams = {kRootNode};
    std::vector<NodeId> complete, candidates, open;
    int width = options_.n;  // the prompt alone is expanded into all N first steps
    while (!beams.empty() && complete.size() < static_cast<size_t>(options_.n) && !ctx.Stopped()) {
      const int depth = ctx.tree().at(beams.front()).depth;
      PONDER_ASSIGN_OR_RETURN(auto children,
                              ctx.Expand(beams, StepSpec(ctx, depth, width, duplicates)));
      candidates.clear();
      for (const auto& c : children) candidates.insert(candidates.end(), c.begin(), c.end());
      if (candidates.empty() || ctx.ScoringStopped()) break;
      PONDER_RETURN_IF_ERROR(ctx.Score(candidates));

      open.clear();
      for (NodeId c : candidates) (ctx.tree().at(c).terminal ? complete : open).push_back(c);
      beams.clear();
      const std::vector<size_t> best = TopK(ctx.tree(), open, keep);
      for (size_t i : best) {
        beams.push_back(open[i]);
        ctx.Trace(TraceEventKind::kSelect, open[i], "beam");
      }
      PruneAllBut(ctx, open, best);
      width = options_.beam_width;
    }
    // Complete solutions first; a search cut short falls back to its best live beam,
    // or, when the budget ran out before the first scores, to an unscored first step.
    NodeId chosen = SelectAnswer(ctx.tree(), complete, options_.selection);
    if (chosen == kNoNode) chosen = SelectAnswer(ctx.tree(), beams, options_.selection);
    if (chosen == kRootNode) chosen = SelectAnswer(ctx.tree(), candidates, options_.selection);
    return ctx.Finish(chosen);
  }

 private:
  // Drops every node of `nodes` whose index is not in `kept`.
  static void PruneAllBut(SearchContext& ctx, const std::vector<NodeId>& nodes,
                          const std::vector<size_t>& kept) {
    std::vector<bool> is_kept(nodes.size(), false);
    for (size_t i : kept) is_kept[i] = true;
    for (size_t i = 0; i < nodes.size(); ++i) {
      if (!is_kept[i]) DropBranch(ctx, nodes[i]);
    }
  }

  BeamSearchOptions options_;
};

}  // namespace

void RegisterBeamSearch(AlgorithmRegistry& registry) {
  RegisterAlgorithm<BeamSearchOptions, BeamSearch>(
      registry, "beam_search",
      "step-level beam search: keep the N/M best partial solutions by PRM score, expand each "
      "into M (Snell et al. 2024)");
}

}  // namespace ponder
