// Evaluating an ExprTree: exactly, into the Polynomial algebra, and
// numerically, at pseudo-random points for its variables.
//
// Both walk the arena in index order (children first), so they never recurse.
// Pure functions; safe to call concurrently.
#pragma once

#include <complex>
#include <optional>

#include "verifiers/math/expression.h"
#include "verifiers/math/polynomial.h"

namespace ponder::math {

// The exact value, with the parts the algebra cannot take apart as opaque atoms
// (see polynomial.h). nullopt when a number overflows or the work limit is hit.
std::optional<Polynomial> EvaluateExact(const ExprTree& tree);

// The value with every variable set from (its name, `point`): the same name gets
// the same value in every tree, so two expressions can be compared point by
// point. Values lie in [0.5, 2.5), away from the integers where answers tend to
// have poles. \log is base 10, \ln natural; odd roots of negative reals are real.
std::complex<double> EvaluateNumeric(const ExprTree& tree, int point);

bool HasVariables(const ExprTree& tree);

}  // namespace ponder::math
