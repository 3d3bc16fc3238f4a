// Surface forms of a reference answer, generated from its text alone (with
// std::regex and string edits, not with the code under test), for the real-data
// tests: rewrites that keep the value (must grade true) and perturbations that
// change it (must grade false).
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace ponder::math::testing {

struct SurfaceForm {
  std::string rule;  // which rewrite made it, for failure messages
  std::string text;
};

// Rewrites of `reference` that mean the same: \frac<->\dfrac, spaces, \boxed, $...$,
// \left/\right, an "x = " prefix, decimal<->fraction, reordered set elements, unit and
// degree spellings, thousands separators, \sqrt and \frac shorthand, choice letters, ...
// Only forms that differ from `reference` are returned.
std::vector<SurfaceForm> Rewrites(std::string_view reference);

// Forms of `reference` with another value: a number changed, the sign of the first element
// flipped, an interval's closing bracket changed, a tuple's first two elements swapped.
std::vector<SurfaceForm> Perturbations(std::string_view reference);

}  // namespace ponder::math::testing
