// Range checks for numeric flags that name the bound in plain words ("must be at least 1,
// got -5"); CLI11's own range validators print the type's limits (1.8e308) instead.
#pragma once

#include <CLI/CLI.hpp>
#include <cmath>
#include <sstream>
#include <string>

namespace ponder::cli {

// A number >= min (or > min when `strict`); NaN is refused.
inline CLI::Validator AtLeast(double min, bool strict = false) {
  std::ostringstream bound;
  bound << min;
  const std::string words = (strict ? "greater than " : "at least ") + bound.str();
  return CLI::Validator(
      [min, strict, words](std::string& text) -> std::string {
        double value = 0;
        if (!CLI::detail::lexical_cast(text, value) || std::isnan(value)) {
          return "expected a number, got '" + text + "'";
        }
        const bool ok = strict ? value > min : value >= min;
        return ok ? std::string() : "must be " + words + ", got " + text;
      },
      strict ? "> " + bound.str() : ">= " + bound.str());
}

}  // namespace ponder::cli
