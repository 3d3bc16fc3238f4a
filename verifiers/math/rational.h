// Rational: an exact fraction of two int64 values, for the exact side of math
// answer grading. Every operation that could overflow returns nullopt instead,
// so a caller falls back to approximate comparison rather than wrapping round.
//
// Invariants: den() > 0, gcd(|num()|, den()) == 1, |num()| <= INT64_MAX (never
// INT64_MIN, so negation is always safe). Plain value; thread-compatible.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace ponder::math {

class Rational {
 public:
  Rational() = default;
  explicit Rational(int64_t integer);
  // num/den in lowest terms; nullopt when den == 0 or a part is out of range.
  static std::optional<Rational> Make(__int128 num, __int128 den);

  int64_t num() const { return num_; }
  int64_t den() const { return den_; }
  bool is_zero() const { return num_ == 0; }
  bool is_integer() const { return den_ == 1; }
  int sign() const { return (num_ > 0) - (num_ < 0); }
  // "3", "-3/4" (for messages and tests).
  std::string ToString() const;

  Rational operator-() const;
  friend bool operator==(const Rational&, const Rational&) = default;

 private:
  int64_t num_ = 0;
  int64_t den_ = 1;
};

std::optional<Rational> Add(const Rational& a, const Rational& b);
std::optional<Rational> Multiply(const Rational& a, const Rational& b);
// nullopt when b is zero.
std::optional<Rational> Divide(const Rational& a, const Rational& b);
// a^exponent for an integer exponent; nullopt on overflow or 0^negative.
std::optional<Rational> Power(const Rational& a, int64_t exponent);
// The exact n-th root (n >= 2) when a is the n-th power of a rational, else nullopt.
std::optional<Rational> ExactRoot(const Rational& a, int n);

}  // namespace ponder::math
