#include "experiments/reports/metrics.h"

#include <gtest/gtest.h>

#include <cmath>

namespace ponder::reports {
namespace {

using traces::CandidateStats;
using traces::ProblemRecord;
using traces::ProblemStatus;

ProblemRecord Finished(std::string id, bool correct, double score, CandidateStats candidates,
                       int64_t tokens) {
  ProblemRecord p;
  p.problem_id = std::move(id);
  p.status = ProblemStatus::kFinished;
  p.result.has_answer = true;
  p.result.answer = "42";
  p.result.usage.generated_tokens = tokens;
  p.result.usage.scorer_calls = 4;
  p.result.usage.elapsed_us = 1000;
  p.grade = Grade{.correct = correct, .score = score, .detail = ""};
  p.candidates = candidates;
  return p;
}

// Five problems worked by hand: three finished, one failed, one still in flight.
struct Fixture {
  traces::RunRecord run;
  std::vector<ProblemRecord> problems;
  Fixture() {
    run.info.problem_count = 6;
    problems.push_back(Finished("a", true, 1.0,
                                {.candidates = 4,
                                 .graded = 4,
                                 .correct = 2,
                                 .has_majority = true,
                                 .majority_answer = "42",
                                 .majority_correct = true},
                                100));
    problems.push_back(Finished("b", false, 0.6,
                                {.candidates = 4,
                                 .graded = 4,
                                 .correct = 1,
                                 .has_majority = true,
                                 .majority_answer = "7",
                                 .majority_correct = false},
                                200));
    problems.push_back(
        Finished("c", false, 0.0, {.candidates = 4, .graded = 4, .correct = 0}, 300));
    ProblemRecord failed;
    failed.problem_id = "d";
    failed.status = ProblemStatus::kFailed;
    failed.error = "INTERNAL: scorer returned NaN";
    failed.result.usage.generated_tokens = 50;
    problems.push_back(failed);
    ProblemRecord started;
    started.problem_id = "e";
    started.status = ProblemStatus::kStarted;
    started.result.usage.generated_tokens = 999;
    problems.push_back(started);
  }
};

TEST(MetricsTest, ProblemMetricsFollowTheGradeAndCandidates) {
  Fixture f;
  MetricsOptions options;
  options.pass_k = {1, 2, 10};
  const ProblemMetrics a = ComputeProblemMetrics(f.problems[0], options);
  EXPECT_TRUE(a.counted && a.graded && a.correct && a.majority_correct);
  EXPECT_DOUBLE_EQ(*a.pass_at_k[0], 0.5);
  EXPECT_DOUBLE_EQ(*a.pass_at_k[1], 1.0 - 1.0 / 6.0);
  EXPECT_FALSE(a.pass_at_k[2].has_value());  // 4 candidates < k = 10
  const ProblemMetrics b = ComputeProblemMetrics(f.problems[1], options);
  EXPECT_TRUE(b.fractional_score);
  EXPECT_DOUBLE_EQ(*b.pass_at_k[1], 0.5);
  const ProblemMetrics d = ComputeProblemMetrics(f.problems[3], options);
  EXPECT_TRUE(d.counted);
  EXPECT_FALSE(d.correct);
  for (const auto& pass : d.pass_at_k) EXPECT_EQ(pass, 0.0);  // failed: wrong at every k
  const ProblemMetrics e = ComputeProblemMetrics(f.problems[4], options);
  EXPECT_FALSE(e.counted);
}

TEST(MetricsTest, RunAggregatesCountFailuresAsWrongAndSkipProblemsInFlight) {
  Fixture f;
  MetricsOptions options;
  options.pass_k = {1, 2, 10};
  std::vector<ProblemMetrics> problems;
  for (const auto& p : f.problems) problems.push_back(ComputeProblemMetrics(p, options));
  const RunMetrics m = AggregateRun(f.run, problems, options);
  EXPECT_EQ(m.expected, 6);
  EXPECT_EQ(m.recorded, 5);
  EXPECT_EQ(m.counted, 4);
  EXPECT_EQ(m.finished, 3);
  EXPECT_EQ(m.failed, 1);
  EXPECT_EQ(m.in_flight, 1);
  // 1 correct of 4 counted (the failed one is wrong).
  EXPECT_EQ(m.accuracy.successes, 1);
  EXPECT_EQ(m.accuracy.trials, 4);
  EXPECT_DOUBLE_EQ(m.accuracy.value, 0.25);
  const Interval wilson = WilsonInterval(1, 4);
  EXPECT_DOUBLE_EQ(m.accuracy.interval.low, wilson.low);
  EXPECT_DOUBLE_EQ(m.accuracy.interval.high, wilson.high);
  ASSERT_TRUE(m.majority.has_value());
  EXPECT_DOUBLE_EQ(m.majority->value, 0.25);  // only "a"'s majority answer is correct
  EXPECT_DOUBLE_EQ(m.mean_candidates, 4.0);
  // pass@1 = (0.5 + 0.25 + 0 + 0) / 4; pass@2 = (5/6 + 1/2 + 0 + 0) / 4; pass@10: no problem
  // has 10 candidates, so it is not reported.
  ASSERT_EQ(m.pass_at_k.size(), 2u);
  EXPECT_EQ(m.pass_at_k[0].k, 1);
  EXPECT_DOUBLE_EQ(m.pass_at_k[0].estimate.value, 0.1875);
  EXPECT_EQ(m.pass_at_k[0].estimate.problems, 4);
  EXPECT_EQ(m.pass_at_k[1].k, 2);
  EXPECT_NEAR(m.pass_at_k[1].estimate.value, (5.0 / 6.0 + 0.5) / 4, 1e-15);
  EXPECT_LE(m.pass_at_k[1].estimate.interval.low, m.pass_at_k[1].estimate.value);
  EXPECT_GE(m.pass_at_k[1].estimate.interval.high, m.pass_at_k[1].estimate.value);
  // The APPS test-case average: (1 + 0.6 + 0 + 0) / 4.
  EXPECT_TRUE(m.fractional_scores);
  EXPECT_DOUBLE_EQ(m.grade_score.value, 0.4);
  // Costs over the 4 counted problems; the one in flight is left out.
  EXPECT_EQ(m.cost.generated_tokens.total, 650);
  EXPECT_DOUBLE_EQ(m.cost.generated_tokens.mean, 162.5);
  EXPECT_EQ(m.cost.scorer_calls.total, 12);
  EXPECT_DOUBLE_EQ(m.cost.scorer_calls.mean, 3.0);
  EXPECT_DOUBLE_EQ(m.cost.elapsed_us.mean, 750.0);
}

TEST(MetricsTest, WithoutGradedCandidatesThereIsNoMajorityOrPassAtK) {
  traces::RunRecord run;
  run.info.problem_count = 1;
  ProblemRecord p = Finished("a", true, 1.0, {}, 10);
  p.candidates.reset();
  const MetricsOptions options;
  const std::vector<ProblemMetrics> problems = {ComputeProblemMetrics(p, options)};
  const RunMetrics m = AggregateRun(run, problems, options);
  EXPECT_FALSE(m.majority.has_value());
  EXPECT_TRUE(std::isnan(m.mean_candidates));
  EXPECT_TRUE(m.pass_at_k.empty());
  EXPECT_DOUBLE_EQ(m.accuracy.value, 1.0);
  EXPECT_FALSE(m.fractional_scores);
}

TEST(MetricsTest, CandidatesLeftUngradedGiveNoMajority) {
  // What the runner records with runner.max_graded_candidates: 0: the candidates are counted
  // and voted on, but none is graded, so whether the majority answer is correct is unknown.
  traces::RunRecord run;
  run.info.problem_count = 1;
  ProblemRecord p = Finished("a", true, 1.0,
                             {.candidates = 4,
                              .graded = 0,
                              .correct = 0,
                              .has_majority = true,
                              .majority_answer = "42",
                              .majority_correct = false},
                             10);
  const MetricsOptions options;
  const std::vector<ProblemMetrics> problems = {ComputeProblemMetrics(p, options)};
  const RunMetrics m = AggregateRun(run, problems, options);
  EXPECT_FALSE(m.majority.has_value());
  EXPECT_DOUBLE_EQ(m.mean_candidates, 4.0);
  EXPECT_TRUE(m.pass_at_k.empty());
}

TEST(MetricsTest, AnEmptyRunHasNoValues) {
  traces::RunRecord run;
  run.info.problem_count = 3;
  const RunMetrics m = AggregateRun(run, {}, MetricsOptions{});
  EXPECT_EQ(m.counted, 0);
  EXPECT_TRUE(std::isnan(m.accuracy.value));
  EXPECT_TRUE(std::isnan(m.cost.generated_tokens.mean));
}

TEST(MetricsTest, OptionsAreValidated) {
  MetricsOptions options;
  EXPECT_TRUE(options.Validate().ok());
  options.pass_k = {1, 0};
  EXPECT_EQ(options.Validate().message(), "pass@k: k must be at least 1, got 0");
  options.pass_k = {5, 5};
  EXPECT_EQ(options.Validate().message(), "pass@k: k = 5 is listed twice");
  options.pass_k = {1};
  options.bootstrap.resamples = 10;
  EXPECT_EQ(options.Validate().message(), "bootstrap: at least 100 resamples are needed, got 10");
}

}  // namespace
}  // namespace ponder::reports
