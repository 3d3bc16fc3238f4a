#include <gtest/gtest.h>

#include <algorithm>

#include "search/algorithms/tree_search.h"
#include "tests/fakes/search_harness.h"

namespace ponder {
namespace {

using testing::CharChoice;
using testing::SearchHarness;

// Samples of varied length: each character ends the solution with probability 1/20 ('.').
SearchHarness VariedLengths(uint64_t seed) {
  SearchHarness h;
  h.seed = seed;
  h.with_scorer = false;
  h.options.max_steps = 1000;
  h.tree_options = {.alphabet = "ab.",
                    .depth = 60,
                    .distribution =
                        [](std::string_view) {
                          return std::vector<CharChoice>{{'a', 9.5}, {'b', 9.5}, {'.', 1}};
                        },
                    .end_char = '.'};
  return h;
}

TEST(FirstFinishTest, ReturnsTheFirstSampleToFinishAndCancelsTheRest) {
  SearchHarness h = VariedLengths(3);
  auto r = h.Run("first_finish", {{"n", 8}, {"chunk_tokens", 2}});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_TRUE(r->complete);
  const Tree& tree = h.tree();
  const Node& chosen = tree.at(r->chosen);
  EXPECT_EQ(chosen.finish, FinishReason::kEndOfSequence);
  EXPECT_EQ(r->solution.back(), '.');
  // Nothing finished earlier: every other sample is at least as long (finished in the same
  // round) or was cancelled when it was.
  const auto cancels = h.trace->EventsOf(TraceEventKind::kCancel);
  const auto finishes = h.trace->EventsOf(TraceEventKind::kFinish);
  EXPECT_EQ(cancels.size() + finishes.size(), 8u);
  for (const TraceEvent& f : finishes) {
    EXPECT_GE(tree.at(f.node).cumulative_tokens, chosen.cumulative_tokens);
  }
  for (const TraceEvent& c : cancels) {
    EXPECT_FALSE(tree.at(c.node).terminal);
    EXPECT_TRUE(tree.at(c.node).dropped);
    EXPECT_GE(tree.at(c.node).cumulative_tokens, chosen.cumulative_tokens);
    // Lock-step: a cancelled sample never ran ahead of the round the winner finished in.
    EXPECT_LT(tree.at(c.node).cumulative_tokens, chosen.cumulative_tokens + 2);
  }
  ASSERT_FALSE(cancels.empty());
  // The backend was told to free the cancelled samples' state.
  const std::vector<NodeId> forgotten = h.policy->forgotten();
  EXPECT_NE(std::find(forgotten.begin(), forgotten.end(), cancels[0].node), forgotten.end());
}

TEST(FirstFinishTest, GeneratesFewerTokensThanAllSamplesToCompletion) {
  SearchHarness first = VariedLengths(4), all = VariedLengths(4);
  auto r1 = first.Run("first_finish", {{"n", 8}, {"chunk_tokens", 2}});
  auto rn = all.Run("first_finish", {{"n", 8}, {"chunk_tokens", 2}, {"k", 8}});
  ASSERT_TRUE(r1.ok() && rn.ok());
  // Waiting for all eight generates every sample to its end.
  int64_t full = 0;
  const std::vector<NodeId> finished = CompleteSolutions(all.tree());
  ASSERT_EQ(finished.size(), 8u);
  for (NodeId f : finished) full += all.tree().at(f).cumulative_tokens;
  EXPECT_EQ(rn->usage.generated_tokens, full);
  // The same samples, stopped at the first finish.
  EXPECT_EQ(r1->solution, rn->solution);
  EXPECT_LT(r1->usage.generated_tokens, full);
  EXPECT_LE(r1->usage.generated_tokens, 8 * (first.tree().at(r1->chosen).cumulative_tokens + 1));
}

TEST(FirstFinishTest, KVariantReturnsTheShortestOfTheFirstK) {
  SearchHarness h = VariedLengths(5);
  auto r = h.Run("first_finish", {{"n", 8}, {"chunk_tokens", 3}, {"k", 3}});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  const auto finishes = h.trace->EventsOf(TraceEventKind::kFinish);
  ASSERT_GE(finishes.size(), 3u);
  // It waited for the third finish: the rounds before the last had fewer than three.
  auto round = [&](const TraceEvent& f) { return (h.tree().at(f.node).cumulative_tokens + 2) / 3; };
  int64_t last_round = 0;
  for (const TraceEvent& f : finishes) last_round = std::max(last_round, round(f));
  const auto before = std::count_if(finishes.begin(), finishes.end(),
                                    [&](const TraceEvent& f) { return round(f) < last_round; });
  EXPECT_LT(before, 3);
  int64_t shortest = h.tree().at(finishes[0].node).cumulative_tokens;
  for (const TraceEvent& f : finishes) {
    shortest = std::min(shortest, h.tree().at(f.node).cumulative_tokens);
  }
  EXPECT_EQ(h.tree().at(r->chosen).cumulative_tokens, shortest);

  SearchHarness one = VariedLengths(5);
  auto r1 = one.Run("first_finish", {{"n", 8}, {"chunk_tokens", 3}});
  ASSERT_TRUE(r1.ok());
  // With this seed the first round that finishes anything finishes fewer than three, so
  // waiting for three costs more rounds.
  ASSERT_LT(one.trace->EventsOf(TraceEventKind::kFinish).size(), 3u);
  EXPECT_GT(r->usage.generated_tokens, r1->usage.generated_tokens);
  // Lock-step decoding finishes samples in order of length: the first finisher is the shortest.
  EXPECT_EQ(r->solution, r1->solution);
}

TEST(FirstFinishTest, EquallyShortFinishersGoToTheMostLikely) {
  // Every sample is three characters: all finish in the same round.
  SearchHarness h;
  h.with_scorer = false;
  h.tree_options = {.alphabet = "ab", .depth = 3, .distribution = [](std::string_view) {
                      return std::vector<CharChoice>{{'a', 1}, {'b', 3}};
                    }};
  auto r = h.Run("first_finish", {{"n", 16}, {"chunk_tokens", 4}});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(h.trace->EventsOf(TraceEventKind::kFinish).size(), 16u);
  EXPECT_EQ(r->answer, "bbb");
}

TEST(FirstFinishTest, ABudgetCutBeforeAnyFinishReturnsTheMostLikelyPartial) {
  SearchHarness h = VariedLengths(6);
  h.tree_options.distribution = [](std::string_view) {
    return std::vector<CharChoice>{{'a', 1}, {'b', 2}, {'.', 0.001}};
  };
  h.budget.max_tokens = 20;
  auto r = h.Run("first_finish", {{"n", 4}, {"chunk_tokens", 4}});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->stop_reason, "budget:max_tokens");
  EXPECT_FALSE(r->complete);
  ASSERT_NE(r->chosen, kNoNode);
  EXPECT_EQ(h.tree().at(r->chosen).cumulative_tokens, 8);
  EXPECT_EQ(h.trace->EventsOf(TraceEventKind::kCancel).size(), 3u);
}

TEST(FirstFinishTest, KMustNotExceedN) {
  SearchHarness h;
  auto r = h.Run("first_finish", {{"n", 2}, {"k", 3}});
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(r.status().message().find("k (3) must not exceed n (2)"), std::string::npos);
}

}  // namespace
}  // namespace ponder
