// Diverse beam search (Vijayakumar et al. 2016/2018, "Diverse Beam Search:
// Decoding Diverse Solutions from Neural Sequence Models"), at the step level.
//
// The beam budget B is split into G groups of B' = B/G beams. At each step t the
// groups choose in order g = 1..G; group g ranks its candidates by
//   s(x) - lambda * sum_{h<g} Delta(x_t, Y^h_t),
// where s is the PRM score of the partial solution (search.aggregation) and the
// Hamming diversity Delta(x_t, Y^h_t) counts how many of group h's beams chose
// the same step at t. Group 1 is a plain beam search; later groups are pushed
// away from what earlier groups chose.
//
// Step-level adaptation (the paper works over tokens and log-probabilities):
// a "token" is a whole reasoning step and two steps are "the same" when their
// texts are identical; candidates are `samples_per_beam` sampled steps per beam
// (identical siblings merged) instead of the whole vocabulary, and s is the PRM
// score instead of the sequence log-probability. The model calls stay batched:
// every group's beams are expanded and scored together, and only the cheap
// ranking runs group after group. Candidates that end a solution leave their
// group's beam and join the complete set; the search ends when B solutions are
// complete, no beam is left, or the budget is spent, and the answer is chosen
// among the complete solutions by `selection`.
#include <algorithm>
#include <numeric>
#include <string_view>
#include <unordered_map>

#include "search/algorithms/step_search.h"
#include "search/registry.h"

namespace ponder {
namespace {

struct DiverseBeamSearchOptions {
  int beam_width = 16;       // B: beams over all groups, and complete solutions wanted
  int groups = 4;            // G: groups of B/G beams each
  double lambda = 0.5;       // strength of the Hamming diversity penalty
  int samples_per_beam = 4;  // steps sampled from each beam per step
  AnswerSelection selection = AnswerSelection::kScore;

  void Bind(ParamBinder& b) {
    b.Int("beam_width", &beam_width, 1, 1 << 20,
          "B: beams over all groups, and complete solutions wanted");
    b.Int("groups", &groups, 1, 1 << 20, "G: groups of B/G beams each");
    b.Double("lambda", &lambda, 0, ParamBinder::kInf,
             "diversity strength: a candidate loses lambda for each earlier group's beam that "
             "chose the same step");
    b.Int("samples_per_beam", &samples_per_beam, 1, 1 << 20,
          "steps sampled from each beam per step (identical ones merged)");
    BindSelection(b, &selection);
  }
  Status Validate() const { return CheckMultiple("beam_width", beam_width, "groups", groups); }
};

class DiverseBeamSearch final : public Algorithm {
 public:
  explicit DiverseBeamSearch(DiverseBeamSearchOptions options) : options_(options) {}
  ScorerUse scorer_use() const override { return ScorerUse::kRequired; }

  StatusOr<SearchResult> Run(SearchContext& ctx) const override {
    const size_t groups = static_cast<size_t>(options_.groups);
    const size_t per_group = static_cast<size_t>(options_.beam_width / options_.groups);
    std::vector<std::vector<NodeId>> beams(groups, std::vector<NodeId>{kRootNode});
    std::vector<NodeId> complete, parents, candidates, live;
    std::vector<size_t> owner;  // owner[i]: the group of parents[i]
    std::vector<std::vector<NodeId>> group_candidates(groups);
    // How many beams of earlier groups chose each step text at this step. The
    // views point into the tree's nodes, which do not move while groups choose.
    std::unordered_map<std::string_view, int> chosen;

    while (complete.size() < static_cast<size_t>(options_.beam_width) && !ctx.Stopped()) {
      parents.clear();
      owner.clear();
      for (size_t g = 0; g < groups; ++g) {
        parents.insert(parents.end(), beams[g].begin(), beams[g].end());
        owner.insert(owner.end(), beams[g].size(), g);
      }
      if (parents.empty()) break;
      const int depth = ctx.tree().at(parents.front()).depth;
      PONDER_ASSIGN_OR_RETURN(
          auto children,
          ctx.Expand(parents, StepSpec(ctx, depth, options_.samples_per_beam, Duplicates::kMerge)));
      candidates.clear();
      for (auto& c : group_candidates) c.clear();
      for (size_t i = 0; i < children.size(); ++i) {
        candidates.insert(candidates.end(), children[i].begin(), children[i].end());
        group_candidates[owner[i]].insert(group_candidates[owner[i]].end(), children[i].begin(),
                                          children[i].end());
      }
      if (candidates.empty() || ctx.ScoringStopped()) break;
      PONDER_RETURN_IF_ERROR(ctx.Score(candidates));

      chosen.clear();
      for (size_t g = 0; g < groups; ++g) {
        live.clear();
        for (NodeId c : group_candidates[g]) {
          (ctx.tree().at(c).terminal ? complete : live).push_back(c);
        }
        beams[g] = ChooseDiverse(ctx, live, per_group, chosen);
        for (NodeId b : beams[g]) {
          ++chosen[ctx.tree().at(b).text];
          if (ctx.tracing()) ctx.Trace(TraceEventKind::kSelect, b, "group " + std::to_string(g));
        }
      }
    }
    NodeId answer = SelectAnswer(ctx.tree(), complete, options_.selection);
    if (answer == kNoNode) {
      live.clear();
      for (const auto& group : beams) {
        for (NodeId b : group) {
          if (b != kRootNode) live.push_back(b);
        }
      }
      answer = SelectAnswer(ctx.tree(), live, options_.selection);
    }
    return ctx.Finish(answer);
  }

 private:
  // The `k` best of `live` by score minus the diversity penalty against the steps
  // in `chosen`; drops the others. Ties go to the earlier candidate.
  std::vector<NodeId> ChooseDiverse(SearchContext& ctx, const std::vector<NodeId>& live, size_t k,
                                    const std::unordered_map<std::string_view, int>& chosen) const {
    std::vector<double> key(live.size());
    for (size_t i = 0; i < live.size(); ++i) {
      const Node& node = ctx.tree().at(live[i]);
      const auto same = chosen.find(node.text);
      const int repeats = same == chosen.end() ? 0 : same->second;
      key[i] = node.score - options_.lambda * repeats;
    }
    std::vector<size_t> order(live.size());
    std::iota(order.begin(), order.end(), 0);
    k = std::min(k, order.size());
    std::partial_sort(
        order.begin(), order.begin() + static_cast<std::ptrdiff_t>(k), order.end(),
        [&](size_t a, size_t b) { return key[a] != key[b] ? key[a] > key[b] : a < b; });
    std::vector<NodeId> kept;
    for (size_t i = 0; i < k; ++i) kept.push_back(live[order[i]]);
    for (size_t i = k; i < order.size(); ++i) DropBranch(ctx, live[order[i]]);
    return kept;
  }

  DiverseBeamSearchOptions options_;
};

}  // namespace

void RegisterDiverseBeamSearch(AlgorithmRegistry& registry) {
  RegisterAlgorithm<DiverseBeamSearchOptions, DiverseBeamSearch>(
      registry, "diverse_beam_search",
      "step-level diverse beam search: G groups, each penalised by lambda for repeating an "
      "earlier group's step (Vijayakumar et al. 2018)");
}

}  // namespace ponder
