// The synthetic arithmetic task: add a list of numbers one addition per step.
//
// It stands in for a reasoning benchmark when no model is at hand: its
// structure is known exactly (a step is right or wrong, an early error dooms
// the answer), so search algorithms can be tested, compared and benchmarked
// with zero-cost simulated models (SyntheticPolicy, SyntheticPrm).
//
// A solution for terms 17, 25, 8 reads
//   "17 + 25 = 42\n42 + 8 = 50\nanswer: 50\n"
// one line per step; the last step also states the answer and ends the solution.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "search/base/status.h"
#include "search/problem.h"

namespace ponder::synthetic {

struct ArithmeticTask {
  std::vector<int64_t> terms;  // at least two

  int64_t Sum() const;
  int steps() const { return static_cast<int>(terms.size()) - 1; }
};

// The problem for `task` (its terms are also in attributes["terms"], which the
// simulated models read in place of understanding the prompt).
Problem MakeProblem(std::string id, const ArithmeticTask& task);
StatusOr<ArithmeticTask> TaskOf(const Problem& problem);

// One parsed step line "a + b = c".
struct StepLine {
  int64_t lhs = 0, term = 0, result = 0;
};

// The step lines of a partial solution, in order; stops at the first line that
// is not a step (the answer line).
std::vector<StepLine> ParseSteps(std::string_view solution);

// The text of step `index` (0-based) adding `term` to `running_total`, claiming `result`.
std::string StepText(const ArithmeticTask& task, int index, int64_t running_total, int64_t result);

}  // namespace ponder::synthetic
