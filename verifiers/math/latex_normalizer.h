// NormalizeAnswer: rewrites a final answer into the plain LaTeX the answer parser
// reads, removing what does not change its value. The steps, in order, are listed
// in docs/math-grading.md ("Normalisation").
//
// Errors (InvalidArgument): text that is not UTF-8, braces that do not balance,
// and answers that normalise to nothing. Linear in the input's length (each
// rewrite shortens it or leaves it alone). Pure; safe to call concurrently.
#pragma once

#include <string>
#include <string_view>

#include "search/base/status.h"

namespace ponder::math {

struct NormalizedAnswer {
  std::string text;
  // The whole answer was one \text{...}-style group (\text, \textbf, \mbox, \mathrm...):
  // a word answer such as "\text{even}" rather than a product of variables.
  bool was_text = false;
};

StatusOr<NormalizedAnswer> NormalizeAnswer(std::string_view raw);

// True when `s` is well-formed UTF-8.
bool IsValidUtf8(std::string_view s);

}  // namespace ponder::math
