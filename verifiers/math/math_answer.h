// MathAnswer: the structure of a normalised final answer (a value, a tuple or
// interval, a set, a union of intervals, an equation, a matrix or a word), and
// its canonical key.
//
// ParseMathAnswer splits the structure off (docs/math-grading.md,
// "Structure"), parses each scalar with ParseExpression and evaluates it
// exactly where it can. CanonicalKey prints an answer so that answers equal in
// the exact algebra print alike ("\frac{1}{2}", "0.5" and "\dfrac12" all give
// "\frac{1}{2}"), and so that ParseMathAnswer reads the key back to an
// equivalent answer. Plain values; thread-compatible.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "search/base/status.h"
#include "verifiers/math/expression.h"
#include "verifiers/math/latex_normalizer.h"
#include "verifiers/math/polynomial.h"

namespace ponder::math {

struct MathAnswer {
  enum class Kind : uint8_t {
    kExpression,  // one value: tree, exact
    kEquation,    // lhs = rhs, held as the expression lhs - rhs: tree, exact
    kText,        // a word answer ("even", "Evelyn"): text, lower case
    kTuple,       // ordered: a point "(1,2)" or an interval "(3,4]": open, close, items
    kSet,         // unordered: "\{1,2\}", a bare list "1, 2", the two values of "a \pm b"
    kUnion,       // unordered intervals joined by \cup: items
    kMatrix,      // rows, each a kTuple: items
  };
  Kind kind = Kind::kExpression;
  ExprTree tree;
  // The exact value (for kEquation, lhs - rhs scaled so its first coefficient is 1).
  std::optional<Polynomial> exact;
  // The normalised text without redundant spaces: the key when there is no exact value.
  std::string text;
  char open = 0;
  char close = 0;
  std::vector<MathAnswer> items;
};

StatusOr<MathAnswer> ParseMathAnswer(const NormalizedAnswer& answer);

std::string CanonicalKey(const MathAnswer& answer);

// `s` without spaces, except one between two letters or digits ("\cot x", "a b").
std::string CompactSpaces(std::string_view s);

}  // namespace ponder::math
