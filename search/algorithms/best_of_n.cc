// Best-of-N: sample N complete solutions independently and return the one the
// scorer ranks highest. With an outcome scorer (ORM, public tests) this is
// rejection sampling by outcome; with a PRM the node score is the aggregated
// step scores (search.aggregation: last, min, product or mean), as in
// Lightman et al. 2023, "Let's Verify Step by Step", and Snell et al. 2024,
// "Scaling LLM Test-Time Compute Optimally".
#include <algorithm>

#include "search/algorithms/sampling.h"
#include "search/registry.h"
#include "search/selection.h"

namespace ponder {
namespace {

struct BestOfNOptions {
  int n = 16;
  int batch_size = 16;

  void Bind(ParamBinder& b) {
    b.Int("n", &n, 1, 1 << 20, "solutions sampled");
    b.Int("batch_size", &batch_size, 1, 1 << 16, "samples (and scores) requested per batch");
  }
  Status Validate() const { return OkStatus(); }
};

class BestOfN final : public Algorithm {
 public:
  explicit BestOfN(BestOfNOptions options) : options_(options) {}
  ScorerUse scorer_use() const override { return ScorerUse::kRequired; }

  StatusOr<SearchResult> Run(SearchContext& ctx) const override {
    PONDER_ASSIGN_OR_RETURN(std::vector<NodeId> leaves,
                            SampleSolutions(ctx, options_.n, options_.batch_size));
    PONDER_ASSIGN_OR_RETURN(std::vector<NodeId> scored,
                            ScoreWhileBudget(ctx, leaves, options_.batch_size));
    NodeId best = BestScored(ctx.tree(), scored);
    if (best == kNoNode && !leaves.empty()) best = leaves.front();
    if (best != kNoNode) ctx.Trace(TraceEventKind::kSelect, best);
    return ctx.Finish(best);
  }

 private:
  BestOfNOptions options_;
};

}  // namespace

void RegisterBestOfN(AlgorithmRegistry& registry) {
  RegisterAlgorithm<BestOfNOptions, BestOfN>(
      registry, "best_of_n", "sample n solutions, return the one the scorer ranks highest");
}

}  // namespace ponder
