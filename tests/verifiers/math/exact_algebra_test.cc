// Rational and Polynomial: exactness, overflow as nullopt, canonical printing.
#include <gtest/gtest.h>

#include <limits>

#include "verifiers/math/polynomial.h"
#include "verifiers/math/rational.h"

namespace ponder::math {
namespace {

Rational Q(int64_t p, int64_t q = 1) { return *Rational::Make(p, q); }

TEST(RationalTest, KeepsLowestTermsAndAPositiveDenominator) {
  EXPECT_EQ(Q(6, -4).ToString(), "-3/2");
  EXPECT_EQ(Q(0, 7).ToString(), "0");
  EXPECT_FALSE(Rational::Make(1, 0).has_value());
  EXPECT_EQ(Add(Q(1, 2), Q(1, 3))->ToString(), "5/6");
  EXPECT_EQ(Multiply(Q(2, 3), Q(9, 4))->ToString(), "3/2");
  EXPECT_EQ(Divide(Q(1, 2), Q(-1, 4))->ToString(), "-2");
  EXPECT_FALSE(Divide(Q(1), Q(0)).has_value());
}

TEST(RationalTest, OverflowIsNulloptNotWrapAround) {
  const Rational big(std::numeric_limits<int64_t>::max());
  EXPECT_FALSE(Add(big, Q(1)).has_value());
  EXPECT_FALSE(Multiply(big, Q(2)).has_value());
  EXPECT_FALSE(Power(Q(10), 19).has_value());
  EXPECT_EQ(Power(Q(10), 18)->ToString(), "1000000000000000000");
  EXPECT_EQ(Power(Q(2, 3), -2)->ToString(), "9/4");
  EXPECT_FALSE(Power(Q(0), -1).has_value());
}

TEST(RationalTest, ExactRootsOnlyOfPerfectPowers) {
  EXPECT_EQ(ExactRoot(Q(8, 27), 3)->ToString(), "2/3");
  EXPECT_EQ(ExactRoot(Q(-8), 3)->ToString(), "-2");
  EXPECT_FALSE(ExactRoot(Q(-4), 2).has_value());
  EXPECT_FALSE(ExactRoot(Q(2), 2).has_value());
}

TEST(PolynomialTest, SquareRootsReduceToSquarefreeRadicands) {
  EXPECT_EQ(Polynomial::SquareRoot(Q(20))->ToLatex(), "2\\sqrt{5}");
  EXPECT_EQ(Polynomial::SquareRoot(Q(1, 3))->ToLatex(), "\\frac{\\sqrt{3}}{3}");
  EXPECT_EQ(Polynomial::SquareRoot(Q(-9))->ToLatex(), "3i");
  EXPECT_EQ(Polynomial::SquareRoot(Q(49, 4))->ToLatex(), "\\frac{7}{2}");
}

TEST(PolynomialTest, ProductsOfRootsAndImaginaryUnits) {
  WorkBudget budget;
  const Polynomial r2 = *Polynomial::SquareRoot(Q(2));
  const Polynomial r6 = *Polynomial::SquareRoot(Q(6));
  EXPECT_EQ(Multiply(r2, r6, budget)->ToLatex(), "2\\sqrt{3}");
  const Polynomial i = Polynomial::ImaginaryUnit();
  EXPECT_EQ(Multiply(i, i, budget)->ToLatex(), "-1");
  EXPECT_EQ(Inverse(i)->ToLatex(), "-i");
  EXPECT_EQ(Inverse(r2)->ToLatex(), "\\frac{\\sqrt{2}}{2}");
  // (1 + sqrt 2)^2 = 3 + 2 sqrt 2.
  const Polynomial one_plus = *Add(Polynomial::Constant(Q(1)), r2);
  EXPECT_EQ(Power(one_plus, 2, budget)->ToLatex(), "3+2\\sqrt{2}");
}

TEST(PolynomialTest, CanonicalOrderDoesNotDependOnInputOrder) {
  WorkBudget budget;
  const Polynomial x = Polynomial::Symbol("x"), y = Polynomial::Symbol("y");
  const Polynomial pi = Polynomial::Symbol("\\pi");
  const auto a = *Add(*Add(Polynomial::Constant(Q(1)), x), *Multiply(x, x, budget));
  const auto b = *Add(*Multiply(x, x, budget), *Add(x, Polynomial::Constant(Q(1))));
  EXPECT_EQ(a, b);
  EXPECT_EQ(a.ToLatex(), "x^{2}+x+1");
  EXPECT_EQ(Add(Polynomial::Constant(Q(18)), *Multiply(Polynomial::Constant(Q(2)), pi, budget))
                ->ToLatex(),
            "18+2\\pi");
  EXPECT_EQ(Multiply(*Inverse(x), y, budget)->ToLatex(), "\\frac{y}{x}");
  EXPECT_EQ(Multiply(Polynomial::Constant(Q(3, 4)), pi, budget)->ToLatex(), "\\frac{3\\pi}{4}");
}

TEST(PolynomialTest, OpaqueAtomsAreRemembered) {
  WorkBudget budget;
  const Polynomial atom = Polynomial::Atom("\\sin(x)");
  EXPECT_TRUE(atom.opaque());
  EXPECT_TRUE(Add(atom, Polynomial::Constant(Q(1)))->opaque());
  EXPECT_FALSE(Polynomial::Symbol("x").opaque());
  EXPECT_EQ(Power(atom, 2, budget)->ToLatex(), "\\sin(x)^{2}");
}

TEST(PolynomialTest, GrowthIsBounded) {
  WorkBudget budget;
  const Polynomial x = Polynomial::Symbol("x");
  const Polynomial sum = *Add(x, Polynomial::Constant(Q(1)));
  // (x+1)^300 has 301 terms (and huge coefficients): refused, not computed.
  EXPECT_FALSE(Power(sum, 300, budget).has_value());
  EXPECT_FALSE(Power(x, Polynomial::kMaxExponent + 1, budget).has_value());
  WorkBudget tiny(10);
  const Polynomial big = *Power(sum, 10, budget);
  EXPECT_FALSE(Multiply(big, big, tiny).has_value());
}

}  // namespace
}  // namespace ponder::math
