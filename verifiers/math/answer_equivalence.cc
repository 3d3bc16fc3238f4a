#include "verifiers/math/answer_equivalence.h"

#include <algorithm>
#include <cmath>
#include <complex>
#include <vector>

#include "verifiers/math/expression_eval.h"

namespace ponder::math {
namespace {

using Kind = MathAnswer::Kind;
using Complex = std::complex<double>;

constexpr double kAbsoluteTolerance = 1e-12;

bool IsFinite(const Complex& z) { return std::isfinite(z.real()) && std::isfinite(z.imag()); }

bool Close(const Complex& a, const Complex& b, const EquivalenceOptions& options) {
  const double diff = std::abs(a - b);
  return diff <= kAbsoluteTolerance ||
         diff <= options.relative_tolerance * std::max(std::abs(a), std::abs(b));
}

int PointsFor(const MathAnswer& a, const MathAnswer& b, const EquivalenceOptions& options) {
  return HasVariables(a.tree) || HasVariables(b.tree) ? options.random_points : 1;
}

// Both sides agree wherever either is defined, and are defined at half the points or more.
bool NumericallyEqual(const MathAnswer& a, const MathAnswer& b, const EquivalenceOptions& options) {
  const int points = PointsFor(a, b, options);
  int defined = 0;
  for (int p = 0; p < points; ++p) {
    const Complex va = EvaluateNumeric(a.tree, p), vb = EvaluateNumeric(b.tree, p);
    const bool fa = IsFinite(va), fb = IsFinite(vb);
    if (!fa && !fb) continue;
    if (fa != fb || !Close(va, vb, options)) return false;
    ++defined;
  }
  return 2 * defined >= points && defined > 0;
}

bool ValuesEqual(const MathAnswer& a, const MathAnswer& b, const EquivalenceOptions& options) {
  if (a.exact && b.exact) {
    if (*a.exact == *b.exact) return true;
    // Without atoms the algebra's forms are unique: different means different.
    if (!a.exact->opaque() && !b.exact->opaque()) return false;
  }
  return NumericallyEqual(a, b, options);
}

// lhs - rhs on both sides vanish together and have a constant, non-zero ratio.
bool EquationsEqual(const MathAnswer& a, const MathAnswer& b, const EquivalenceOptions& options) {
  if (a.exact && b.exact) {
    if (*a.exact == *b.exact) return true;
    if (!a.exact->opaque() && !b.exact->opaque()) return false;
  }
  const int points = PointsFor(a, b, options);
  std::vector<Complex> ratios;
  for (int p = 0; p < points; ++p) {
    const Complex va = EvaluateNumeric(a.tree, p), vb = EvaluateNumeric(b.tree, p);
    if (!IsFinite(va) || !IsFinite(vb)) continue;
    const bool za = std::abs(va) <= kAbsoluteTolerance, zb = std::abs(vb) <= kAbsoluteTolerance;
    if (za != zb) return false;
    if (!za) ratios.push_back(va / vb);
  }
  if (2 * static_cast<int>(ratios.size()) < points || ratios.empty()) return false;
  for (const Complex& r : ratios) {
    if (!Close(r, ratios[0], options)) return false;
  }
  return true;
}

bool InOrder(const MathAnswer& a, const MathAnswer& b, const EquivalenceOptions& options) {
  if (a.items.size() != b.items.size()) return false;
  for (size_t k = 0; k < a.items.size(); ++k) {
    if (!Equivalent(a.items[k], b.items[k], options)) return false;
  }
  return true;
}

// Every item of each side has an equal on the other side.
bool AsSets(const MathAnswer& a, const MathAnswer& b, const EquivalenceOptions& options) {
  auto covered = [&](const MathAnswer& x, const MathAnswer& y) {
    for (const MathAnswer& item : x.items) {
      bool found = false;
      for (const MathAnswer& other : y.items) {
        if (Equivalent(item, other, options)) {
          found = true;
          break;
        }
      }
      if (!found) return false;
    }
    return true;
  };
  return covered(a, b) && covered(b, a);
}

bool IsCollection(const MathAnswer& a) { return a.kind == Kind::kSet || a.kind == Kind::kUnion; }

}  // namespace

void EquivalenceOptions::Bind(ParamBinder& binder) {
  binder.Double("relative_tolerance", &relative_tolerance, 0, 1,
                "relative tolerance for values compared numerically (exact values need none)");
  binder.Int("random_points", &random_points, 1, 64,
             "points at which expressions with variables are compared");
}

Status EquivalenceOptions::Validate() const {
  if (!(relative_tolerance >= 0 && relative_tolerance < 1)) {
    return InvalidArgumentError("relative_tolerance must be in [0, 1), not " +
                                std::to_string(relative_tolerance));
  }
  if (random_points < 1) {
    return InvalidArgumentError("random_points must be at least 1, not " +
                                std::to_string(random_points));
  }
  return OkStatus();
}

bool Equivalent(const MathAnswer& answer, const MathAnswer& reference,
                const EquivalenceOptions& options) {
  // A set (or union) of one element, however often listed, is that element: "\{5\}", "5, 5"
  // and "5".
  if (IsCollection(answer) != IsCollection(reference)) {
    const MathAnswer& collection = IsCollection(answer) ? answer : reference;
    const MathAnswer& single = IsCollection(answer) ? reference : answer;
    return !collection.items.empty() &&
           std::all_of(collection.items.begin(), collection.items.end(),
                       [&](const MathAnswer& item) { return Equivalent(item, single, options); });
  }
  if (answer.kind != reference.kind) return false;
  switch (answer.kind) {
    case Kind::kExpression:
      return ValuesEqual(answer, reference, options);
    case Kind::kEquation:
      return EquationsEqual(answer, reference, options);
    case Kind::kText:
      return answer.text == reference.text;
    case Kind::kTuple:
      return answer.open == reference.open && answer.close == reference.close &&
             InOrder(answer, reference, options);
    case Kind::kSet:
    case Kind::kUnion:
      return AsSets(answer, reference, options);
    case Kind::kMatrix:
      return InOrder(answer, reference, options);
  }
  return false;
}

}  // namespace ponder::math
