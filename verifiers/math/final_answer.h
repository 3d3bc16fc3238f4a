// Finding the final answer in a worked solution, as written (not yet
// normalised): the rules of docs/math-grading.md, "Extraction".
//
// Linear in the solution's length (at most kMaxBoxedTries boxes are brace-matched,
// each over at most kMaxBoxedChars). Pure functions; safe to call concurrently.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace ponder::math {

inline constexpr int kMaxBoxedTries = 8;
inline constexpr size_t kMaxBoxedChars = 10'000;

// The content of the last well-formed \boxed{...} or \fbox{...} (nested braces
// allowed; "\boxed 5" without braces takes the next word). A box whose braces
// never close (a cut-off generation) is skipped for the one before it.
std::optional<std::string_view> LastBoxed(std::string_view text);

// The final answer of a solution: the last box; else what follows the last
// "answer is" / "answer:" (case-insensitive; a $...$, \(...\) or \[...\] right
// after it, or the rest of that sentence); else the last number ("-12", "3.5",
// "1,000", "3/4"). nullopt when there is none, when the last box is empty, and
// when the solution has boxes but none closes (it was cut off in its answer).
std::optional<std::string> FindFinalAnswer(std::string_view solution);

}  // namespace ponder::math
