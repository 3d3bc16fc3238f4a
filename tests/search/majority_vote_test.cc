#include <gtest/gtest.h>

#include "tests/fakes/search_harness.h"

namespace ponder {
namespace {

using testing::CharChoice;
using testing::SearchHarness;

// Two-step answers: "aa" has probability 0.36, each of the others less.
testing::Distribution Skewed() {
  return [](std::string_view) { return std::vector<CharChoice>{{'a', 6}, {'b', 2}, {'c', 2}}; };
}

TEST(MajorityVoteTest, ReturnsTheMostFrequentAnswer) {
  SearchHarness h;
  h.with_scorer = false;
  h.tree_options = {.alphabet = "abc", .depth = 2, .distribution = Skewed()};
  auto r = h.Run("majority_vote", {{"n", 200}});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->answer, "aa");
  EXPECT_EQ(r->usage.scorer_calls, 0);
}

TEST(MajorityVoteTest, ScoreWeightingLetsAConfidentMinorityWin) {
  SearchHarness h;
  h.tree_options = {.alphabet = "abc", .depth = 2, .distribution = Skewed()};
  // The scorer trusts only "bb" (4% of samples): 8 x 1.0 beats 72 x 0.01.
  h.score_fn = [](std::string_view path) { return path == "bb" ? 1.0 : 0.01; };
  auto counted = h.Run("majority_vote", {{"n", 200}});
  auto weighted = h.Run("majority_vote", {{"n", 200}, {"weighting", "score"}});
  ASSERT_TRUE(counted.ok() && weighted.ok());
  EXPECT_EQ(counted->answer, "aa");
  EXPECT_EQ(weighted->answer, "bb");
  EXPECT_EQ(weighted->usage.scorer_calls, 200);
}

}  // namespace
}  // namespace ponder
