// Output comparison as APPS's evaluation (hendrycks/apps, eval/testing_util.py) does it.
//
// Standard-input tests pass when any of these holds, tried in this order:
//   exact:   the outputs are equal after stripping surrounding whitespace, or their lists of
//            non-empty, stripped lines are equal;
//   tokens:  the sets of per-line whitespace-split token sets are equal (APPS compares
//            set(frozenset(line.split()) for each line): order of lines and of tokens within a
//            line, and repeats, do not matter);
//   numeric: every line on both sides is one number and the lists are close
//            (|got - expected| <= 1e-8 + 1e-5 * |expected|, numpy.allclose's defaults), or the
//            per-line token sets are equal once every token is read as a number rounded to 3
//            decimals.
// Call-based tests pass when the return value equals the expected value, or equals its only
// element when the expected value is a non-empty list (Codewars wraps return values in one).
// Values compare as Python does: 1 == 1.0 == True (an int and a float exactly), lists element
// by element, dicts by keys. Integers past 64 bits are read as doubles (JSON parsing loses the
// rest), so two such integers that round to one double compare equal.
#pragma once

#include <string_view>

namespace ponder::sandbox {

enum class MatchStage : uint8_t { kNone, kExact, kTokens, kNumeric };

std::string_view MatchStageName(MatchStage stage);

// Which stage accepted `actual` as `expected`; kNone when none did.
MatchStage CompareStdout(std::string_view actual, std::string_view expected);

// `actual_json` is the program's return value serialized as JSON (tuples already lists);
// `expected_json` the test's expected value. Invalid JSON on either side never matches.
bool CompareReturnValue(std::string_view actual_json, std::string_view expected_json);

}  // namespace ponder::sandbox
