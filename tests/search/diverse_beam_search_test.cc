#include <gtest/gtest.h>

#include <map>

#include "tests/fakes/search_harness.h"

namespace ponder {
namespace {

using testing::SearchHarness;

// Every step has the same ranking: c > b > a > d; a path scores its steps' mean.
double RankedSteps(std::string_view path) {
  const std::map<char, double> value = {{'a', 0.3}, {'b', 0.6}, {'c', 0.9}, {'d', 0.1}};
  double sum = 0;
  for (char c : path) sum += value.at(c);
  return sum / static_cast<double>(path.size());
}

// The step texts each group chose, by depth: chosen[depth][group].
std::map<int, std::map<int, std::string>> ChosenSteps(const SearchHarness& h) {
  std::map<int, std::map<int, std::string>> chosen;
  for (const TraceEvent& e : h.trace->EventsOf(TraceEventKind::kSelect)) {
    const Node& node = h.tree().at(e.node);
    const int group = std::stoi(e.detail.substr(e.detail.find(' ') + 1));
    chosen[node.depth][group] += node.text;
  }
  return chosen;
}

SearchHarness TwoGroups() {
  SearchHarness h;
  // Enough samples per beam that every one of the four steps is proposed.
  h.tree_options = {.alphabet = "abcd", .depth = 3, .distribution = {}};
  h.score_fn = RankedSteps;
  return h;
}

TEST(DiverseBeamSearchTest, WithoutDiversityTheGroupsCollapse) {
  SearchHarness h = TwoGroups();
  auto r = h.Run("diverse_beam_search",
                 {{"beam_width", 2}, {"groups", 2}, {"lambda", 0.0}, {"samples_per_beam", 32}});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  const auto chosen = ChosenSteps(h);
  ASSERT_EQ(chosen.size(), 2u);  // depths 1 and 2; depth 3 ends every solution
  for (const auto& [depth, groups] : chosen) {
    EXPECT_EQ(groups.at(0), "c") << "depth " << depth;
    EXPECT_EQ(groups.at(1), "c") << "depth " << depth;
  }
}

TEST(DiverseBeamSearchTest, TheHammingPenaltyPushesLaterGroupsToOtherSteps) {
  SearchHarness h = TwoGroups();
  auto r = h.Run("diverse_beam_search",
                 {{"beam_width", 2}, {"groups", 2}, {"lambda", 1.0}, {"samples_per_beam", 32}});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  const auto chosen = ChosenSteps(h);
  ASSERT_EQ(chosen.size(), 2u);
  for (const auto& [depth, groups] : chosen) {
    // Group 1 is a plain beam search; group 2 pays lambda for repeating "c" and takes "b".
    EXPECT_EQ(groups.at(0), "c") << "depth " << depth;
    EXPECT_EQ(groups.at(1), "b") << "depth " << depth;
  }
  // The best complete solution still comes from group 1.
  EXPECT_EQ(r->answer, "ccc");
}

TEST(DiverseBeamSearchTest, ThePenaltyCountsEveryEarlierGroupsChoice) {
  SearchHarness h = TwoGroups();
  // Three groups of one beam; lambda 0.25: a step chosen once costs 0.25, twice 0.5.
  // Group 2 sees c (0.9 - 0.25 = 0.65) beat b (0.6) and repeats it; group 3 sees
  // c at 0.9 - 0.5 = 0.4 lose to b at 0.6.
  auto r = h.Run("diverse_beam_search",
                 {{"beam_width", 3}, {"groups", 3}, {"lambda", 0.25}, {"samples_per_beam", 32}});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  const auto chosen = ChosenSteps(h);
  const auto& first = chosen.at(1);
  EXPECT_EQ(first.at(0), "c");
  EXPECT_EQ(first.at(1), "c");
  EXPECT_EQ(first.at(2), "b");
}

TEST(DiverseBeamSearchTest, RejectsABeamWidthThatGroupsDoNotDivide) {
  SearchHarness h;
  auto r = h.Run("diverse_beam_search", {{"beam_width", 10}, {"groups", 4}});
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(r.status().message().find("groups"), std::string::npos);
}

}  // namespace
}  // namespace ponder
