#include "verifiers/math/rational.h"

#include <cmath>
#include <cstdlib>
#include <limits>
#include <numeric>

namespace ponder::math {
namespace {

constexpr __int128 kMax = std::numeric_limits<int64_t>::max();

__int128 Abs(__int128 x) { return x < 0 ? -x : x; }

__int128 Gcd(__int128 a, __int128 b) {
  a = Abs(a);
  b = Abs(b);
  while (b != 0) {
    const __int128 t = a % b;
    a = b;
    b = t;
  }
  return a;
}

// Multiplies two values that each fit in int64, in 128 bits: never overflows.
__int128 Wide(int64_t a, int64_t b) { return static_cast<__int128>(a) * b; }

// The integer n-th root of x >= 0 when x is a perfect n-th power.
std::optional<int64_t> ExactIntegerRoot(int64_t x, int n) {
  if (x < 2) return x;
  int64_t guess = std::llround(std::pow(static_cast<double>(x), 1.0 / n));
  for (int64_t r = std::max<int64_t>(guess - 1, 0); r <= guess + 1; ++r) {
    __int128 p = 1;
    for (int i = 0; i < n && p <= x; ++i) p *= r;
    if (p == x) return r;
  }
  return std::nullopt;
}

}  // namespace

Rational::Rational(int64_t integer) : num_(integer), den_(1) {
  // INT64_MIN has no positive counterpart; callers build integers through Make when unsure.
  if (num_ == std::numeric_limits<int64_t>::min()) num_ = -std::numeric_limits<int64_t>::max();
}

std::optional<Rational> Rational::Make(__int128 num, __int128 den) {
  if (den == 0) return std::nullopt;
  if (den < 0) {
    num = -num;
    den = -den;
  }
  const __int128 g = Gcd(num, den);
  if (g > 1) {
    num /= g;
    den /= g;
  }
  if (Abs(num) > kMax || den > kMax) return std::nullopt;
  Rational r;
  r.num_ = static_cast<int64_t>(num);
  r.den_ = static_cast<int64_t>(den);
  return r;
}

std::string Rational::ToString() const {
  return den_ == 1 ? std::to_string(num_) : std::to_string(num_) + "/" + std::to_string(den_);
}

Rational Rational::operator-() const {
  Rational r = *this;
  r.num_ = -r.num_;
  return r;
}

std::optional<Rational> Add(const Rational& a, const Rational& b) {
  // a.num*b.den + b.num*a.den can exceed 128 bits only if both terms are near 2^126: they
  // are each below 2^126, so the sum stays below 2^127.
  return Rational::Make(Wide(a.num(), b.den()) + Wide(b.num(), a.den()), Wide(a.den(), b.den()));
}

std::optional<Rational> Multiply(const Rational& a, const Rational& b) {
  return Rational::Make(Wide(a.num(), b.num()), Wide(a.den(), b.den()));
}

std::optional<Rational> Divide(const Rational& a, const Rational& b) {
  if (b.is_zero()) return std::nullopt;
  return Rational::Make(Wide(a.num(), b.den()), Wide(a.den(), b.num()));
}

std::optional<Rational> Power(const Rational& a, int64_t exponent) {
  if (exponent < 0) {
    if (a.is_zero()) return std::nullopt;
    auto inverse = Divide(Rational(1), a);
    if (!inverse) return std::nullopt;
    return Power(*inverse, -exponent);
  }
  Rational result(1);
  Rational base = a;
  while (exponent > 0) {
    if (exponent & 1) {
      auto next = Multiply(result, base);
      if (!next) return std::nullopt;
      result = *next;
    }
    exponent >>= 1;
    if (exponent > 0) {
      auto squared = Multiply(base, base);
      if (!squared) return std::nullopt;
      base = *squared;
    }
  }
  return result;
}

std::optional<Rational> ExactRoot(const Rational& a, int n) {
  if (n < 2) return std::nullopt;
  if (a.sign() < 0) {
    if (n % 2 == 0) return std::nullopt;
    auto root = ExactRoot(-a, n);
    if (!root) return std::nullopt;
    return -*root;
  }
  auto num = ExactIntegerRoot(a.num(), n);
  auto den = ExactIntegerRoot(a.den(), n);
  if (!num || !den) return std::nullopt;
  return Rational::Make(*num, *den);
}

}  // namespace ponder::math
