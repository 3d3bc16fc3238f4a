// MathGrader and MathAnswerExtractor through the search/ interfaces they implement.
#include "verifiers/math/math_grader.h"

#include <gtest/gtest.h>

#include <thread>

namespace ponder {
namespace {

TEST(MathAnswerExtractorTest, EquivalentAnswersGetOneKey) {
  const MathAnswerExtractor extractor;
  const AnswerExtractor& as_interface = extractor;
  for (const char* solution :
       {"so $\\boxed{\\frac{1}{2}}$", "The answer is 0.5.", "Final answer: $\\dfrac12$",
        "half of it: \\boxed{\\tfrac{2}{4}}", "x = \\boxed{x = 0.50}"}) {
    EXPECT_EQ(as_interface.Extract(solution), "\\frac{1}{2}") << solution;
  }
  EXPECT_EQ(extractor.Extract("\\boxed{\\{2, 1\\}}"), extractor.Extract("\\boxed{1,2}"));
  EXPECT_EQ(extractor.Extract("\\boxed{1+2x}"), extractor.Extract("The answer is $2x+1$."));
  EXPECT_NE(extractor.Extract("\\boxed{(1,2)}"), extractor.Extract("\\boxed{(2,1)}"));
  EXPECT_EQ(extractor.Extract("\\boxed{\\text{(B)}}"), "B");
}

TEST(MathAnswerExtractorTest, KeysOfUnreadableAnswersAreTheirTextAndNoAnswerIsNullopt) {
  const MathAnswerExtractor extractor;
  EXPECT_EQ(extractor.Extract("\\boxed{ x < 5 }"), "x < 5");
  // The box never closes: cut off in its answer, so no answer (not the last number, 2).
  EXPECT_EQ(extractor.Extract("\\boxed{ \\frac{1}{2 }"), std::nullopt);
  EXPECT_FALSE(extractor.Extract("I could not solve it.").has_value());
  EXPECT_FALSE(extractor.Extract("\\boxed{\xff}").has_value());
}

TEST(MathGraderTest, GradesABatchInOrder) {
  MathGrader grader;
  Problem p1{.id = "p1"}, p2{.id = "p2"};
  Reference half{.answer = "\\frac12"}, interval{.answer = "(3,4]"};
  std::vector<GradeRequest> requests = {
      {.problem = &p1, .reference = &half, .answer = "0.5"},
      {.problem = &p2, .reference = &interval, .answer = "(3,4)"},
      {.problem = &p1, .reference = &half, .solution = "so the answer is $\\boxed{2/4}$"},
      {.problem = &p1, .reference = &half, .answer = "", .solution = "no idea"},
  };
  const auto grades = grader.GradeBatch(requests);
  ASSERT_EQ(grades.size(), 4u);
  for (const auto& g : grades) ASSERT_TRUE(g.ok()) << g.status().ToString();
  EXPECT_TRUE(grades[0]->correct);
  EXPECT_EQ(grades[0]->score, 1.0);
  EXPECT_FALSE(grades[1]->correct);
  EXPECT_EQ(grades[1]->score, 0.0);
  EXPECT_EQ(grades[1]->detail, "not equivalent: (3,4) vs (3,4]");
  EXPECT_TRUE(grades[2]->correct);
  EXPECT_FALSE(grades[3]->correct);
}

TEST(MathGraderTest, ABadReferenceFailsOnlyItsOwnRequest) {
  MathGrader grader;
  Problem p{.id = "test/algebra/1.json"};
  Reference good{.answer = "3"}, empty{.answer = ""};
  std::vector<GradeRequest> requests = {
      {.problem = &p, .reference = &empty, .answer = "3"},
      {.problem = &p, .reference = nullptr, .answer = "3"},
      {.problem = &p, .reference = &good, .answer = "3"},
  };
  const auto grades = grader.GradeBatch(requests);
  ASSERT_EQ(grades.size(), 3u);
  ASSERT_FALSE(grades[0].ok());
  EXPECT_EQ(grades[0].status().message(),
            "problem 'test/algebra/1.json': reference: empty once normalised");
  ASSERT_FALSE(grades[1].ok());
  EXPECT_NE(grades[1].status().message().find("has no reference"), std::string::npos);
  ASSERT_TRUE(grades[2].ok());
  EXPECT_TRUE(grades[2]->correct);
}

TEST(MathGraderTest, MayBeCalledFromSeveralThreads) {
  MathGrader grader;
  Reference ref{.answer = "2\\sqrt{5}"};
  std::vector<std::thread> threads;
  std::vector<int> correct(4, 0);
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int k = 0; k < 200; ++k) {
        GradeRequest request{.reference = &ref, .answer = k % 2 ? "\\sqrt{20}" : "\\sqrt{21}"};
        correct[t] += grader.GradeBatch(std::span(&request, 1))[0]->correct;
      }
    });
  }
  for (auto& t : threads) t.join();
  for (int c : correct) EXPECT_EQ(c, 100);
}

}  // namespace
}  // namespace ponder
