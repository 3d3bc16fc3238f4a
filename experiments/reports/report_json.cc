// The JSON form of `ponder report`.
#include <cmath>
#include <nlohmann/json.hpp>

#include "experiments/reports/report_formats.h"

namespace ponder::reports {
namespace {

using Json = nlohmann::ordered_json;

Json Number(double value) { return std::isnan(value) ? Json(nullptr) : Json(value); }

Json IntervalJson(const Interval& interval) {
  return Json::array({Number(interval.low), Number(interval.high)});
}

Json ProportionJson(const Proportion& p) {
  return {{"value", Number(p.value)},
          {"successes", p.successes},
          {"trials", p.trials},
          {"interval", IntervalJson(p.interval)}};
}

Json MeanJson(const Mean& m) {
  return {
      {"value", Number(m.value)}, {"problems", m.problems}, {"interval", IntervalJson(m.interval)}};
}

Json CostJson(const CostMetrics& c) {
  Json out = Json::object();
  const std::pair<const char*, const Cost*> costs[] = {
      {"generated_tokens", &c.generated_tokens},
      {"prefill_tokens", &c.prefill_tokens},
      {"reused_prefill_tokens", &c.reused_prefill_tokens},
      {"policy_calls", &c.policy_calls},
      {"scorer_calls", &c.scorer_calls},
      {"expansions", &c.expansions},
      {"elapsed_us", &c.elapsed_us}};
  for (const auto& [name, cost] : costs) {
    out[name] = {{"total", cost->total}, {"mean", Number(cost->mean)}};
  }
  return out;
}

Json UsageJson(const Usage& u) {
  return {{"generated_tokens", u.generated_tokens},
          {"prefill_tokens", u.prefill_tokens},
          {"reused_prefill_tokens", u.reused_prefill_tokens},
          {"policy_calls", u.policy_calls},
          {"scorer_calls", u.scorer_calls},
          {"expansions", u.expansions},
          {"elapsed_us", u.elapsed_us}};
}

Json CandidatesJson(const std::optional<traces::CandidateStats>& c) {
  if (!c) return nullptr;
  return {{"candidates", c->candidates},
          {"graded", c->graded},
          {"correct", c->correct},
          {"majority_answer", c->has_majority ? Json(c->majority_answer) : Json(nullptr)},
          {"majority_correct", c->has_majority ? Json(c->majority_correct) : Json(nullptr)}};
}

Json ProblemJson(const ProblemMetrics& p, const MetricsOptions& options) {
  Json pass = Json::object();
  for (size_t i = 0; i < options.pass_k.size(); ++i) {
    pass[std::to_string(options.pass_k[i])] =
        p.pass_at_k[i] ? Json(*p.pass_at_k[i]) : Json(nullptr);
  }
  return {{"problem_id", p.problem_id},
          {"status", traces::ProblemStatusName(p.status)},
          {"counted", p.counted},
          {"graded", p.graded},
          {"correct", p.correct},
          {"grade_score", p.grade_score},
          {"answer", p.has_answer ? Json(p.answer) : Json(nullptr)},
          {"candidates", CandidatesJson(p.candidates)},
          {"majority_correct", p.majority_correct},
          {"pass_at_k", pass},
          {"usage", UsageJson(p.usage)},
          {"counters", p.counters},
          {"error", p.error.empty() ? Json(nullptr) : Json(p.error)}};
}

Json SweepJson(const Params& sweep) { return Json::parse(traces::ParamsToJson(sweep)); }

Json RunJson(const RunReport& row, const MetricsOptions& options, ReportRows rows) {
  const traces::RunInfo& info = row.run.info;
  const RunMetrics& m = row.metrics;
  Json pass = Json::array();
  for (const PassAtKMetric& p : m.pass_at_k) {
    Json entry = {{"k", p.k}};
    entry.update(MeanJson(p.estimate));
    pass.push_back(std::move(entry));
  }
  Json run = {
      {"run_id", row.run.id},
      {"name", info.name},
      {"algorithm", info.algorithm},
      {"dataset", info.dataset},
      {"sweep", SweepJson(info.sweep)},
      {"seed", info.seed},
      {"shard", {{"index", info.shard_index}, {"count", info.shard_count}}},
      {"status", traces::RunStatusName(row.run.status)},
      {"error", row.run.error.empty() ? Json(nullptr) : Json(row.run.error)},
      {"problems",
       {{"expected", m.expected},
        {"recorded", m.recorded},
        {"counted", m.counted},
        {"finished", m.finished},
        {"failed", m.failed},
        {"in_flight", m.in_flight}}},
      {"accuracy", ProportionJson(m.accuracy)},
      {"majority", m.majority ? ProportionJson(*m.majority) : Json(nullptr)},
      {"mean_candidates", Number(m.mean_candidates)},
      {"pass_at_k", pass},
      {"mean_grade_score", MeanJson(m.grade_score)},
      {"fractional_scores", m.fractional_scores},
      {"cost", CostJson(m.cost)},
      {"counters", m.counters},
  };
  if (rows == ReportRows::kProblems) {
    Json problems = Json::array();
    for (const ProblemMetrics& p : row.problems) problems.push_back(ProblemJson(p, options));
    run["per_problem"] = std::move(problems);
  }
  return run;
}

}  // namespace

void WriteJson(const Report& report, ReportRows rows, std::ostream& out) {
  Json runs = Json::array();
  for (const RunReport& row : report.runs) runs.push_back(RunJson(row, report.options, rows));
  const Json doc = {
      {"database", report.database},
      {"datasets", report.datasets},
      {"intervals",
       {{"proportions", "wilson"},
        {"means", "percentile bootstrap"},
        {"level", 0.95},
        {"bootstrap_resamples", report.options.bootstrap.resamples},
        {"bootstrap_seed", report.options.bootstrap.seed}}},
      {"failed_problems", "counted as wrong"},
      {"pass_k", report.options.pass_k},
      {"sweep_keys", report.sweep_keys},
      {"runs", runs},
  };
  // Answers and errors come from model output and file names, which need not be UTF-8: invalid
  // bytes become U+FFFD rather than an exception.
  out << doc.dump(2, ' ', false, Json::error_handler_t::replace) << "\n";
}

}  // namespace ponder::reports
