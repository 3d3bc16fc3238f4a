// ParseExpression: reads one scalar expression, written in LaTeX or plain text,
// into an ExprTree.
//
// Accepts numbers (integers, decimals, scientific "1.5e-3"), single-letter
// variables (with subscripts "a_1"), Greek letters, i, \pi, \infty, + - * / ^
// \cdot \times \div, implicit multiplication ("2x", "3\sqrt{2}", "(a+5)(b+2)"),
// \frac (also with one-token arguments: "\frac12", "\frac 59"), mixed numbers
// ("1\frac{4}{5}" is 9/5), \sqrt and \sqrt[n], \binom, |x|, n!, the functions
// sin cos tan cot sec csc arcsin arccos arctan sinh cosh tanh ln log exp (with
// or without a backslash, "\sin^2 x", "\log_2 8"), and ( ) [ ] { } as grouping.
// TeX rules decide one-token arguments: "x^23" is x^2 * 3, "\sqrt25" is sqrt(2)*5.
//
// Lists, intervals, equations and \pm are not expressions: math_answer.h splits
// them off first. The input is expected to come from NormalizeLatex.
//
// Bounded: nesting deeper than kMaxExpressionDepth or more than
// kMaxExpressionNodes nodes is an InvalidArgument error, never a stack overflow.
#pragma once

#include <string_view>

#include "search/base/status.h"
#include "verifiers/math/expression.h"

namespace ponder::math {

inline constexpr int kMaxExpressionDepth = 100;
inline constexpr int kMaxExpressionNodes = 2000;

StatusOr<ExprTree> ParseExpression(std::string_view text);

}  // namespace ponder::math
