// Range checks for numeric flags that name the bound in plain words ("must be at least 1,
// got -5"); CLI11's own range validators print the type's limits (1.8e308) instead.
#pragma once

#include <CLI/CLI.hpp>
#include <cmath>
#include <sstream>
#include <string>

namespace ponder::cli {

// A number >= min; NaN is refused.
inline CLI::Validator AtLeast(double min) {
  std::ostringstream bound;
  bound << min;
  return CLI::Validator(
      [min, bound = bound.str()](std::string& text) -> std::string {
        double value = 0;
        if (!CLI::detail::lexical_cast(text, value) || std::isnan(value)) {
          return "expected a number, got '" + text + "'";
        }
        return value >= min ? std::string() : "must be at least " + bound + ", got " + text;
      },
      ">= " + bound.str());
}

}  // namespace ponder::cli
