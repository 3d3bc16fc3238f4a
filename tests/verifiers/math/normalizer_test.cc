// NormalizeAnswer and FindFinalAnswer: the text-level steps.
#include <gtest/gtest.h>

#include "verifiers/math/final_answer.h"
#include "verifiers/math/latex_normalizer.h"

namespace ponder::math {
namespace {

std::string Normal(std::string_view raw) {
  auto n = NormalizeAnswer(raw);
  return n.ok() ? n->text : "<error: " + n.status().message() + ">";
}

TEST(NormalizeAnswerTest, RemovesWhatDoesNotChangeTheValue) {
  EXPECT_EQ(Normal("\\left( 3, \\frac{\\pi}{2} \\right)"), "( 3, \\frac{\\pi}{2} )");
  EXPECT_EQ(Normal("\\dfrac{1}{2}"), "\\frac{1}{2}");
  EXPECT_EQ(Normal("10,\\!080"), "10080");
  EXPECT_EQ(Normal("11,\\! 111,\\! 111,\\! 100"), "11111111100");
  EXPECT_EQ(Normal("10{,}080"), "10080");
  EXPECT_EQ(Normal("\\$32,\\!348"), "32348");
  EXPECT_EQ(Normal("30^\\circ"), "30");
  EXPECT_EQ(Normal("30^{\\circ}"), "30");
  EXPECT_EQ(Normal("30\u00b0"), "30");
  EXPECT_EQ(Normal("50\\%"), "50");
  EXPECT_EQ(Normal("864 \\mbox{ inches}^2"), "864");
  EXPECT_EQ(Normal("5.4 \\text{ cents}"), "5.4");
  EXPECT_EQ(Normal("\\frac{270}7\\text{ degrees}"), "\\frac{270}7");
  EXPECT_EQ(Normal("12 square feet"), "12");
  EXPECT_EQ(Normal("52_8"), "52");
  EXPECT_EQ(Normal("4210_{5}"), "4210");
  EXPECT_EQ(Normal("$\\boxed{5}$."), "5");
  EXPECT_EQ(Normal("\\[ x = 2 \\]"), "x = 2");
  EXPECT_EQ(Normal("\\text{(C)}"), "(C)");
  EXPECT_EQ(Normal("3\u221a2 \u2212 \u03c0"), "3\\sqrt2 - \\pi");
  EXPECT_EQ(Normal("\\operatorname{lcm}(4,6)"), "\\lcm (4,6)");
}

TEST(NormalizeAnswerTest, MatrixRowBreaksSurviveSpacingRemoval) {
  EXPECT_EQ(Normal("\\begin{pmatrix} 1 \\\\ 2 \\end{pmatrix}"),
            "\\begin{pmatrix} 1 \\\\ 2 \\end{pmatrix}");
  EXPECT_EQ(Normal("a\\,b\\!c\\;d\\ e~f"), "a bc d e f");
}

TEST(NormalizeAnswerTest, MarksWordAnswers) {
  auto word = NormalizeAnswer("\\text{Evelyn}");
  ASSERT_TRUE(word.ok());
  EXPECT_TRUE(word->was_text);
  EXPECT_EQ(word->text, "Evelyn");
  auto unit = NormalizeAnswer("5\\text{ m}");
  ASSERT_TRUE(unit.ok());
  EXPECT_FALSE(unit->was_text);
  EXPECT_EQ(unit->text, "5");
}

TEST(NormalizeAnswerTest, BadInputIsAClearError) {
  EXPECT_EQ(Normal(""), "<error: empty once normalised>");
  EXPECT_EQ(Normal("  $ $ "), "<error: empty once normalised>");
  EXPECT_EQ(Normal("\\frac{1}{2"), "<error: the braces do not balance>");
  EXPECT_EQ(Normal("}{"), "<error: the braces do not balance>");
  EXPECT_EQ(Normal("\xff\xfe"), "<error: not valid UTF-8>");
  EXPECT_EQ(Normal("\xc0\x80"), "<error: not valid UTF-8>");      // overlong
  EXPECT_EQ(Normal("\xed\xa0\x80"), "<error: not valid UTF-8>");  // surrogate
  EXPECT_EQ(Normal("12\xe2\x88"), "<error: not valid UTF-8>");    // cut short
  EXPECT_NE(Normal(std::string(5000, '1')).find("at most 4096"), std::string::npos);
}

TEST(IsValidUtf8Test, AcceptsEveryWellFormedLength) {
  EXPECT_TRUE(IsValidUtf8("a\u00e9\u20ac\U0001F600"));
  EXPECT_FALSE(IsValidUtf8("\xf4\x90\x80\x80"));  // past U+10FFFF
}

TEST(LastBoxedTest, NestedBracesAndTheLastBox) {
  EXPECT_EQ(LastBoxed("so \\boxed{1} or \\boxed{\\frac{1}{2}}."), "\\frac{1}{2}");
  EXPECT_EQ(LastBoxed("\\fbox{7} after \\boxed{3}"), "3");
  EXPECT_EQ(LastBoxed("\\boxed{3} after \\fbox{7}"), "7");
  EXPECT_EQ(LastBoxed("the answer is $\\boxed 5$"), "5");
  EXPECT_EQ(LastBoxed("\\boxed{\\{1,2\\}}"), "\\{1,2\\}");
  EXPECT_EQ(LastBoxed("\\boxed{4} then cut off \\boxed{\\frac{1}{"), "4");
  EXPECT_FALSE(LastBoxed("no box here").has_value());
  EXPECT_FALSE(LastBoxed("\\boxed").has_value());
}

TEST(FindFinalAnswerTest, BoxThenAnswerPhraseThenLastNumber) {
  EXPECT_EQ(FindFinalAnswer("x = 3, so \\boxed{3}. The answer is 4."), "3");
  EXPECT_EQ(FindFinalAnswer("We get 12. The answer is $\\frac{1}{2}$."), "\\frac{1}{2}");
  EXPECT_EQ(FindFinalAnswer("The answer is 42. Done."), "42");
  EXPECT_EQ(FindFinalAnswer("The answer is 3.5."), "3.5");
  EXPECT_EQ(FindFinalAnswer("Final answer: (2, 3)"), "(2, 3)");
  EXPECT_EQ(FindFinalAnswer("**Final Answer:** 17"), "17");
  EXPECT_EQ(FindFinalAnswer("The answer is **42**."), "42");  // markdown bold around it
  EXPECT_EQ(FindFinalAnswer("Final answer: *x + 1*"), "x + 1");
  EXPECT_EQ(FindFinalAnswer("Final Answer: The final answer is $-7$. I hope it is correct."), "-7");
  EXPECT_EQ(FindFinalAnswer("the answer is \\(x^2\\) here"), "x^2");
  EXPECT_EQ(FindFinalAnswer("The answer is $\\$18.90$."), "\\$18.90");
  EXPECT_EQ(FindFinalAnswer("so 3 apples and 1,000 pears."), "1,000");
  EXPECT_EQ(FindFinalAnswer("the ratio is 3/4"), "3/4");
  EXPECT_EQ(FindFinalAnswer("it drops to -12 degrees"), "-12");
  EXPECT_EQ(FindFinalAnswer("My answer is\n5"), "5");  // the phrase ends its line: last number
  EXPECT_FALSE(FindFinalAnswer("no numbers at all").has_value());
  EXPECT_FALSE(FindFinalAnswer("").has_value());
}

TEST(FindFinalAnswerTest, LongAdversarialSolutionsStayLinear) {
  std::string many_open;
  for (int k = 0; k < 50000; ++k) many_open += "\\boxed{";
  EXPECT_FALSE(LastBoxed(many_open).has_value());
  EXPECT_FALSE(FindFinalAnswer(many_open).has_value());
  const std::string answers(200000, 'a');
  EXPECT_FALSE(FindFinalAnswer(answers).has_value());
}

}  // namespace
}  // namespace ponder::math
