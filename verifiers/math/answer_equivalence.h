// Equivalent: does a parsed answer mean the same as the reference? The rules
// are in docs/math-grading.md ("Comparison"). In short: exact comparison in the
// Polynomial algebra where both sides have an exact value free of opaque atoms;
// otherwise numeric comparison, at pseudo-random points when there are
// variables. Tuples and intervals compare in order with matching brackets; sets
// and unions of intervals in any order; equations up to a constant factor.
//
// Conservative by design: when in doubt, not equivalent. Pure; safe to call
// concurrently.
#pragma once

#include "search/base/params.h"
#include "verifiers/math/math_answer.h"

namespace ponder::math {

struct EquivalenceOptions {
  // Two values compared numerically agree when |a - b| <= tolerance * max(|a|, |b|)
  // (or |a - b| <= 1e-12). Exact values never need it.
  double relative_tolerance = 1e-9;
  // Points at which expressions with variables are compared; at least half of them must
  // be defined for both sides.
  int random_points = 6;

  void Bind(ParamBinder& binder);
  Status Validate() const;
};

bool Equivalent(const MathAnswer& answer, const MathAnswer& reference,
                const EquivalenceOptions& options);

}  // namespace ponder::math
