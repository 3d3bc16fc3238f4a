// Reports built from records in memory, for the format and plot tests.
#pragma once

#include <string>
#include <vector>

#include "experiments/reports/report.h"

namespace ponder::reports::testing {

// A run of `algorithm` at sweep point algorithm.n = n: `correct` of `problems` problems
// correct, each generating `tokens` tokens with `scorer_calls` scorer calls and n graded
// candidates. The first problem's answer holds a comma, a quote and a line break.
RunReport TestRun(int64_t id, const std::string& algorithm, int64_t n, int correct, int problems,
                  int64_t tokens, int64_t scorer_calls);

// Runs of best_of_n (n = 1, 4, 16) and beam_search (n = 4, 16) on "APPS (train split subset)",
// made in a scrambled order.
Report TestReport();

// The fields of each line of RFC 4180 CSV text (quoted fields may hold commas, quotes and line
// breaks).
std::vector<std::vector<std::string>> ParseCsv(const std::string& text);

}  // namespace ponder::reports::testing
