// RunLikelihoodBeam: the search core's registered beam_search, guided by the
// policy's own likelihood (LikelihoodScorer with product aggregation over the
// path), for tests and benchmarks of model backends that have no reward model.
// It sets the scorer and aggregation of `setup`, runs the search, and shows
// `inspect` the final tree before the search context goes.
#pragma once

#include <functional>

#include "search/registry.h"
#include "search/search_context.h"
#include "verifiers/basic/likelihood_scorer.h"

namespace ponder::testing {

struct LikelihoodBeamOptions {
  int n = 4;           // candidates per step and solutions wanted
  int beam_width = 2;  // candidates sampled from each kept beam
  int max_steps = 4;   // a path this deep is complete
};

inline StatusOr<SearchResult> RunLikelihoodBeam(
    SearchSetup setup, const LikelihoodBeamOptions& options,
    const std::function<void(const Tree&)>& inspect = [](const Tree&) {}) {
  AlgorithmRegistry registry;
  RegisterBuiltinAlgorithms(registry);
  PONDER_ASSIGN_OR_RETURN(
      std::unique_ptr<Algorithm> beam,
      registry.Create("algorithm", "beam_search",
                      Params{{"n", options.n}, {"beam_width", options.beam_width}}));
  LikelihoodScorer scorer;
  setup.scorer = &scorer;
  setup.options.aggregation = Aggregation::kProduct;
  setup.options.max_steps = options.max_steps;
  SearchContext ctx(std::move(setup));
  StatusOr<SearchResult> result = beam->Run(ctx);
  inspect(ctx.tree());
  return result;
}

}  // namespace ponder::testing
