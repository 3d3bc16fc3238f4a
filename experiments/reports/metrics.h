// Metrics of one run, computed from the problem rows of a trace database:
// per problem (what the chosen answer scored, its candidates' pass@k, what it
// cost) and aggregated over the run (accuracy with its Wilson interval,
// majority@k, pass@k, the mean grade score, and mean and total costs).
// docs/reports.md defines each one.
//
// How problems count: a problem recorded `finished` or `failed` is *counted*;
// a failed problem counts as wrong (not correct, grade score 0, pass@k 0), so
// failures never raise an accuracy. A problem still `started` (in flight, or
// its process was killed) is not counted anywhere, only reported as in flight.
//
// Pure functions; thread-safe.
#pragma once

#include <cstdint>
#include <limits>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "experiments/reports/estimators.h"
#include "search/base/status.h"
#include "search/budget.h"
#include "traces/json_columns.h"
#include "traces/records.h"

namespace ponder::reports {

struct MetricsOptions {
  std::vector<int64_t> pass_k = {1, 10};  // the k of each pass@k reported
  BootstrapOptions bootstrap;             // for the intervals of means (pass@k, grade score)

  // Each k >= 1 and listed once; at least 100 resamples.
  Status Validate() const;
};

// One problem's metrics.
struct ProblemMetrics {
  std::string problem_id;
  traces::ProblemStatus status = traces::ProblemStatus::kStarted;
  bool counted = false;    // finished or failed
  bool graded = false;     // the chosen answer has a grade
  bool correct = false;    // the chosen answer was graded correct
  double grade_score = 0;  // Grade::score (the APPS test-case average for code); 0 if ungraded
  bool fractional_score = false;  // grade_score is neither 0 nor 1
  bool has_answer = false;
  std::string answer;
  std::optional<traces::CandidateStats> candidates;  // absent when not graded
  bool majority_correct = false;  // the majority answer among the candidates is correct
  // One per MetricsOptions::pass_k: PassAtK(graded, correct, k) where graded >= k; 0 for a
  // failed problem; absent otherwise.
  std::vector<std::optional<double>> pass_at_k;
  Usage usage;
  traces::Counters counters;  // the algorithm's counters
  std::string error;          // why the problem failed
};

ProblemMetrics ComputeProblemMetrics(const traces::ProblemRecord& problem,
                                     const MetricsOptions& options);

// A proportion of counted problems with its 95% Wilson interval.
struct Proportion {
  int64_t successes = 0;
  int64_t trials = 0;
  double value = std::numeric_limits<double>::quiet_NaN();  // NaN when trials == 0
  Interval interval;
};

// A mean of per-problem values with its 95% percentile-bootstrap interval.
struct Mean {
  int64_t problems = 0;  // values averaged
  double value = std::numeric_limits<double>::quiet_NaN();
  Interval interval;
};

struct PassAtKMetric {
  int64_t k = 0;
  Mean estimate;  // over failed problems (as 0) and finished problems with >= k graded candidates
};

// A cost summed over the counted problems, and its mean per counted problem.
struct Cost {
  int64_t total = 0;
  double mean = std::numeric_limits<double>::quiet_NaN();
};

struct CostMetrics {
  Cost generated_tokens;
  Cost prefill_tokens;         // prompt tokens the model computed
  Cost reused_prefill_tokens;  // prompt tokens taken from a cache instead
  Cost policy_calls;
  Cost scorer_calls;
  Cost expansions;  // nodes added to the search tree
  Cost elapsed_us;  // search wall time (problems searched in parallel overlap)
};

struct RunMetrics {
  int64_t expected = 0;  // the run's problem_count
  int64_t recorded = 0;  // problem rows
  int64_t counted = 0;   // finished + failed
  int64_t finished = 0;
  int64_t failed = 0;
  int64_t in_flight = 0;  // rows still `started`
  Proportion accuracy;    // of the chosen answer (strict accuracy for the code grader)
  // majority@k: whether the most frequent answer among each problem's candidates is correct,
  // k being the problem's candidate count. Absent when no problem had a candidate graded.
  std::optional<Proportion> majority;
  double mean_candidates = std::numeric_limits<double>::quiet_NaN();  // the mean k
  std::vector<PassAtKMetric> pass_at_k;  // the options' k with at least one problem to use
  Mean grade_score;  // mean Grade::score: for the code grader, the APPS test-case average
  bool fractional_scores = false;  // some problem scored strictly between 0 and 1
  CostMetrics cost;
  traces::Counters counters;  // the algorithm's counters, summed
};

RunMetrics AggregateRun(const traces::RunRecord& run, std::span<const ProblemMetrics> problems,
                        const MetricsOptions& options);

}  // namespace ponder::reports
