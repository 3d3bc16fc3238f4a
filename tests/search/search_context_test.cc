#include "search/search_context.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "tests/fakes/fake_tree_policy.h"
#include "tests/fakes/table_scorer.h"
#include "tests/fakes/vector_trace_sink.h"

namespace ponder {
namespace {

using testing::FakeTreeOptions;
using testing::FakeTreePolicy;
using testing::TableScorer;
using testing::VectorTraceSink;
using testing::WholeTextExtractor;

class SearchContextTest : public ::testing::Test {
 protected:
  SearchSetup Setup(Policy* policy, Scorer* scorer = nullptr) {
    return SearchSetup{.problem = &problem_,
                       .policy = policy,
                       .scorer = scorer,
                       .extractor = &extractor_,
                       .trace = &trace_,
                       .clock = &clock_,
                       .budget = budget_,
                       .options = options_,
                       .seed = 11};
  }

  Problem problem_{.id = "p", .prompt = "q", .attributes = {}};
  WholeTextExtractor extractor_;
  VectorTraceSink trace_;
  ManualClock clock_;
  Budget budget_;
  SearchOptions options_;
};

TEST_F(SearchContextTest, ExpandAddsChildrenCountsUsageAndTraces) {
  FakeTreePolicy policy(FakeTreeOptions{.alphabet = "ab", .depth = 2, .distribution = {}});
  SearchContext ctx(Setup(&policy));
  const NodeId root[] = {kRootNode};
  auto children = ctx.Expand(root, {.mode = ExpandMode::kStep, .n = 3});
  ASSERT_TRUE(children.ok());
  ASSERT_EQ((*children)[0].size(), 3u);
  const Node& c = ctx.tree().at((*children)[0][0]);
  EXPECT_EQ(c.depth, 1);
  EXPECT_EQ(c.tokens.size(), 1u);
  EXPECT_NEAR(c.logprob, std::log(0.5), 1e-6);
  EXPECT_FALSE(c.terminal);
  EXPECT_EQ(ctx.usage().policy_calls, 3);
  EXPECT_EQ(ctx.usage().policy_batches, 1);
  EXPECT_EQ(ctx.usage().expansions, 3);
  EXPECT_EQ(ctx.usage().generated_tokens, 3);
  EXPECT_EQ(trace_.added.size(), 3u);
  EXPECT_EQ(trace_.EventsOf(TraceEventKind::kExpand).size(), 1u);

  // Priors of one expansion sum to one.
  double prior_sum = 0;
  for (NodeId id : (*children)[0]) prior_sum += ctx.tree().at(id).prior;
  EXPECT_NEAR(prior_sum, 1.0, 1e-12);
}

TEST_F(SearchContextTest, CountersReachTheResultAndTheTrace) {
  FakeTreePolicy policy;
  SearchContext ctx(Setup(&policy));
  ctx.Count("sequence_cache_hits");
  ctx.Count("sequence_cache_hits", 2);
  ctx.Count("tree_cache_hits", 5);
  SearchResult r = ctx.Finish(kNoNode);
  EXPECT_EQ(r.counters.at("sequence_cache_hits"), 3);
  EXPECT_EQ(r.counters.at("tree_cache_hits"), 5);
  EXPECT_EQ(trace_.result.counters, r.counters);
}

TEST_F(SearchContextTest, CompleteSolutionsAreTerminalWithAnAnswer) {
  FakeTreePolicy policy(FakeTreeOptions{.alphabet = "ab", .depth = 1, .distribution = {}});
  SearchContext ctx(Setup(&policy));
  const NodeId root[] = {kRootNode};
  auto children = ctx.Expand(root, {.mode = ExpandMode::kStep, .n = 1});
  ASSERT_TRUE(children.ok());
  const Node& leaf = ctx.tree().at((*children)[0][0]);
  EXPECT_TRUE(leaf.terminal);
  EXPECT_TRUE(leaf.has_answer);
  EXPECT_EQ(leaf.answer, leaf.text);
}

TEST_F(SearchContextTest, MaxStepsEndsASolution) {
  options_.max_steps = 2;
  FakeTreePolicy policy(FakeTreeOptions{.alphabet = "ab", .depth = 10, .distribution = {}});
  SearchContext ctx(Setup(&policy));
  NodeId node = kRootNode;
  for (int i = 0; i < 2; ++i) {
    const NodeId parent[] = {node};
    node = (*ctx.Expand(parent, {.mode = ExpandMode::kStep, .n = 1}))[0][0];
  }
  EXPECT_TRUE(ctx.tree().at(node).terminal);
}

TEST_F(SearchContextTest, MergingDuplicatesKeepsOneChildPerDistinctStep) {
  FakeTreePolicy policy(FakeTreeOptions{.alphabet = "ab", .depth = 3, .distribution = {}});
  SearchContext ctx(Setup(&policy));
  const NodeId root[] = {kRootNode};
  auto children =
      ctx.Expand(root, {.mode = ExpandMode::kStep, .n = 16, .duplicates = Duplicates::kMerge});
  ASSERT_TRUE(children.ok());
  ASSERT_EQ((*children)[0].size(), 2u);  // only "a" and "b" are distinct
  EXPECT_EQ(ctx.usage().policy_calls, 16);
  EXPECT_NEAR(ctx.tree().at((*children)[0][0]).prior + ctx.tree().at((*children)[0][1]).prior, 1.0,
              1e-12);
}

TEST_F(SearchContextTest, ScoreAggregatesThePathsStepScores) {
  FakeTreePolicy policy(FakeTreeOptions{.alphabet = "a", .depth = 5, .distribution = {}});
  // Step score = 1 / path length: 1, 0.5, 0.333.
  TableScorer scorer([](std::string_view path) { return 1.0 / static_cast<double>(path.size()); });
  for (auto [aggregation, expected] :
       {std::pair{Aggregation::kLast, 1.0 / 3}, std::pair{Aggregation::kMin, 1.0 / 3},
        std::pair{Aggregation::kProduct, 1.0 / 6},
        std::pair{Aggregation::kMean, (1 + 0.5 + 1.0 / 3) / 3}}) {
    options_.aggregation = aggregation;
    SearchContext ctx(Setup(&policy, &scorer));
    NodeId node = kRootNode;
    for (int i = 0; i < 3; ++i) {
      const NodeId parent[] = {node};
      node = (*ctx.Expand(parent, {.mode = ExpandMode::kStep, .n = 1}))[0][0];
      const NodeId scored[] = {node};
      ASSERT_TRUE(ctx.Score(scored).ok());
    }
    EXPECT_NEAR(ctx.tree().at(node).score, expected, 1e-12) << AggregationName(aggregation);
    EXPECT_NEAR(ctx.tree().at(node).step_score, 1.0 / 3, 1e-12);
    EXPECT_EQ(ctx.usage().scorer_calls, 3);
  }
}

class BrokenPolicy final : public Policy {
 public:
  explicit BrokenPolicy(Proposal p) : proposal_(std::move(p)) {}
  std::vector<StatusOr<Expansion>> Propose(std::span<const ExpandRequest> requests) override {
    std::vector<StatusOr<Expansion>> out;
    for (size_t i = 0; i < requests.size(); ++i) out.emplace_back(Expansion{{proposal_}, 0, 0});
    return out;
  }

 private:
  Proposal proposal_;
};

TEST_F(SearchContextTest, EmptyStepsAndBadLogprobsAreErrorsNamingTheNode) {
  BrokenPolicy empty(Proposal{});
  SearchContext ctx(Setup(&empty));
  const NodeId root[] = {kRootNode};
  Status s = ctx.Expand(root, {}).status();
  EXPECT_EQ(s.code(), StatusCode::kInternal);
  EXPECT_EQ(s.message(), "problem 'p', node 0: policy returned an empty step");

  BrokenPolicy nan_logprob(Proposal{
      .text = "x", .tokens = {1}, .token_logprobs = {NAN}, .finish = FinishReason::kDelimiter});
  SearchContext ctx2(Setup(&nan_logprob));
  EXPECT_NE(ctx2.Expand(root, {}).status().message().find("invalid token log-probability"),
            std::string::npos);
}

TEST_F(SearchContextTest, NanScoresAreErrors) {
  FakeTreePolicy policy;
  TableScorer nan_scorer([](std::string_view) { return std::nan(""); });
  SearchContext ctx(Setup(&policy, &nan_scorer));
  const NodeId root[] = {kRootNode};
  const NodeId child = (*ctx.Expand(root, {}))[0][0];
  const NodeId nodes[] = {child};
  Status s = ctx.Score(nodes);
  EXPECT_EQ(s.code(), StatusCode::kInternal);
  EXPECT_NE(s.message().find("non-finite score"), std::string::npos);
}

// A scorer backed by a model reports the input tokens it computed and reused; they join the
// policy's in the search's usage.
class PrefillCountingScorer final : public Scorer {
 public:
  std::vector<StatusOr<ponder::Score>> ScoreBatch(std::span<const ScoreRequest> requests) override {
    std::vector<StatusOr<ponder::Score>> out;
    for (size_t i = 0; i < requests.size(); ++i) {
      out.emplace_back(
          ponder::Score{.step_scores = {0.5}, .prefill_tokens = 7, .reused_prefill_tokens = 3});
    }
    return out;
  }
};

TEST_F(SearchContextTest, ScorerPrefillCountsJoinThePolicysInTheUsage) {
  FakeTreePolicy policy;
  PrefillCountingScorer scorer;
  SearchContext ctx(Setup(&policy, &scorer));
  const NodeId root[] = {kRootNode};
  auto children = ctx.Expand(root, {.mode = ExpandMode::kStep, .n = 2});
  ASSERT_TRUE(children.ok());
  const Usage before = ctx.usage();
  ASSERT_TRUE(ctx.Score((*children)[0]).ok());
  EXPECT_EQ(ctx.usage().prefill_tokens, before.prefill_tokens + 14);
  EXPECT_EQ(ctx.usage().reused_prefill_tokens, before.reused_prefill_tokens + 6);
}

TEST_F(SearchContextTest, ScoringWithoutAScorerIsAClearError) {
  FakeTreePolicy policy;
  SearchContext ctx(Setup(&policy));
  const NodeId nodes[] = {kRootNode};
  EXPECT_EQ(ctx.Score(nodes).code(), StatusCode::kFailedPrecondition);
}

TEST_F(SearchContextTest, BudgetStopsAndNamesTheLimit) {
  budget_.max_policy_calls = 4;
  FakeTreePolicy policy;
  SearchContext ctx(Setup(&policy));
  EXPECT_FALSE(ctx.Stopped());
  const NodeId root[] = {kRootNode};
  ASSERT_TRUE(ctx.Expand(root, {.n = 4}).ok());
  EXPECT_EQ(ctx.StopReason(), "budget:max_policy_calls");
  // A spent generation limit still lets the search score what it generated.
  EXPECT_FALSE(ctx.ScoringStopped());
}

TEST_F(SearchContextTest, ScoringStopsAtTheScorerLimitTimeAndCancellation) {
  budget_.max_scorer_calls = 2;
  budget_.max_seconds = 2;
  FakeTreePolicy policy;
  TableScorer scorer([](std::string_view) { return 0.5; });
  std::stop_source source;
  SearchSetup setup = Setup(&policy, &scorer);
  setup.stop = source.get_token();
  SearchContext ctx(std::move(setup));
  const NodeId root[] = {kRootNode};
  auto children = ctx.Expand(root, {.n = 2});
  ASSERT_TRUE(children.ok());
  EXPECT_FALSE(ctx.ScoringStopped());
  ASSERT_TRUE(ctx.Score((*children)[0]).ok());
  EXPECT_EQ(ctx.ScoringStopReason(), "budget:max_scorer_calls");

  budget_.max_scorer_calls = 0;
  SearchSetup timed = Setup(&policy);
  timed.stop = source.get_token();
  SearchContext later(std::move(timed));
  clock_.Advance(2'000'000);
  EXPECT_EQ(later.ScoringStopReason(), "budget:max_seconds");
  source.request_stop();
  EXPECT_EQ(later.ScoringStopReason(), "cancelled");
}

TEST_F(SearchContextTest, WallTimeBudgetUsesTheClock) {
  budget_.max_seconds = 2;
  FakeTreePolicy policy;
  SearchContext ctx(Setup(&policy));
  clock_.Advance(1'999'999);
  EXPECT_FALSE(ctx.Stopped());
  clock_.Advance(1);
  EXPECT_EQ(ctx.StopReason(), "budget:max_seconds");
}

TEST_F(SearchContextTest, StopTokenCancels) {
  std::stop_source source;
  FakeTreePolicy policy;
  SearchSetup setup = Setup(&policy);
  setup.stop = source.get_token();
  SearchContext ctx(std::move(setup));
  source.request_stop();
  EXPECT_EQ(ctx.StopReason(), "cancelled");
}

TEST_F(SearchContextTest, ASearchThatFailsStillReleasesBackendState) {
  // An algorithm that returns an error never calls Finish; the backends' cached state (a KV
  // cache per node) must still be freed when the search goes away.
  FakeTreePolicy policy;
  TableScorer scorer([](std::string_view) { return 0.5; });
  {
    SearchContext ctx(Setup(&policy, &scorer));
    const NodeId root[] = {kRootNode};
    auto children = ctx.Expand(root, {.n = 3});
    ASSERT_TRUE(children.ok());
    ctx.Drop((*children)[0][0]);
  }
  std::vector<NodeId> forgotten = policy.forgotten();
  std::sort(forgotten.begin(), forgotten.end());
  EXPECT_EQ(forgotten, (std::vector<NodeId>{0, 1, 2, 3}));  // each node once
}

TEST_F(SearchContextTest, DropAndFinishReleaseBackendState) {
  FakeTreePolicy policy;
  SearchContext ctx(Setup(&policy));
  const NodeId root[] = {kRootNode};
  auto children = *ctx.Expand(root, {.n = 2});
  ctx.Drop(children[0][0]);
  EXPECT_EQ(policy.forgotten(), (std::vector<NodeId>{children[0][0]}));
  SearchResult r = ctx.Finish(children[0][1]);
  // Finish frees everything still live: the root and the kept child.
  EXPECT_EQ(policy.forgotten().size(), 3u);
  EXPECT_EQ(r.stop_reason, "completed");
  EXPECT_EQ(r.solution, ctx.tree().at(children[0][1]).text);
  EXPECT_EQ(trace_.finished, 1);
}

TEST_F(SearchContextTest, RequestSeedsAreDistinctAndReplay) {
  FakeTreePolicy p1, p2;
  SearchContext a(Setup(&p1)), b(Setup(&p2));
  const NodeId root[] = {kRootNode};
  for (int i = 0; i < 3; ++i) {
    ASSERT_TRUE(a.Expand(root, {}).ok());
    ASSERT_TRUE(b.Expand(root, {}).ok());
  }
  auto ra = p1.requests(), rb = p2.requests();
  ASSERT_EQ(ra.size(), 3u);
  EXPECT_NE(ra[0].seed, ra[1].seed);
  for (size_t i = 0; i < ra.size(); ++i) EXPECT_EQ(ra[i].seed, rb[i].seed);
}

}  // namespace
}  // namespace ponder

namespace ponder {
namespace {

TEST(SamplingParamsTest, TemperaturesThatWouldOverflowAreRefused) {
  SamplingParams p;
  p.temperature = 0;
  EXPECT_TRUE(p.Validate().ok());
  p.temperature = 1e-310;  // p^(1/T) overflows: greedy must be asked for as 0
  EXPECT_EQ(p.Validate().message(), "temperature must be 0 (greedy) or at least 0.001");
  p.temperature = 0.001;
  EXPECT_TRUE(p.Validate().ok());
  p.temperature = -1;
  EXPECT_FALSE(p.Validate().ok());
}

}  // namespace
}  // namespace ponder
