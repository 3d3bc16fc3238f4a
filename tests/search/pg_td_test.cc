#include <gtest/gtest.h>

#include <set>

#include "search/algorithms/lookahead.h"
#include "tests/fakes/search_harness.h"

namespace ponder {
namespace {

using testing::CharChoice;
using testing::FavourTarget;
using testing::PrefixMatchScore;
using testing::SearchHarness;

std::vector<ExpandRequest> RequestsOf(const SearchHarness& h, ExpandMode mode) {
  std::vector<ExpandRequest> out;
  for (const ExpandRequest& r : h.policy->requests()) {
    if (r.mode == mode) out.push_back(r);
  }
  return out;
}

SearchHarness Harness(std::string favoured, std::string rewarded) {
  SearchHarness h;
  h.tree_options = {
      .alphabet = "abcd", .depth = 4, .distribution = FavourTarget(favoured, "abcd", 3.0)};
  h.score_fn = PrefixMatchScore(rewarded);
  return h;
}

TEST(PgTdTest, NeverAsksTwiceForANodesTopK) {
  SearchHarness h = Harness("abcd", "dcba");
  auto r = h.Run("pg_td", {{"k", 3}, {"rollouts", 60}});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  const std::vector<ExpandRequest> topk = RequestsOf(h, ExpandMode::kToken);
  std::set<NodeId> asked;
  for (const ExpandRequest& req : topk) {
    EXPECT_TRUE(asked.insert(req.node).second) << "top-k asked twice for node " << req.node;
    EXPECT_EQ(req.n, 3);
    EXPECT_EQ(req.sampling.temperature, 0);
  }
  EXPECT_EQ(r->counters.at("tree_cache_misses"), static_cast<int64_t>(topk.size()));
  // Every descent through a node took its top-k from the tree; the trace says how many.
  int64_t traced = 0;
  for (const TraceEvent& e : h.trace->EventsOf(TraceEventKind::kCacheHit)) {
    if (e.detail.rfind("tree x", 0) == 0) traced += std::stoll(e.detail.substr(6));
  }
  EXPECT_GT(r->counters.at("tree_cache_hits"), 60);
  EXPECT_EQ(r->counters.at("tree_cache_hits"), traced);
}

TEST(PgTdTest, TheSequenceCacheSkipsTheModelForNodesOnAKeptProgram) {
  SearchHarness with = Harness("cab", "cab");
  with.tree_options.depth = 3;
  auto r = with.Run("pg_td", {{"k", 3}, {"rollouts", 12}});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  const int64_t hits = r->counters.at("sequence_cache_hits");
  EXPECT_GE(hits, 2);  // "ca" and "cab" lie on the greedy program rolled out from "c"
  std::set<NodeId> hit_nodes;
  for (const TraceEvent& e : with.trace->EventsOf(TraceEventKind::kCacheHit)) {
    if (e.detail == "sequence") hit_nodes.insert(e.node);
  }
  EXPECT_EQ(static_cast<int64_t>(hit_nodes.size()), hits);
  const std::vector<ExpandRequest> rollouts = RequestsOf(with, ExpandMode::kRollout);
  for (const ExpandRequest& req : rollouts) {
    EXPECT_FALSE(hit_nodes.contains(req.node)) << "rolled out a cached node " << req.node;
    EXPECT_EQ(req.sampling.temperature, 0);  // greedy lookahead
  }
  EXPECT_EQ(r->counters.at("lookahead_rollouts"), static_cast<int64_t>(rollouts.size()));
  EXPECT_EQ(r->answer, "cab");

  // The same search without the cache rolls those nodes out and scores their programs again.
  SearchHarness without = Harness("cab", "cab");
  without.tree_options.depth = 3;
  auto r2 = without.Run("pg_td", {{"k", 3}, {"rollouts", 12}, {"sequence_cache", false}});
  ASSERT_TRUE(r2.ok()) << r2.status().ToString();
  EXPECT_EQ(r2->counters.count("sequence_cache_hits"), 0u);
  EXPECT_GT(r2->counters.at("lookahead_rollouts"), r->counters.at("lookahead_rollouts"));
  EXPECT_GT(r2->usage.generated_tokens, r->usage.generated_tokens);
  EXPECT_GT(r2->usage.scorer_calls, r->usage.scorer_calls);
  EXPECT_EQ(r2->answer, r->answer);
}

TEST(PgTdTest, PlansPastTheGreedyProgramToTheBestScoringOne) {
  // Greedy decoding writes "abcd"; the tests reward "dcba", which the model finds unlikely.
  SearchHarness h = Harness("abcd", "dcba");
  auto r = h.Run("pg_td", {{"k", 4}, {"rollouts", 80}});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->answer, "dcba");
  EXPECT_EQ(r->score, 1.0);
  EXPECT_TRUE(r->complete);
  // The first lookahead, from the most likely first token, was the greedy program.
  const std::vector<ExpandRequest> rollouts = RequestsOf(h, ExpandMode::kRollout);
  ASSERT_FALSE(rollouts.empty());
  EXPECT_EQ(h.tree().at(rollouts[0].node).text, "a");
  bool found = false;
  for (NodeId c : h.tree().at(rollouts[0].node).children) {
    found = found || h.tree().PathText(c) == "abcd";
  }
  EXPECT_TRUE(found);
}

TEST(PgTdTest, StepModeExpandsSampledSteps) {
  SearchHarness h = Harness("bad", "bad");
  h.tree_options.depth = 3;
  auto r = h.Run("pg_td", {{"k", 4}, {"rollouts", 20}, {"expansion", "step"}});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_TRUE(RequestsOf(h, ExpandMode::kToken).empty());
  EXPECT_FALSE(RequestsOf(h, ExpandMode::kStep).empty());
  EXPECT_EQ(r->answer, "bad");
}

TEST(PgTdTest, BeamLookaheadFindsTheMoreLikelySequenceGreedyMisses) {
  // Greedy takes 'a' (0.55) and then faces three equal choices; 'b' (0.45) is followed by 'c'
  // with 0.9: beam search with two beams finds "bc", the more likely program.
  testing::FakeTreeOptions options{
      .alphabet = "abcxyz", .depth = 2, .distribution = [](std::string_view path) {
        if (path.empty()) return std::vector<CharChoice>{{'a', 0.55}, {'b', 0.45}};
        if (path == "a") return std::vector<CharChoice>{{'x', 1}, {'y', 1}, {'z', 1}};
        return std::vector<CharChoice>{{'c', 0.9}, {'x', 0.1}};
      }};
  testing::FakeTreePolicy policy(options);
  Problem problem{.id = "beam", .prompt = "", .attributes = {}};
  SearchContext ctx(SearchSetup{.problem = &problem, .policy = &policy});
  SearchFlags flags;
  flags.Sync(ctx.tree());
  const NodeId root[] = {kRootNode};
  SamplingParams greedy;
  greedy.temperature = 0;
  auto beam = BeamLookahead(ctx, flags, root, 2, {.mode = ExpandMode::kToken, .sampling = greedy});
  ASSERT_TRUE(beam.ok()) << beam.status().ToString();
  ASSERT_NE((*beam)[0], kNoNode);
  EXPECT_EQ(ctx.tree().PathText((*beam)[0]), "bc");
  EXPECT_TRUE(flags.completion((*beam)[0]));
  auto greedy_program = RollOut(ctx, flags, root, greedy);
  ASSERT_TRUE(greedy_program.ok());
  EXPECT_EQ(ctx.tree().PathText((*greedy_program)[0]), "ax");
}

TEST(PgTdTest, BeamLookaheadRunsInsideTheSearch) {
  SearchHarness h = Harness("dcba", "dcba");
  auto r = h.Run("pg_td", {{"k", 3}, {"rollouts", 10}, {"num_beams", 2}});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_TRUE(RequestsOf(h, ExpandMode::kRollout).empty());
  EXPECT_EQ(r->answer, "dcba");
}

}  // namespace
}  // namespace ponder
