// MATH500 (../shared/data/math500/test.jsonl, all 500 problems): the grader must
// accept each reference answer against its own solution's box and against
// rewritten surface forms of itself, and reject perturbed forms.
#include <gtest/gtest.h>

#include "search/problem.h"
#include "tests/verifiers/math/reference_data.h"
#include "tests/verifiers/math/surface_forms.h"
#include "verifiers/math/answer_check.h"
#include "verifiers/math/final_answer.h"
#include "verifiers/math/latex_normalizer.h"
#include "verifiers/math/math_answer.h"
#include "verifiers/math/math_grader.h"

namespace ponder::math {
namespace {

using testing::LoadReferences;
using testing::ReferenceProblem;

class Math500Test : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { problems_ = LoadReferences("math500/test.jsonl"); }

  enum class Expect { kTrue, kFalse };

  // "" when `form` grades as expected against the reference of `p`, else a line saying why not.
  static std::string Check(const ReferenceProblem& p, const testing::SurfaceForm& form,
                           Expect expected) {
    const auto verdict = CompareAnswers(form.text, p.answer, EquivalenceOptions{});
    const std::string where = p.id + " [" + form.rule + "]: ";
    if (!verdict.ok()) return where + "error " + verdict.status().ToString() + "\n";
    if (verdict->equivalent == (expected == Expect::kTrue)) return "";
    return where + "'" + form.text + "' vs '" + p.answer + "' graded " +
           (verdict->equivalent ? "true" : "false") + " (" + verdict->detail + ")\n";
  }

  static inline std::vector<ReferenceProblem> problems_;
};

TEST_F(Math500Test, HasAllFiveHundredProblems) { EXPECT_EQ(problems_.size(), 500u); }

TEST_F(Math500Test, EveryReferenceParsesAsMath) {
  std::string failures;
  for (const auto& p : problems_) {
    auto normalized = NormalizeAnswer(p.answer);
    ASSERT_TRUE(normalized.ok()) << p.id << ": " << normalized.status().ToString();
    auto parsed = ParseMathAnswer(*normalized);
    if (!parsed.ok())
      failures += p.id + ": '" + p.answer + "': " + parsed.status().message() + "\n";
  }
  EXPECT_EQ(failures, "");
}

TEST_F(Math500Test, ReferenceEqualsTheBoxOfItsSolution) {
  std::string failures;
  for (const auto& p : problems_) {
    const auto boxed = LastBoxed(p.solution);
    ASSERT_TRUE(boxed.has_value()) << p.id;
    failures += Check(p, {"solution box", std::string(*boxed)}, Expect::kTrue);
  }
  EXPECT_EQ(failures, "");
}

TEST_F(Math500Test, ExtractorGivesTheReferenceKeyFromTheSolution) {
  const MathAnswerExtractor extractor;
  std::string failures;
  for (const auto& p : problems_) {
    const auto key = extractor.Extract(p.solution);
    ASSERT_TRUE(key.has_value()) << p.id;
    if (*key != CanonicalAnswerKey(p.answer)) failures += p.id + ": key '" + *key + "'\n";
    failures += Check(p, {"extracted key", *key}, Expect::kTrue);
  }
  EXPECT_EQ(failures, "");
}

TEST_F(Math500Test, CanonicalKeysReadBackToThemselves) {
  std::string failures;
  for (const auto& p : problems_) {
    const auto key = CanonicalAnswerKey(p.answer);
    ASSERT_TRUE(key.has_value()) << p.id;
    if (CanonicalAnswerKey(*key) != key) {
      failures += p.id + ": '" + *key + "' -> '" + CanonicalAnswerKey(*key).value_or("") + "'\n";
    }
  }
  EXPECT_EQ(failures, "");
}

TEST_F(Math500Test, RewrittenSurfaceFormsGradeTrueAndShareTheKey) {
  std::string failures;
  int checked = 0;
  for (const auto& p : problems_) {
    const auto key = CanonicalAnswerKey(p.answer);
    for (const auto& form : testing::Rewrites(p.answer)) {
      failures += Check(p, form, Expect::kTrue);
      if (CanonicalAnswerKey(form.text) != key) {
        failures += p.id + " [" + form.rule + "]: key of '" + form.text + "' is '" +
                    CanonicalAnswerKey(form.text).value_or("") + "', not '" + *key + "'\n";
      }
      ++checked;
    }
  }
  EXPECT_EQ(failures, "");
  EXPECT_GE(checked, 3500);  // about eight forms per problem
}

TEST_F(Math500Test, SentencesStatingTheAnswerGradeTrue) {
  const MathAnswerExtractor extractor;
  std::string failures;
  for (const auto& p : problems_) {
    for (const std::string& sentence :
         {"Putting it together, the answer is $" + p.answer + "$. I hope it is correct.",
          "So we are done.\n\nFinal answer: $\\boxed{" + p.answer + "}$",
          "**Final Answer:** $" + p.answer + "$"}) {
      const auto key = extractor.Extract(sentence);
      if (!key) {
        failures += p.id + ": nothing extracted from '" + sentence + "'\n";
        continue;
      }
      failures += Check(p, {"sentence", *key}, Expect::kTrue);
    }
  }
  EXPECT_EQ(failures, "");
}

TEST_F(Math500Test, PerturbedFormsGradeFalse) {
  std::string failures;
  int checked = 0;
  for (const auto& p : problems_) {
    for (const auto& form : testing::Perturbations(p.answer)) {
      failures += Check(p, form, Expect::kFalse);
      ++checked;
    }
  }
  EXPECT_EQ(failures, "");
  EXPECT_GE(checked, 1000);
}

TEST_F(Math500Test, GraderGradesTheSolutionsThemselves) {
  MathGrader grader;
  std::vector<Problem> problems(problems_.size());
  std::vector<Reference> references(problems_.size());
  std::vector<GradeRequest> requests;
  for (size_t k = 0; k < problems_.size(); ++k) {
    problems[k].id = problems_[k].id;
    references[k].answer = problems_[k].answer;
    // No extracted answer: the grader finds it in the solution.
    requests.push_back(
        {.problem = &problems[k], .reference = &references[k], .solution = problems_[k].solution});
  }
  const auto grades = grader.GradeBatch(requests);
  ASSERT_EQ(grades.size(), requests.size());
  for (size_t k = 0; k < grades.size(); ++k) {
    ASSERT_TRUE(grades[k].ok()) << grades[k].status().ToString();
    EXPECT_TRUE(grades[k]->correct) << problems_[k].id << ": " << grades[k]->detail;
    EXPECT_EQ(grades[k]->score, 1.0);
  }
}

}  // namespace
}  // namespace ponder::math
