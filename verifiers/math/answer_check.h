// The string-level entry points of math grading: compare a final answer with a
// reference, and print an answer's canonical key. They chain NormalizeAnswer,
// ParseMathAnswer and Equivalent / CanonicalKey. Pure; safe to call concurrently.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "search/base/status.h"
#include "verifiers/math/answer_equivalence.h"

namespace ponder::math {

struct AnswerVerdict {
  bool equivalent = false;
  std::string detail;  // why, in a few words: "equivalent", "not equivalent: 3 vs 4", ...
};

// A bad answer (empty, not UTF-8, unreadable) is a "not equivalent" verdict that says why;
// only a bad reference (empty, not UTF-8, unbalanced braces) is an error. A reference the
// parser cannot read is compared with the answer as normalised text.
StatusOr<AnswerVerdict> CompareAnswers(std::string_view answer, std::string_view reference,
                                       const EquivalenceOptions& options);

// The canonical key of an answer as written: CanonicalKey of its parse, or, when it does not
// parse, the answer itself without surrounding whitespace. nullopt when it is not UTF-8 or
// blank. Grading the key gives the same verdict as grading the answer.
std::optional<std::string> CanonicalAnswerKey(std::string_view answer);

}  // namespace ponder::math
