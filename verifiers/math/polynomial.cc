#include "verifiers/math/polynomial.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <numeric>
#include <tuple>

#include "verifiers/math/concat.h"

namespace ponder::math {
namespace {

// Square roots of integers up to this are reduced to c*sqrt(squarefree) by trial division
// (at most sqrt(kMaxRadicand) = 10^5 divisions).
constexpr int64_t kMaxRadicand = 10'000'000'000;

int PiExponent(const Basis& b) {
  for (const auto& [name, e] : b.powers) {
    if (name == kPiSymbol) return e;
  }
  return 0;
}

int VariableDegree(const Basis& b) {
  int degree = 0;
  for (const auto& [name, e] : b.powers) {
    if (name != kPiSymbol) degree += e;
  }
  return degree;
}

// The canonical term order: higher degree in variables first, then by variable names,
// then powers of pi ascending, real before imaginary, smaller radicands first. So
// "x^{2}+2x+1", "18+2\pi", "6-5i", "1+2\sqrt{3}".
bool BasisLess(const Basis& a, const Basis& b) {
  const int da = VariableDegree(a), db = VariableDegree(b);
  if (da != db) return da > db;
  auto ia = a.powers.begin(), ib = b.powers.begin();
  while (true) {
    while (ia != a.powers.end() && ia->first == kPiSymbol) ++ia;
    while (ib != b.powers.end() && ib->first == kPiSymbol) ++ib;
    if (ia == a.powers.end() || ib == b.powers.end()) {
      if ((ia == a.powers.end()) != (ib == b.powers.end())) return ia != a.powers.end();
      break;
    }
    if (ia->first != ib->first) return ia->first < ib->first;
    if (ia->second != ib->second) return ia->second > ib->second;
    ++ia;
    ++ib;
  }
  return std::make_tuple(PiExponent(a), a.imaginary, a.radicand) <
         std::make_tuple(PiExponent(b), b.imaginary, b.radicand);
}

// Sorts terms, adds up equal bases and drops zeros; nullopt on overflow or too many terms.
std::optional<std::vector<Term>> Normalize(std::vector<Term> terms) {
  std::sort(terms.begin(), terms.end(),
            [](const Term& x, const Term& y) { return BasisLess(x.basis, y.basis); });
  std::vector<Term> out;
  for (Term& t : terms) {
    if (!out.empty() && out.back().basis == t.basis) {
      auto sum = Add(out.back().coefficient, t.coefficient);
      if (!sum) return std::nullopt;
      out.back().coefficient = *sum;
    } else {
      out.push_back(std::move(t));
    }
    if (out.back().coefficient.is_zero()) out.pop_back();
  }
  if (out.size() > Polynomial::kMaxTerms) return std::nullopt;
  return out;
}

std::optional<Term> MultiplyTerms(const Term& a, const Term& b) {
  auto coefficient = Multiply(a.coefficient, b.coefficient);
  if (!coefficient) return std::nullopt;
  Term t;
  // i * i = -1.
  if (a.basis.imaginary && b.basis.imaginary) coefficient = -*coefficient;
  t.basis.imaginary = a.basis.imaginary != b.basis.imaginary;
  // sqrt(g a') sqrt(g b') = g sqrt(a' b'); a' b' is squarefree because a' and b' are coprime.
  const int64_t g = std::gcd(a.basis.radicand, b.basis.radicand);
  const __int128 radicand = static_cast<__int128>(a.basis.radicand / g) * (b.basis.radicand / g);
  if (radicand > kMaxRadicand) return std::nullopt;
  t.basis.radicand = static_cast<int64_t>(radicand);
  coefficient = Multiply(*coefficient, Rational(g));
  if (!coefficient) return std::nullopt;
  t.coefficient = *coefficient;
  // Merge the sorted power lists.
  auto ia = a.basis.powers.begin(), ib = b.basis.powers.begin();
  while (ia != a.basis.powers.end() || ib != b.basis.powers.end()) {
    if (ib == b.basis.powers.end() || (ia != a.basis.powers.end() && ia->first < ib->first)) {
      t.basis.powers.push_back(*ia++);
    } else if (ia == a.basis.powers.end() || ib->first < ia->first) {
      t.basis.powers.push_back(*ib++);
    } else {
      const int e = ia->second + ib->second;
      if (std::abs(e) > Polynomial::kMaxExponent) return std::nullopt;
      if (e != 0) t.basis.powers.emplace_back(ia->first, e);
      ++ia;
      ++ib;
    }
  }
  return t;
}

// The squarefree decomposition n = s^2 * f.
std::pair<int64_t, int64_t> SplitSquare(int64_t n) {
  int64_t s = 1, f = 1;
  for (int64_t k = 2; k * k <= n; ++k) {
    while (n % (k * k) == 0) {
      n /= k * k;
      s *= k;
    }
    if (n % k == 0) {
      n /= k;
      f *= k;
    }
  }
  return {s, f * n};
}

// Appends factor `f` to `out`, with a space between two letters: "a b", "p i", "\pi r",
// so that products never read back as a word ("ab" is not "\text{ab}", "pi" not \pi,
// "c m" not the unit cm).
void AppendFactor(std::string& out, const std::string& f) {
  if (!out.empty() && !f.empty() && std::isalpha(static_cast<unsigned char>(f[0])) &&
      std::isalpha(static_cast<unsigned char>(out.back()))) {
    out += ' ';
  }
  out += f;
}

// The numeric part of a term and its factors: "3000 e" keeps its space, since "3000e-3"
// would read back as scientific notation.
std::string WithCoefficient(const std::string& number, const std::string& factors) {
  const bool exponent_like = !factors.empty() && (factors[0] == 'e' || factors[0] == 'E');
  return exponent_like ? Concat({number, " ", factors}) : Concat({number, factors});
}

std::string PowerFactor(const std::string& name, int exponent) {
  if (exponent == 1) return name;
  const bool wrap = name.find('^') != std::string::npos;
  return Concat({wrap ? "{" : "", name, wrap ? "}" : "", "^{", std::to_string(exponent), "}"});
}

std::string TermToLatex(const Term& t) {
  std::string num_factors, den_factors;
  if (t.basis.radicand != 1)
    AppendFactor(num_factors, Concat({"\\sqrt{", std::to_string(t.basis.radicand), "}"}));
  // \pi first, then the other symbols in name order.
  const int pi = PiExponent(t.basis);
  if (pi > 0) AppendFactor(num_factors, PowerFactor(std::string(kPiSymbol), pi));
  if (pi < 0) AppendFactor(den_factors, PowerFactor(std::string(kPiSymbol), -pi));
  for (const auto& [name, e] : t.basis.powers) {
    if (name == kPiSymbol) continue;
    if (e > 0) AppendFactor(num_factors, PowerFactor(name, e));
    if (e < 0) AppendFactor(den_factors, PowerFactor(name, -e));
  }
  if (t.basis.imaginary) AppendFactor(num_factors, "i");
  const Rational& c = t.coefficient;
  const int64_t abs_num = c.num() < 0 ? -c.num() : c.num();
  std::string numerator = (abs_num == 1 && !num_factors.empty())
                              ? num_factors
                              : WithCoefficient(std::to_string(abs_num), num_factors);
  std::string out = c.sign() < 0 ? "-" : "";
  if (c.den() == 1 && den_factors.empty()) return out + numerator;
  std::string denominator = (c.den() == 1 && !den_factors.empty())
                                ? den_factors
                                : WithCoefficient(std::to_string(c.den()), den_factors);
  return Concat({out, "\\frac{", numerator, "}{", denominator, "}"});
}

}  // namespace

Polynomial Polynomial::Constant(const Rational& value) {
  Polynomial p;
  if (!value.is_zero()) p.terms_.push_back(Term{value, Basis{}});
  return p;
}

Polynomial Polynomial::ImaginaryUnit() {
  Polynomial p;
  p.terms_.push_back(Term{Rational(1), Basis{.imaginary = true}});
  return p;
}

Polynomial Polynomial::Symbol(std::string name) {
  Polynomial p;
  p.terms_.push_back(Term{Rational(1), Basis{.powers = {{std::move(name), 1}}}});
  return p;
}

Polynomial Polynomial::Atom(std::string name) {
  Polynomial p = Symbol(std::move(name));
  p.opaque_ = true;
  return p;
}

std::optional<Polynomial> Polynomial::SquareRoot(const Rational& value) {
  if (value.is_zero()) return Polynomial();
  // sqrt(p/q) = sqrt(p q) / q.
  const __int128 n =
      static_cast<__int128>(value.num() < 0 ? -value.num() : value.num()) * value.den();
  if (n > kMaxRadicand) return std::nullopt;
  const auto [outside, radicand] = SplitSquare(static_cast<int64_t>(n));
  auto coefficient = Rational::Make(outside, value.den());
  if (!coefficient) return std::nullopt;
  Polynomial p;
  p.terms_.push_back(
      Term{*coefficient, Basis{.imaginary = value.sign() < 0, .radicand = radicand}});
  return p;
}

std::optional<Rational> Polynomial::AsRational() const {
  if (terms_.empty()) return Rational(0);
  if (terms_.size() == 1 && terms_[0].basis == Basis{}) return terms_[0].coefficient;
  return std::nullopt;
}

bool Polynomial::IsConstant() const {
  if (opaque_) return false;
  for (const Term& t : terms_) {
    for (const auto& [name, e] : t.basis.powers) {
      if (name != kPiSymbol) return false;
    }
  }
  return true;
}

std::string Polynomial::ToLatex() const {
  if (terms_.empty()) return "0";
  std::string out;
  for (const Term& t : terms_) {
    std::string term = TermToLatex(t);
    if (!out.empty() && term[0] != '-') out += '+';
    out += term;
  }
  return out;
}

std::optional<Polynomial> Polynomial::FromTerms(std::vector<Term> terms, const Polynomial& a,
                                                const Polynomial& b) {
  auto normal = Normalize(std::move(terms));
  if (!normal) return std::nullopt;
  Polynomial p;
  p.terms_ = std::move(*normal);
  p.opaque_ = a.opaque_ || b.opaque_;
  return p;
}

std::optional<Polynomial> Add(const Polynomial& a, const Polynomial& b) {
  std::vector<Term> terms = a.terms_;
  terms.insert(terms.end(), b.terms_.begin(), b.terms_.end());
  return Polynomial::FromTerms(std::move(terms), a, b);
}

Polynomial Negate(const Polynomial& a) {
  Polynomial p = a;
  for (Term& t : p.terms_) t.coefficient = -t.coefficient;
  return p;
}

std::optional<Polynomial> Multiply(const Polynomial& a, const Polynomial& b, WorkBudget& budget) {
  if (!budget.Spend(static_cast<int64_t>(a.terms_.size() * b.terms_.size()) + 1)) {
    return std::nullopt;
  }
  std::vector<Term> terms;
  terms.reserve(a.terms_.size() * b.terms_.size());
  for (const Term& x : a.terms_) {
    for (const Term& y : b.terms_) {
      auto t = MultiplyTerms(x, y);
      if (!t) return std::nullopt;
      terms.push_back(std::move(*t));
    }
  }
  return Polynomial::FromTerms(std::move(terms), a, b);
}

std::optional<Polynomial> Inverse(const Polynomial& a) {
  if (a.terms_.size() != 1) return std::nullopt;
  const Term& t = a.terms_[0];
  // 1/(c i^m sqrt(r) s^e) = (-1)^m / (c r) * i^m sqrt(r) s^-e, since 1/i = -i.
  auto scale = Multiply(t.coefficient, Rational(t.basis.radicand));
  if (!scale) return std::nullopt;
  auto coefficient = Divide(Rational(t.basis.imaginary ? -1 : 1), *scale);
  if (!coefficient) return std::nullopt;
  Term inverse{*coefficient, t.basis};
  for (auto& power : inverse.basis.powers) power.second = -power.second;
  Polynomial p;
  p.terms_.push_back(std::move(inverse));
  p.opaque_ = a.opaque_;
  return p;
}

std::optional<Polynomial> Power(const Polynomial& a, int64_t exponent, WorkBudget& budget) {
  if (exponent < 0) {
    auto inverse = Inverse(a);
    if (!inverse) return std::nullopt;
    return Power(*inverse, -exponent, budget);
  }
  if (exponent > Polynomial::kMaxExponent) return std::nullopt;
  std::optional<Polynomial> result = Polynomial::Constant(Rational(1));
  Polynomial base = a;
  while (exponent > 0) {
    if (exponent & 1) {
      result = Multiply(*result, base, budget);
      if (!result) return std::nullopt;
    }
    exponent >>= 1;
    if (exponent > 0) {
      auto squared = Multiply(base, base, budget);
      if (!squared) return std::nullopt;
      base = std::move(*squared);
    }
  }
  return result;
}

}  // namespace ponder::math
