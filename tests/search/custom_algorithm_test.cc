// The worked example of docs/custom-search.md: a search policy written as a
// plug-in, in one file, registered with one line. It is compiled and tested
// here so the documentation cannot drift from code that works.
//
// "Threshold sampling": draw complete solutions one batch at a time and stop at
// the first batch holding one the scorer trusts (score >= threshold); otherwise
// return the best seen. Cheaper than best-of-N when the model is often right.
#include <gtest/gtest.h>

#include "search/registry.h"
#include "search/selection.h"
#include "tests/fakes/search_harness.h"

namespace ponder {
namespace {

// 1. Options: defaults, one Bind line per setting (read from YAML and documented by
//    `ponder list --params`), and Validate for rules that span settings.
struct ThresholdSamplingOptions {
  int max_samples = 32;
  int batch_size = 4;
  double threshold = 0.9;

  void Bind(ParamBinder& b) {
    b.Int("max_samples", &max_samples, 1, 1 << 20, "solutions drawn at most");
    b.Int("batch_size", &batch_size, 1, 1 << 16, "solutions drawn (and scored) per batch");
    b.Double("threshold", &threshold, 0, 1, "accept the first solution scored at least this");
  }
  Status Validate() const { return OkStatus(); }
};

// 2. The algorithm: per-search state lives in Run's locals; every model call goes through
//    the SearchContext, which batches, validates, counts and traces.
class ThresholdSampling final : public Algorithm {
 public:
  explicit ThresholdSampling(ThresholdSamplingOptions options) : options_(options) {}
  ScorerUse scorer_use() const override { return ScorerUse::kRequired; }

  StatusOr<SearchResult> Run(SearchContext& ctx) const override {
    std::vector<NodeId> seen;
    const NodeId root[] = {kRootNode};
    while (static_cast<int>(seen.size()) < options_.max_samples && !ctx.Stopped()) {
      const int n =
          std::min(options_.batch_size, options_.max_samples - static_cast<int>(seen.size()));
      PONDER_ASSIGN_OR_RETURN(auto children,
                              ctx.Expand(root, {.mode = ExpandMode::kRollout, .n = n}));
      PONDER_RETURN_IF_ERROR(ctx.Score(children[0]));
      seen.insert(seen.end(), children[0].begin(), children[0].end());
      const NodeId best = BestScored(ctx.tree(), children[0]);
      if (best != kNoNode && ctx.tree().at(best).score >= options_.threshold) {
        ctx.Trace(TraceEventKind::kSelect, best, "accepted");
        return ctx.Finish(best);
      }
    }
    return ctx.Finish(seen.empty() ? kNoNode : BestScored(ctx.tree(), seen));
  }

 private:
  ThresholdSamplingOptions options_;
};

// 3. Registration: the one line that makes `algorithm: {name: threshold_sampling}` work.
//    A built-in algorithm puts this call in RegisterBuiltinAlgorithms (search/algorithms/
//    builtin.cc); a plug-in calls it on the registry its program hands to the runner.
void RegisterThresholdSampling(AlgorithmRegistry& registry) {
  RegisterAlgorithm<ThresholdSamplingOptions, ThresholdSampling>(
      registry, "threshold_sampling", "sample until the scorer trusts a solution");
}

// The tests: the plug-in is built from params like any algorithm and behaves as designed.
StatusOr<SearchResult> RunIt(testing::SearchHarness& h, const Params& params) {
  AlgorithmRegistry registry;
  RegisterThresholdSampling(registry);
  PONDER_ASSIGN_OR_RETURN(auto algorithm,
                          registry.Create("algorithm", "threshold_sampling", params));
  h.context.reset();  // first: a context frees its backends' state when it goes
  h.policy = std::make_unique<testing::FakeTreePolicy>(h.tree_options);
  h.scorer = std::make_unique<testing::TableScorer>(h.score_fn);
  h.trace = std::make_unique<testing::VectorTraceSink>();
  h.context = std::make_unique<SearchContext>(SearchSetup{.problem = &h.problem,
                                                          .policy = h.policy.get(),
                                                          .scorer = h.scorer.get(),
                                                          .extractor = &h.extractor,
                                                          .trace = h.trace.get(),
                                                          .seed = h.seed});
  return algorithm->Run(*h.context);
}

TEST(CustomAlgorithmExample, StopsAtTheFirstTrustedSolution) {
  testing::SearchHarness h;
  h.tree_options = {.alphabet = "ab", .depth = 2, .distribution = {}};
  h.score_fn = [](std::string_view path) { return path == "ba" ? 0.95 : 0.1; };
  auto r = RunIt(h, {{"max_samples", 64}, {"batch_size", 2}});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->answer, "ba");
  EXPECT_LT(r->usage.policy_calls, 64);  // it stopped early
  EXPECT_EQ(h.trace->EventsOf(TraceEventKind::kSelect).size(), 1u);
}

TEST(CustomAlgorithmExample, ReturnsTheBestWhenNothingIsTrusted) {
  testing::SearchHarness h;
  h.tree_options = {.alphabet = "ab", .depth = 2, .distribution = {}};
  h.score_fn = [](std::string_view path) { return path == "ab" ? 0.5 : 0.1; };
  auto r = RunIt(h, {{"max_samples", 16}, {"batch_size", 4}});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->usage.policy_calls, 16);
  EXPECT_EQ(r->answer, "ab");
}

TEST(CustomAlgorithmExample, ItsSettingsAreCheckedLikeAnyOther) {
  AlgorithmRegistry registry;
  RegisterThresholdSampling(registry);
  EXPECT_EQ(
      registry.Create("algorithm", "threshold_sampling", {{"threshold", 2.0}}).status().message(),
      "algorithm.threshold: expected a number in [0, 1], got 2");
}

}  // namespace
}  // namespace ponder
