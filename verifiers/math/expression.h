// ExprTree: a parsed scalar math expression (one number, polynomial, radical,
// function application...), stored as an arena of nodes addressed by index.
//
// Built by ParseExpression (expression_parser.h); read by the exact and numeric
// evaluators (expression_eval.h). Children always come before their parent in
// `nodes`, so evaluators walk the arena in index order, without recursion, and
// a deep tree cannot overflow the stack. Plain value; thread-compatible.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "verifiers/math/rational.h"

namespace ponder::math {

enum class ExprOp : uint8_t {
  kNumber,         // exact (when it fits) and approx
  kSymbol,         // a variable: name
  kImaginaryUnit,  // i
  kPi,
  kInfinity,
  kAdd,        // a + b
  kSubtract,   // a - b
  kNegate,     // -a
  kMultiply,   // a * b
  kDivide,     // a / b
  kPower,      // a ^ b
  kRoot,       // the b-th root of a; b < 0: square root
  kFunction,   // name(a); for name "log", b (>= 0) is the base
  kAbs,        // |a|
  kFactorial,  // a!
  kBinomial,   // binom(a, b)
};

struct ExprNode {
  ExprOp op = ExprOp::kNumber;
  int32_t a = -1;
  int32_t b = -1;
  std::string name;               // kSymbol, kFunction
  std::optional<Rational> exact;  // kNumber, when the literal fits
  double approx = 0;              // kNumber
};

struct ExprTree {
  std::vector<ExprNode> nodes;
  int32_t root = -1;

  const ExprNode& node(int32_t id) const { return nodes[static_cast<size_t>(id)]; }
};

}  // namespace ponder::math
