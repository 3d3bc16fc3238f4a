// Polynomial: the exact algebra math answers are compared in, and the source of
// their canonical printed form.
//
// A value is a sum of terms c * i^m * sqrt(r) * s1^e1 * s2^e2 ..., with c a
// Rational, m in {0, 1}, r a squarefree integer >= 1 and s_k named symbols with
// non-zero integer exponents (negative ones allowed: Laurent polynomials).
// Symbols are variables ("x", "\alpha", "a_{1}"), the constants "\pi" and
// "\infty", and opaque atoms: subexpressions the algebra cannot take apart
// (sin(x), cube roots, 1/(x+1)), named by their own canonical form.
//
// Without atoms, two values are equal exactly when their term lists are equal:
// square roots of distinct squarefree integers are linearly independent over
// Q(i), pi is transcendental and variables are free. With atoms that is not so
// (sin(pi/6) is 1/2), so a value remembers whether it holds one (opaque()) and
// callers treat a mismatch of opaque values as "unknown", not "different".
//
// Every operation returns nullopt when a number overflows int64, a value grows
// past kMaxTerms terms or the shared WorkBudget runs out: callers then fall back
// to numeric comparison. Plain value; thread-compatible.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "verifiers/math/rational.h"

namespace ponder::math {

inline constexpr std::string_view kPiSymbol = "\\pi";
inline constexpr std::string_view kInfinitySymbol = "\\infty";

struct Basis {
  bool imaginary = false;
  int64_t radicand = 1;                             // squarefree, >= 1
  std::vector<std::pair<std::string, int>> powers;  // sorted by name, exponents != 0
  friend bool operator==(const Basis&, const Basis&) = default;
};

struct Term {
  Rational coefficient;
  Basis basis;
  friend bool operator==(const Term&, const Term&) = default;
};

// Caps the monomial products one evaluation may spend, so that nested powers of
// long sums cannot take quadratic time again and again.
class WorkBudget {
 public:
  explicit WorkBudget(int64_t products = 200'000) : remaining_(products) {}
  bool Spend(int64_t products) {
    remaining_ -= products;
    return remaining_ >= 0;
  }

 private:
  int64_t remaining_;
};

class Polynomial {
 public:
  static constexpr size_t kMaxTerms = 256;
  static constexpr int kMaxExponent = 1024;

  Polynomial() = default;  // zero
  static Polynomial Constant(const Rational& value);
  static Polynomial ImaginaryUnit();
  // A variable, or one of the constants \pi and \infty.
  static Polynomial Symbol(std::string name);
  // An opaque atom (see the header comment), named by its canonical form.
  static Polynomial Atom(std::string name);
  // The exact square root of a rational (i*sqrt(-q) for q < 0); nullopt when the
  // radicand is too large to factor cheaply.
  static std::optional<Polynomial> SquareRoot(const Rational& value);

  const std::vector<Term>& terms() const { return terms_; }
  bool is_zero() const { return terms_.empty(); }
  bool opaque() const { return opaque_; }
  // The value as a rational when it is one (zero included).
  std::optional<Rational> AsRational() const;
  // True when no symbol other than \pi appears (and no atom).
  bool IsConstant() const;

  // The canonical LaTeX form: terms in a fixed order, each as
  // [-]coef·\sqrt{r}·\pi^k·symbols·i or \frac{...}{...}; e.g. "\frac{3\sqrt{3}}{4}",
  // "x^{2}+2x+1", "6-5i", "18+2\pi". The parser reads it back to the same value.
  std::string ToLatex() const;

  friend bool operator==(const Polynomial& a, const Polynomial& b) { return a.terms_ == b.terms_; }

  friend std::optional<Polynomial> Add(const Polynomial& a, const Polynomial& b);
  friend Polynomial Negate(const Polynomial& a);
  friend std::optional<Polynomial> Multiply(const Polynomial& a, const Polynomial& b,
                                            WorkBudget& budget);
  // 1/a when a is a single term; nullopt otherwise (and for zero).
  friend std::optional<Polynomial> Inverse(const Polynomial& a);

 private:
  // Sorts `terms` into canonical order and adds up equal bases; opaque when a or b is.
  static std::optional<Polynomial> FromTerms(std::vector<Term> terms, const Polynomial& a,
                                             const Polynomial& b);

  std::vector<Term> terms_;  // canonical order, distinct bases, no zero coefficients
  bool opaque_ = false;
};

// a^exponent for an integer exponent (negative only for single terms).
std::optional<Polynomial> Power(const Polynomial& a, int64_t exponent, WorkBudget& budget);

}  // namespace ponder::math
