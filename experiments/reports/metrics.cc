#include "experiments/reports/metrics.h"

#include <algorithm>
#include <cmath>
#include <set>

namespace ponder::reports {
namespace {

Proportion MakeProportion(int64_t successes, int64_t trials) {
  Proportion p{.successes = successes, .trials = trials};
  if (trials > 0) p.value = static_cast<double>(successes) / static_cast<double>(trials);
  p.interval = WilsonInterval(successes, trials);
  return p;
}

Mean MakeMean(std::vector<double> values, const BootstrapOptions& bootstrap) {
  Mean m{.problems = static_cast<int64_t>(values.size())};
  if (values.empty()) return m;
  // Summed in sorted order, so the same values give the same mean bit for bit in any order
  // (problems are recorded in the order they finish, and a merged run lists them by shard).
  std::sort(values.begin(), values.end());
  double sum = 0;
  for (double v : values) sum += v;
  m.value = sum / static_cast<double>(values.size());
  m.interval = BootstrapMeanInterval(values, bootstrap);
  return m;
}

// The fields of Usage a report shows, with the CostMetrics entry each one sums into.
void AddCosts(const Usage& u, CostMetrics& c) {
  c.generated_tokens.total += u.generated_tokens;
  c.prefill_tokens.total += u.prefill_tokens;
  c.reused_prefill_tokens.total += u.reused_prefill_tokens;
  c.policy_calls.total += u.policy_calls;
  c.scorer_calls.total += u.scorer_calls;
  c.expansions.total += u.expansions;
  c.elapsed_us.total += u.elapsed_us;
}

void SetMeans(int64_t counted, CostMetrics& c) {
  if (counted == 0) return;
  for (Cost* cost : {&c.generated_tokens, &c.prefill_tokens, &c.reused_prefill_tokens,
                     &c.policy_calls, &c.scorer_calls, &c.expansions, &c.elapsed_us}) {
    cost->mean = static_cast<double>(cost->total) / static_cast<double>(counted);
  }
}

}  // namespace

Status MetricsOptions::Validate() const {
  std::set<int64_t> seen;
  for (int64_t k : pass_k) {
    if (k < 1)
      return InvalidArgumentError("pass@k: k must be at least 1, got " + std::to_string(k));
    if (!seen.insert(k).second) {
      return InvalidArgumentError("pass@k: k = " + std::to_string(k) + " is listed twice");
    }
  }
  if (bootstrap.resamples < 100) {
    return InvalidArgumentError("bootstrap: at least 100 resamples are needed, got " +
                                std::to_string(bootstrap.resamples));
  }
  return OkStatus();
}

ProblemMetrics ComputeProblemMetrics(const traces::ProblemRecord& problem,
                                     const MetricsOptions& options) {
  ProblemMetrics m;
  m.problem_id = problem.problem_id;
  m.status = problem.status;
  m.counted = problem.status != traces::ProblemStatus::kStarted;
  m.usage = problem.result.usage;
  m.counters = problem.result.counters;
  m.has_answer = problem.result.has_answer;
  m.answer = problem.result.answer;
  m.error = problem.error;
  m.candidates = problem.candidates;
  const bool failed = problem.status == traces::ProblemStatus::kFailed;
  // A failed problem may carry the grade of a chosen answer whose candidates then failed to
  // grade; it still counts as wrong.
  if (problem.grade && !failed) {
    m.graded = true;
    m.correct = problem.grade->correct;
    m.grade_score = std::isnan(problem.grade->score) ? 0.0 : problem.grade->score;
    m.fractional_score = m.grade_score != 0.0 && m.grade_score != 1.0;
  }
  m.majority_correct =
      !failed && m.candidates && m.candidates->has_majority && m.candidates->majority_correct;
  for (int64_t k : options.pass_k) {
    std::optional<double> value;
    if (failed) {
      value = 0.0;
    } else if (m.candidates && m.candidates->graded >= k) {
      value = PassAtK(m.candidates->graded, m.candidates->correct, k);
    }
    m.pass_at_k.push_back(value);
  }
  return m;
}

RunMetrics AggregateRun(const traces::RunRecord& run, std::span<const ProblemMetrics> problems,
                        const MetricsOptions& options) {
  RunMetrics r;
  r.expected = run.info.problem_count;
  r.recorded = static_cast<int64_t>(problems.size());
  int64_t correct = 0, majority_correct = 0, with_candidates = 0, candidates = 0;
  bool any_graded = false;  // some problem had a candidate graded
  std::vector<double> scores;
  std::vector<std::vector<double>> pass_values(options.pass_k.size());
  for (const ProblemMetrics& p : problems) {
    if (!p.counted) {
      ++r.in_flight;
      continue;
    }
    ++r.counted;
    p.status == traces::ProblemStatus::kFailed ? ++r.failed : ++r.finished;
    correct += p.correct;
    majority_correct += p.majority_correct;
    if (p.candidates) {
      ++with_candidates;
      candidates += p.candidates->candidates;
      any_graded = any_graded || p.candidates->graded > 0;
    }
    scores.push_back(p.grade_score);
    r.fractional_scores = r.fractional_scores || p.fractional_score;
    for (size_t i = 0; i < options.pass_k.size(); ++i) {
      if (p.pass_at_k[i]) pass_values[i].push_back(*p.pass_at_k[i]);
    }
    AddCosts(p.usage, r.cost);
    for (const auto& [name, count] : p.counters) r.counters[name] += count;
  }
  r.accuracy = MakeProportion(correct, r.counted);
  if (with_candidates > 0) {
    r.mean_candidates = static_cast<double>(candidates) / static_cast<double>(with_candidates);
  }
  // With no candidate graded (runner.max_graded_candidates: 0) the candidates are still counted
  // and voted on, but no majority answer is known to be correct: no majority@k, not 0.
  if (any_graded) r.majority = MakeProportion(majority_correct, r.counted);
  for (size_t i = 0; i < options.pass_k.size(); ++i) {
    // Failed problems alone (all zeros) say nothing about pass@k: report it only where some
    // finished problem had k graded candidates.
    const bool any_finished = std::any_of(problems.begin(), problems.end(), [&](const auto& p) {
      return p.status == traces::ProblemStatus::kFinished && p.pass_at_k[i].has_value();
    });
    if (!any_finished) continue;
    r.pass_at_k.push_back(
        {.k = options.pass_k[i], .estimate = MakeMean(pass_values[i], options.bootstrap)});
  }
  r.grade_score = MakeMean(scores, options.bootstrap);
  SetMeans(r.counted, r.cost);
  return r;
}

}  // namespace ponder::reports
