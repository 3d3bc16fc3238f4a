// A*-decoding (Chatziveroglou 2025, "A*-Decoding: Token-Efficient Inference
// Scaling", arXiv 2505.13672).
//
// Decoding as best-first search over partial solutions s. Expanding s samples k
// candidate continuations C(s) = {c_1..c_k} from the policy; every distinct
// successor s' = s . c_i is scored by the PRM and put on a priority queue ordered by
//   f(s') = g(s') + w * h(s'),   h(s') = 1 - r(s'),
//   g(s') = g(s) + (1 - r_step(s')),  g(prompt) = 0,
// where r(s') in [0, 1] is the PRM score of the partial solution (search.aggregation)
// and r_step(s') the PRM's score of its last step: h is the paper's heuristic, the
// complement of the reward, and g the accumulated cost of the transitions taken,
// each the complement of the step's reward. That g is ponder's choice: the paper's
// formula for its transition cost g(s, s') could not be read (docs/reproducing-a-star.md
// lists what was). w = 1 is A*; w > 1 is Pohl's weighted A*, greedier.
// Each round pops the `batch_size` lowest-f nodes and expands them in one batch
// (batch_size 1 is sequential A*). The search stops when `solutions` complete
// solutions (goal states: the policy ended the solution, or search.max_steps) have
// been popped, i.e. when a complete solution is the best node on the queue, or when
// the budget (search.budget.max_tokens, max_scorer_calls: the paper's token and PRM
// pass budgets) is spent; then the best complete solution on the queue, else the
// best partial one, is returned.
#include <algorithm>
#include <cmath>

#include "search/algorithms/step_search.h"
#include "search/registry.h"

namespace ponder {
namespace {

struct AStarOptions {
  int k = 4;  // candidates sampled per expansion
  int batch_size = 1;
  int solutions = 1;
  double heuristic_weight = 1.0;
  AnswerSelection selection = AnswerSelection::kScore;

  void Bind(ParamBinder& b) {
    b.Int("k", &k, 1, 1 << 20, "candidate continuations sampled from each expanded node");
    b.Int("batch_size", &batch_size, 1, 1 << 20,
          "lowest-f nodes popped and expanded together per round (1: sequential A*)");
    b.Int("solutions", &solutions, 1, 1 << 20, "complete solutions popped before the search stops");
    b.Double("heuristic_weight", &heuristic_weight, 0, ParamBinder::kInf,
             "w in f = g + w * h (1: A*; above 1: weighted A*, greedier)");
    BindSelection(b, &selection, "with solutions > 1: ");
  }
  Status Validate() const { return OkStatus(); }
};

// An open node; the heap's top is the lowest f, ties to the lower (older) id.
struct OpenNode {
  double f;
  NodeId node;
};
bool WorseThan(const OpenNode& a, const OpenNode& b) {
  return a.f != b.f ? a.f > b.f : a.node > b.node;
}

class AStar final : public Algorithm {
 public:
  explicit AStar(AStarOptions options) : options_(options) {}
  ScorerUse scorer_use() const override { return ScorerUse::kRequired; }

  StatusOr<SearchResult> Run(SearchContext& ctx) const override {
    std::vector<double> g = {0.0};  // path cost by node id
    std::vector<OpenNode> open;     // a heap under WorseThan
    std::vector<NodeId> expand = {kRootNode}, solutions, candidates;

    while (!ctx.Stopped()) {
      // Identical sibling continuations are one state s . c, queued once.
      PONDER_ASSIGN_OR_RETURN(auto children,
                              ctx.Expand(expand, {.mode = ExpandMode::kStep,
                                                  .n = options_.k,
                                                  .duplicates = Duplicates::kMerge}));
      candidates.clear();
      for (const auto& c : children) candidates.insert(candidates.end(), c.begin(), c.end());
      if (ctx.ScoringStopped()) break;
      PONDER_RETURN_IF_ERROR(ctx.Score(candidates));
      expand.clear();
      g.resize(ctx.tree().size(), 0.0);
      for (NodeId c : candidates) {
        const Node& node = ctx.tree().at(c);
        if (!(node.score >= 0 && node.score <= 1 && node.step_score >= 0 && node.step_score <= 1)) {
          return InvalidArgumentError("a_star: h = 1 - r needs PRM scores in [0, 1], but node " +
                                      std::to_string(c) + " scored " + std::to_string(node.score) +
                                      " (step " + std::to_string(node.step_score) + ")");
        }
        g[c] = g[node.parent] + (1 - node.step_score);
        open.push_back({g[c] + options_.heuristic_weight * (1 - node.score), c});
        std::push_heap(open.begin(), open.end(), WorseThan);
      }

      while (!open.empty() && static_cast<int>(expand.size()) < options_.batch_size) {
        std::pop_heap(open.begin(), open.end(), WorseThan);
        const OpenNode top = open.back();
        open.pop_back();
        if (ctx.tracing()) {
          ctx.Trace(TraceEventKind::kSelect, top.node, "f=" + std::to_string(top.f));
        }
        if (ctx.tree().at(top.node).terminal) {
          solutions.push_back(top.node);
          // A goal at the top of the queue ends A*; stop before expanding anything after it.
          if (static_cast<int>(solutions.size()) >= options_.solutions) break;
        } else {
          expand.push_back(top.node);
        }
      }
      if (static_cast<int>(solutions.size()) >= options_.solutions || expand.empty()) break;
    }
    return ctx.Finish(solutions.empty() ? BestOpen(ctx.tree(), open, expand)
                                        : SelectAnswer(ctx.tree(), solutions, options_.selection));
  }

 private:
  // The search was cut short: the lowest-f complete solution still queued, else the
  // lowest-f partial one (queued, or popped and waiting to be expanded).
  static NodeId BestOpen(const Tree& tree, const std::vector<OpenNode>& open,
                         const std::vector<NodeId>& popped) {
    const OpenNode* best_complete = nullptr;
    for (const OpenNode& o : open) {
      if (tree.at(o.node).terminal && (!best_complete || WorseThan(*best_complete, o))) {
        best_complete = &o;
      }
    }
    if (best_complete) return best_complete->node;
    if (!popped.empty() && popped.front() != kRootNode) return popped.front();
    return open.empty() ? kNoNode : open.front().node;
  }

  AStarOptions options_;
};

}  // namespace

void RegisterAStar(AlgorithmRegistry& registry) {
  RegisterAlgorithm<AStarOptions, AStar>(
      registry, "a_star",
      "A*-decoding: best-first search over partial solutions by f = g + h from PRM scores "
      "(Chatziveroglou 2025)");
}

}  // namespace ponder
