#include "experiments/candidates.h"

#include <gtest/gtest.h>

#include "verifiers/basic/exact_grader.h"

namespace ponder::experiments {
namespace {

// A grader that counts what it is asked, to check each distinct candidate is graded once.
class CountingGrader final : public Grader {
 public:
  std::vector<StatusOr<Grade>> GradeBatch(std::span<const GradeRequest> requests) override {
    asked += static_cast<int>(requests.size());
    return exact.GradeBatch(requests);
  }
  ExactGrader exact;
  int asked = 0;
};

NodeId AddSolution(Tree& tree, const std::string& answer, FinishReason finish) {
  Node n;
  n.text = "the answer is " + answer;
  n.terminal = true;
  n.finish = finish;
  n.has_answer = true;
  n.answer = answer;
  return tree.AddChild(kRootNode, n);
}

TEST(CandidatesTest, GradesEachDistinctAnswerOnceAndFindsTheMajority) {
  Tree tree;
  for (const char* a : {"7", "5", "7", "7", "5", "9"}) {
    AddSolution(tree, a, FinishReason::kEndOfSequence);
  }
  AddSolution(tree, "5", FinishReason::kCancelled);  // a cancelled sample is no candidate
  Node partial;
  partial.text = "half a solution";
  tree.AddChild(kRootNode, partial);

  DatasetItem item{.problem = {.id = "p", .prompt = "q", .attributes = {}},
                   .reference = {.answer = "5"}};
  CountingGrader grader;
  auto stats = GradeCandidates(tree, item, grader, 64);
  ASSERT_TRUE(stats.ok()) << stats.status().ToString();
  EXPECT_EQ(grader.asked, 3);  // 7, 5 and 9
  EXPECT_EQ(stats->candidates, 6);
  EXPECT_EQ(stats->graded, 6);
  EXPECT_EQ(stats->correct, 2);
  EXPECT_TRUE(stats->has_majority);
  EXPECT_EQ(stats->majority_answer, "7");
  EXPECT_FALSE(stats->majority_correct);
}

TEST(CandidatesTest, TheCapLimitsGrading) {
  Tree tree;
  for (const char* a : {"1", "2", "3", "2"}) AddSolution(tree, a, FinishReason::kEndOfSequence);
  DatasetItem item{.problem = {.id = "p", .prompt = "q", .attributes = {}},
                   .reference = {.answer = "2"}};
  CountingGrader grader;
  auto stats = GradeCandidates(tree, item, grader, 2);
  ASSERT_TRUE(stats.ok());
  EXPECT_EQ(grader.asked, 2);
  EXPECT_EQ(stats->candidates, 4);
  EXPECT_EQ(stats->graded, 3);  // "1" once, "2" twice; "3" was over the cap
  EXPECT_EQ(stats->correct, 2);
  EXPECT_TRUE(stats->majority_correct);
}

TEST(CandidatesTest, TheMajorityAnswerIsGradedWhateverTheCap) {
  Tree tree;
  // The majority answer appears last: a cap that grades in tree order would never reach it.
  for (const char* a : {"1", "2", "3", "3"}) AddSolution(tree, a, FinishReason::kEndOfSequence);
  DatasetItem item{.problem = {.id = "p", .prompt = "q", .attributes = {}},
                   .reference = {.answer = "3"}};
  CountingGrader grader;
  auto stats = GradeCandidates(tree, item, grader, 2);
  ASSERT_TRUE(stats.ok());
  EXPECT_EQ(grader.asked, 2);
  EXPECT_EQ(stats->majority_answer, "3");
  EXPECT_TRUE(stats->majority_correct);
  EXPECT_EQ(stats->graded, 3);  // "3" twice and "1" once; "2" was over the cap
  EXPECT_EQ(stats->correct, 2);

  // With no grading allowed, nothing is claimed about the majority.
  CountingGrader none;
  auto ungraded = GradeCandidates(tree, item, none, 0);
  ASSERT_TRUE(ungraded.ok());
  EXPECT_EQ(none.asked, 0);
  EXPECT_EQ(ungraded->graded, 0);
  EXPECT_FALSE(ungraded->has_majority);
}

}  // namespace
}  // namespace ponder::experiments
