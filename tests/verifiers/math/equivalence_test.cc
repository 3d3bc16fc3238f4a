// CompareAnswers on hand-picked pairs: each comparison rule, both ways, and the
// cases where a lenient grader would say "true" and this one must not.
#include <gtest/gtest.h>

#include "verifiers/math/answer_check.h"

namespace ponder::math {
namespace {

struct Case {
  const char* answer;
  const char* reference;
  bool equivalent;
};

void PrintTo(const Case& c, std::ostream* os) {
  *os << "'" << c.answer << "' vs '" << c.reference << "' -> " << c.equivalent;
}

class EquivalenceTest : public ::testing::TestWithParam<Case> {};

TEST_P(EquivalenceTest, Grades) {
  const Case& c = GetParam();
  const auto verdict = CompareAnswers(c.answer, c.reference, EquivalenceOptions{});
  ASSERT_TRUE(verdict.ok()) << verdict.status().ToString();
  EXPECT_EQ(verdict->equivalent, c.equivalent) << verdict->detail;
}

INSTANTIATE_TEST_SUITE_P(
    Numbers, EquivalenceTest,
    ::testing::Values(Case{"0.5", "\\frac{1}{2}", true}, Case{"\\dfrac12", "0.5", true},
                      Case{"1.50", "\\frac32", true}, Case{"3.0", "3", true},
                      Case{"003", "3", true}, Case{"6.72\\times10^{-5}", ".0000672", true},
                      Case{"1e3", "1000", true}, Case{"1,000", "1000", true},
                      Case{"1{,}000{,}000", "10^6", true},
                      Case{"-\\frac{1}{2}", "\\frac{-1}{2}", true},
                      Case{"\\frac{1}{-2}", "-0.5", true}, Case{"0.333", "\\frac13", false},
                      Case{"0.33333333", "\\frac{1}{3}", false}, Case{"3", "-3", false},
                      Case{"1,2", "12", false}, Case{"1, 000", "1000", false},
                      Case{"2", "2.0001", false}));

INSTANTIATE_TEST_SUITE_P(
    RadicalsAndPi, EquivalenceTest,
    ::testing::Values(
        Case{"2\\sqrt{5}", "\\sqrt{20}", true},
        Case{"\\frac{1}{\\sqrt3}", "\\frac{\\sqrt{3}}{3}", true},
        Case{"\\sqrt{2}\\cdot\\sqrt{3}", "\\sqrt6", true}, Case{"11\\sqrt2", "11 \\sqrt{2}", true},
        Case{"2\\pi+18", "18+2\\pi", true}, Case{"\\frac{\\pi^2}{8}", "\\pi^2/8", true},
        Case{"\\frac{1}{1+\\sqrt2}", "\\sqrt2-1", true}, Case{"\\sqrt[3]{8}", "2", true},
        Case{"\\sin\\frac{\\pi}{6}", "\\frac12", true}, Case{"3.14159", "\\pi", false},
        Case{"1.4142135623730951", "\\sqrt2", false}, Case{"\\sqrt{5}", "\\sqrt{6}", false},
        Case{"2\\sqrt5", "5\\sqrt2", false}, Case{"\\pi", "180", false}));

INSTANTIATE_TEST_SUITE_P(ComplexNumbers, EquivalenceTest,
                         ::testing::Values(Case{"6-5i", "6 - 5i", true},
                                           Case{"-5i+6", "6-5i", true}, Case{"(1+i)^2", "2i", true},
                                           Case{"\\frac{2}{1-i}", "1+i", true},
                                           Case{"6+5i", "6-5i", false}));

INSTANTIATE_TEST_SUITE_P(
    UnitsAndDecorations, EquivalenceTest,
    ::testing::Values(
        Case{"90", "90^\\circ", true}, Case{"90^{\\circ}", "90^\\circ", true},
        Case{"90 degrees", "90^\\circ", true}, Case{"\\$18.90", "18.9", true},
        Case{"18.90 dollars", "\\$18.90", true}, Case{"5.4", "5.4 \\text{ cents}", true},
        Case{"864", "864 \\mbox{ inches}^2", true}, Case{"15 cm^2", "15\\mbox{ cm}^2", true},
        Case{"50\\%", "50", true}, Case{"\\boxed{7}", "7", true}, Case{"$7$", "7", true},
        Case{"52", "52_8", true}, Case{"52_{8}", "52_8", true}, Case{"\\text{ }5", "5", true},
        Case{"50\\%", "0.5", false}, Case{"42", "52_8", false}));

INSTANTIATE_TEST_SUITE_P(
    Expressions, EquivalenceTest,
    ::testing::Values(Case{"1+2x", "2x+1", true}, Case{"x(x+1)", "x^2+x", true},
                      Case{"(a+5)(b+2)", "ab+2a+5b+10", true},
                      Case{"\\frac{9a+11}{20}", "\\frac{11+9a}{20}", true},
                      Case{"\\frac{\\cos x}{\\sin x}", "\\cot x", true},
                      Case{"\\frac{x^2-1}{x-1}", "x+1", true}, Case{"2k+2", "2(k+1)", true},
                      Case{"p-q", "-(q-p)", true}, Case{"2x+1", "2y+1", false},
                      Case{"x^2+x", "x^2-x", false}, Case{"\\tan x", "\\cot x", false},
                      Case{"q-p", "p-q", false}, Case{"3R^2", "3r^2", false}));

INSTANTIATE_TEST_SUITE_P(
    Equations, EquivalenceTest,
    ::testing::Values(Case{"5", "x=5", true}, Case{"x = 5", "5", true},
                      Case{"y=2x+3", "y = 2x + 3", true}, Case{"2x+3", "y = 2x + 3", true},
                      Case{"AB = 12", "12", true},
                      Case{"10x-14y+22z+8=0", "5x - 7y + 11z + 4 = 0", true},
                      Case{"-5x+7y-11z-4=0", "5x - 7y + 11z + 4 = 0", true},
                      Case{"5x-7y+11z=-4", "5x - 7y + 11z + 4 = 0", true},
                      Case{"5x - 7y + 11z + 5 = 0", "5x - 7y + 11z + 4 = 0", false},
                      Case{"x = 2x - 1", "1", false}, Case{"x+y=5", "5", false},
                      Case{"x = 4", "5", false}));

INSTANTIATE_TEST_SUITE_P(
    TuplesIntervalsSets, EquivalenceTest,
    ::testing::Values(
        Case{"(1, 2)", "(1,2)", true},
        Case{"\\left(3,\\frac{\\pi}{2}\\right)", "(3, \\pi/2)", true},
        Case{"(2,1)", "(1,2)", false}, Case{"[1,2]", "(1,2)", false},
        Case{"(1,2,3)", "(1,2)", false}, Case{"(3,4]", "(3,4]", true},
        Case{"(3,4)", "(3,4]", false}, Case{"[3,4]", "(3,4]", false},
        Case{"x \\in (2, \\infty)", "(2,\\infty)", true}, Case{"(2,\\infty]", "(2,\\infty)", false},
        Case{"(-\\infty,0]", "(-\\infty, 0]", true}, Case{"(\\infty,0]", "(-\\infty, 0]", false},
        Case{"(3,\\infty)\\cup(-\\infty,2)", "(-\\infty, 2) \\cup (3, \\infty)", true},
        Case{"(-\\infty,2)\\cup[3,\\infty)", "(-\\infty, 2) \\cup (3, \\infty)", false},
        Case{"-2,1", "1,-2", true}, Case{"\\{1,-2\\}", "1,-2", true}, Case{"1,-2", "1,-3", false},
        Case{"1,-2,3", "1,-2", false}, Case{"\\{5\\}", "5", true}, Case{"5", "\\{5\\}", true},
        Case{"1+\\sqrt{19}, 1-\\sqrt{19}", "1 \\pm \\sqrt{19}", true},
        Case{"1-\\sqrt{19}", "1 \\pm \\sqrt{19}", false},
        Case{"-2, 1+\\sqrt5, 1-\\sqrt5", "\\{1\\pm\\sqrt{5},-2\\}", true},
        Case{"(1,2)", "1,2", false}, Case{"x=1 \\text{ or } x=2", "1,2", true},
        Case{"x = 2 and x = 1", "\\{1,2\\}", true}, Case{"\\text{A, C}", "A,C", true},
        Case{"\\frac{-1\\pm\\sqrt{5}}{2}", "\\frac{-1+\\sqrt5}{2}, \\frac{-1-\\sqrt5}{2}", true}));

INSTANTIATE_TEST_SUITE_P(
    ChoicesWordsMatrices, EquivalenceTest,
    ::testing::Values(Case{"(B)", "\\text{(B)}", true}, Case{"B", "\\text{(B)}", true},
                      Case{"\\textbf{(B)}", "\\text{(B)}", true}, Case{"(C)", "\\text{(B)}", false},
                      Case{"b", "\\text{(B)}", false}, Case{"Evelyn", "\\text{Evelyn}", true},
                      Case{"\\text{evelyn}", "\\text{Evelyn}", true},
                      Case{"Navin", "\\text{Evelyn}", false},
                      Case{"\\text{ellipse}", "\\text{ellipse}", true},
                      Case{"parabola", "\\text{ellipse}", false},
                      Case{"\\text{Navin and Evelyn}", "\\text{navin and evelyn}", true},
                      Case{"\\begin{pmatrix} -\\frac13 \\\\ \\frac23 \\\\ \\frac53 \\end{pmatrix}",
                           "\\begin{pmatrix} -1/3 \\\\ 2/3 \\\\ 5/3 \\end{pmatrix}", true},
                      Case{"\\begin{bmatrix} -1 & 0 \\\\ 0 & -1 \\end{bmatrix}",
                           "\\begin{pmatrix} -1 & 0 \\\\ 0 & -1 \\end{pmatrix}", true},
                      Case{"\\begin{pmatrix} 0 & -1 \\\\ -1 & 0 \\end{pmatrix}",
                           "\\begin{pmatrix} -1 & 0 \\\\ 0 & -1 \\end{pmatrix}", false}));

INSTANTIATE_TEST_SUITE_P(BadAnswers, EquivalenceTest,
                         ::testing::Values(Case{"", "5", false}, Case{"   ", "5", false},
                                           Case{"\\frac{1}{2", "\\frac12", false},
                                           Case{"\xff\xfe", "5", false}, Case{"5 <", "5", false},
                                           Case{"x < 5", "x < 5", true},
                                           Case{"the answer", "5", false},
                                           Case{"\\unknowncommand", "5", false}));

TEST(CompareAnswersTest, ABadReferenceIsAnErrorNotAVerdict) {
  for (const char* reference : {"", "\\frac{1}{2", "\xc3\x28"}) {
    const auto verdict = CompareAnswers("5", reference, EquivalenceOptions{});
    ASSERT_FALSE(verdict.ok()) << reference;
    EXPECT_EQ(verdict.status().code(), StatusCode::kInvalidArgument);
    EXPECT_EQ(verdict.status().message().rfind("reference: ", 0), 0u) << verdict.status().message();
  }
}

TEST(CompareAnswersTest, AnUnreadableReferenceIsComparedAsText) {
  const auto same = CompareAnswers("x < 5", "x<5", EquivalenceOptions{});
  ASSERT_TRUE(same.ok());
  EXPECT_TRUE(same->equivalent);
  EXPECT_NE(same->detail.find("compared as text"), std::string::npos);
}

TEST(CompareAnswersTest, TheDetailSaysWhy) {
  const auto verdict = CompareAnswers("0.5", "\\frac{1}{3}", EquivalenceOptions{});
  ASSERT_TRUE(verdict.ok());
  EXPECT_EQ(verdict->detail, "not equivalent: \\frac{1}{2} vs \\frac{1}{3}");
}

TEST(CompareAnswersTest, ToleranceAppliesOnlyToNumericComparison) {
  EquivalenceOptions loose;
  loose.relative_tolerance = 1e-3;
  // Exact values stay exact: a decimal approximation of a fraction is still wrong...
  EXPECT_FALSE(CompareAnswers("0.3333", "\\frac13", loose)->equivalent);
  // ...but a value that only has a numeric form is compared within the tolerance.
  EXPECT_TRUE(CompareAnswers("\\sin(1.0001)", "\\sin 1", loose)->equivalent);
  EXPECT_FALSE(CompareAnswers("\\sin(1.0001)", "\\sin 1", EquivalenceOptions{})->equivalent);
}

TEST(EquivalenceOptionsTest, ValidatesItsRanges) {
  EXPECT_TRUE(EquivalenceOptions{}.Validate().ok());
  EXPECT_FALSE((EquivalenceOptions{.relative_tolerance = -1}).Validate().ok());
  EXPECT_FALSE((EquivalenceOptions{.random_points = 0}).Validate().ok());
  auto read = ReadOptions<EquivalenceOptions>({{"random_points", 3}}, "grader");
  ASSERT_TRUE(read.ok());
  EXPECT_EQ(read->random_points, 3);
  EXPECT_FALSE(ReadOptions<EquivalenceOptions>({{"points", 3}}, "grader").ok());
}

}  // namespace
}  // namespace ponder::math
