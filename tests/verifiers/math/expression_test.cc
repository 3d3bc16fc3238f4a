// ParseExpression and the evaluators: TeX argument rules, exact values, numeric values.
#include <gtest/gtest.h>

#include <numbers>
#include <string>

#include "verifiers/math/expression_eval.h"
#include "verifiers/math/expression_parser.h"

namespace ponder::math {
namespace {

// The canonical form of the exact value, or "<inexact>" / "<error: ...>".
std::string Exact(const std::string& text) {
  auto tree = ParseExpression(text);
  if (!tree.ok()) return "<error: " + tree.status().message() + ">";
  auto value = EvaluateExact(*tree);
  return value ? value->ToLatex() : "<inexact>";
}

std::complex<double> Numeric(const std::string& text) {
  auto tree = ParseExpression(text);
  EXPECT_TRUE(tree.ok()) << text;
  return tree.ok() ? EvaluateNumeric(*tree, 0) : std::complex<double>();
}

TEST(ExpressionTest, FractionsInEveryTexSpelling) {
  for (const char* text : {"\\frac{1}{2}", "\\frac12", "\\frac 1 2", "\\dfrac{1}{2}", "1/2", "0.5",
                           ".5", "5e-1", "\\frac{2}{4}", "2^{-1}"}) {
    EXPECT_EQ(Exact(text), "\\frac{1}{2}") << text;
  }
  EXPECT_EQ(Exact("\\frac9{19}"), "\\frac{9}{19}");
  EXPECT_EQ(Exact("\\frac43"), "\\frac{4}{3}");
}

TEST(ExpressionTest, TexTakesOneTokenAsAnArgument) {
  EXPECT_EQ(Exact("\\sqrt2"), "\\sqrt{2}");
  EXPECT_EQ(Exact("\\sqrt25"), "5\\sqrt{2}");  // sqrt(2) * 5, as TeX renders it
  EXPECT_EQ(Exact("x^23"), "3x^{2}");
  EXPECT_EQ(Exact("x^{23}"), "x^{23}");
}

TEST(ExpressionTest, MixedNumbersAndImplicitProducts) {
  EXPECT_EQ(Exact("1\\frac{4}{5}"), "\\frac{9}{5}");
  EXPECT_EQ(Exact("137 \\frac{1}{2}"), "\\frac{275}{2}");
  EXPECT_EQ(Exact("-2\\frac{1}{2}"), "-\\frac{5}{2}");
  EXPECT_EQ(Exact("2\\frac{\\sqrt{3}}{2}"), "\\sqrt{3}");  // not a mixed number
  EXPECT_EQ(Exact("(a+5)(b+2)"), "a b+2a+5b+10");
  EXPECT_EQ(Exact("2\\cdot 3 \\times 4"), "24");
  EXPECT_EQ(Exact("3\\sqrt{12}"), "6\\sqrt{3}");
}

TEST(ExpressionTest, RadicalsPiAndComplexNumbers) {
  EXPECT_EQ(Exact("\\frac{1}{\\sqrt{3}}"), "\\frac{\\sqrt{3}}{3}");
  EXPECT_EQ(Exact("\\sqrt{2}\\sqrt{8}"), "4");
  EXPECT_EQ(Exact("\\sqrt[3]{-27}"), "-3");
  EXPECT_EQ(Exact("8^{2/3}"), "4");
  EXPECT_EQ(Exact("\\pi r^2"), "\\pi r^{2}");
  EXPECT_EQ(Exact("(1+i)^2"), "2i");
  EXPECT_EQ(Exact("\\frac{1}{i}"), "-i");
  EXPECT_EQ(Exact("\\sqrt{-4}"), "2i");
  EXPECT_EQ(Exact("\\frac{20000}{\\pi}"), "\\frac{20000}{\\pi}");
}

TEST(ExpressionTest, WhatTheAlgebraCannotTakeApartBecomesAnAtom) {
  EXPECT_EQ(Exact("\\cot x"), "\\cot(x)");
  EXPECT_EQ(Exact("\\sin^2 x"), "\\sin(x)^{2}");
  EXPECT_EQ(Exact("\\sin^{-1} x"), "\\arcsin(x)");
  EXPECT_EQ(Exact("\\sqrt[3]{2}"), "\\sqrt[3]{2}");
  EXPECT_EQ(Exact("\\frac{2}{x+1}"), Exact("\\frac{4}{2x+2}"));
  EXPECT_EQ(Exact("\\log_2 8"), "\\log_{2}(8)");
  EXPECT_EQ(Exact("5!"), "120");
  EXPECT_EQ(Exact("\\binom{6}{2}"), "15");
  EXPECT_EQ(Exact("|-3|"), "3");
}

TEST(ExpressionTest, NumericValues) {
  EXPECT_NEAR(Numeric("\\sin \\frac{\\pi}{6}").real(), 0.5, 1e-12);
  EXPECT_NEAR(Numeric("\\log_2 8").real(), 3, 1e-12);
  EXPECT_NEAR(Numeric("\\log 100").real(), 2, 1e-12);  // \log is base 10
  EXPECT_NEAR(Numeric("\\ln e").real(), std::log(Numeric("e").real()), 1e-12);
  EXPECT_NEAR(Numeric("\\sqrt[3]{-8}").real(), -2, 1e-12);
  EXPECT_NEAR(Numeric("(-8)^{1/3}").real(), -2, 1e-12);
  EXPECT_NEAR(Numeric("2\\pi").real(), 2 * std::numbers::pi, 1e-12);
  EXPECT_NEAR(Numeric("i^2").real(), -1, 1e-12);
  EXPECT_DOUBLE_EQ(Numeric("2^{100}").real(), std::pow(2.0, 100));
}

TEST(ExpressionTest, VariablesTakeTheSameValueInEveryTree) {
  auto a = ParseExpression("x y");
  auto b = ParseExpression("y \\cdot x");
  ASSERT_TRUE(a.ok() && b.ok());
  for (int p = 0; p < 4; ++p) EXPECT_EQ(EvaluateNumeric(*a, p), EvaluateNumeric(*b, p));
  EXPECT_NE(EvaluateNumeric(*a, 0), EvaluateNumeric(*a, 1));
  EXPECT_TRUE(HasVariables(*a));
}

TEST(ExpressionTest, HugeNumbersAreInexactButNumeric) {
  EXPECT_EQ(Exact("123456789012345678901234567890"), "<inexact>");
  EXPECT_EQ(Exact("2^{100}"), "<inexact>");
  EXPECT_NEAR(Numeric("123456789012345678901234567890").real(), 1.2345678901234568e29, 1e15);
}

TEST(ExpressionTest, MalformedInputIsAnErrorThatSaysWhere) {
  for (const char* text :
       {"", "1+", "(1", "\\frac{1}", "\\unknown", "2**", "x_", "\\", "|x", "1 2 )", "^2"}) {
    auto tree = ParseExpression(text);
    EXPECT_FALSE(tree.ok()) << text;
    if (!tree.ok()) {
      EXPECT_NE(tree.status().message().find("offset"), std::string::npos);
    }
  }
}

TEST(ExpressionTest, NestingIsBounded) {
  const std::string deep = std::string(5000, '(') + "1" + std::string(5000, ')');
  auto tree = ParseExpression(deep);
  ASSERT_FALSE(tree.ok());
  EXPECT_NE(tree.status().message().find("nested more than"), std::string::npos);
  std::string signs(100000, '-');
  EXPECT_FALSE(ParseExpression(signs + "1").ok());
  std::string sum = "1";
  for (int k = 0; k < 3000; ++k) sum += "+1";
  auto long_sum = ParseExpression(sum);
  ASSERT_FALSE(long_sum.ok());
  EXPECT_NE(long_sum.status().message().find("nodes"), std::string::npos);
}

}  // namespace
}  // namespace ponder::math
