// AIME 2024 (../shared/data/aime/aime2024.jsonl, 30 problems; answers are
// integers 0-999): every box in the community solutions ("045", "\textbf{(540)}",
// "\mathbf{127}", "104.") grades equal to the reference, as do rewritten forms;
// perturbed forms do not.
#include <gtest/gtest.h>

#include "tests/verifiers/math/reference_data.h"
#include "tests/verifiers/math/surface_forms.h"
#include "verifiers/math/answer_check.h"
#include "verifiers/math/final_answer.h"

namespace ponder::math {
namespace {

bool Grades(const std::string& answer, const std::string& reference) {
  const auto verdict = CompareAnswers(answer, reference, EquivalenceOptions{});
  EXPECT_TRUE(verdict.ok()) << verdict.status().ToString();
  return verdict.ok() && verdict->equivalent;
}

class Aime2024Test : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { problems_ = testing::LoadReferences("aime/aime2024.jsonl"); }
  static inline std::vector<testing::ReferenceProblem> problems_;
};

TEST_F(Aime2024Test, HasThirtyIntegerAnswers) {
  ASSERT_EQ(problems_.size(), 30u);
  for (const auto& p : problems_) {
    EXPECT_EQ(CanonicalAnswerKey(p.answer), std::to_string(std::stoi(p.answer))) << p.id;
  }
}

TEST_F(Aime2024Test, EveryBoxInTheSolutionsGradesEqual) {
  int boxes = 0;
  for (const auto& p : problems_) {
    // Each solution may hold several boxes (one per community solution): grade each.
    std::string_view rest = p.solution;
    for (auto box = LastBoxed(rest); box; box = LastBoxed(rest)) {
      EXPECT_TRUE(Grades(std::string(*box), p.answer)) << p.id << ": box '" << *box << "'";
      ++boxes;
      rest = rest.substr(0, static_cast<size_t>(box->data() - rest.data()) - 1);
      rest = rest.substr(0, rest.rfind('\\'));
    }
  }
  // 29 of the 30 solutions have boxes (2024-I-1 states its answer without one).
  EXPECT_GE(boxes, 80);
}

TEST_F(Aime2024Test, RewrittenFormsGradeTrue) {
  for (const auto& p : problems_) {
    std::vector<testing::SurfaceForm> forms = testing::Rewrites(p.answer);
    // The forms AIME solutions use: leading zeros and bold, parenthesised boxes.
    char padded[8];
    std::snprintf(padded, sizeof(padded), "%03d", std::stoi(p.answer));
    forms.push_back({"leading zeros", padded});
    forms.push_back({"bold parenthesised", "\\textbf{(" + p.answer + ") }"});
    forms.push_back({"mathbf", "\\mathbf{" + p.answer + "}"});
    forms.push_back(
        {"doubled and halved", "\\frac{" + std::to_string(2 * std::stoi(p.answer)) + "}{2}"});
    for (const auto& form : forms) {
      EXPECT_TRUE(Grades(form.text, p.answer)) << p.id << " [" << form.rule << "]: " << form.text;
    }
  }
}

TEST_F(Aime2024Test, PerturbedFormsGradeFalse) {
  for (const auto& p : problems_) {
    std::vector<testing::SurfaceForm> forms = testing::Perturbations(p.answer);
    forms.push_back({"times ten", p.answer + "0"});
    forms.push_back({"halved", "\\frac{" + p.answer + "}{2}"});
    forms.push_back({"digits as a list", std::string(1, p.answer[0]) + "," + p.answer.substr(1)});
    for (const auto& form : forms) {
      if (form.text == p.answer || form.text.back() == ',') continue;
      EXPECT_FALSE(Grades(form.text, p.answer)) << p.id << " [" << form.rule << "]: " << form.text;
    }
  }
}

}  // namespace
}  // namespace ponder::math
