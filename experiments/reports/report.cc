#include "experiments/reports/report.h"

#include <algorithm>
#include <cmath>
#include <set>

#include "traces/trace_reader.h"

namespace ponder::reports {
namespace {

std::optional<double> AsNumber(const ParamValue& value) {
  if (const auto* i = std::get_if<int64_t>(&value.value())) return static_cast<double>(*i);
  if (const auto* d = std::get_if<double>(&value.value())) return *d;
  return std::nullopt;
}

// -1, 0 or 1 as a sorts before, with or after b: a missing value first, numbers by value and
// before anything else, the rest by how a config spells them.
int CompareSweepValues(const ParamValue* a, const ParamValue* b) {
  if (!a || !b) return (a != nullptr) - (b != nullptr);
  const std::optional<double> x = AsNumber(*a), y = AsNumber(*b);
  if (x && y) return (*x > *y) - (*x < *y);
  if (x || y) return x ? -1 : 1;
  const std::string s = a->ToString(), t = b->ToString();
  return (s > t) - (s < t);
}

}  // namespace

void OrderRuns(std::vector<RunReport>& runs, const std::vector<std::string>& sweep_keys) {
  std::stable_sort(runs.begin(), runs.end(), [&](const RunReport& a, const RunReport& b) {
    const traces::RunInfo& x = a.run.info;
    const traces::RunInfo& y = b.run.info;
    if (x.algorithm != y.algorithm) return x.algorithm < y.algorithm;
    if (x.name != y.name) return x.name < y.name;
    for (const std::string& key : sweep_keys) {
      if (int c = CompareSweepValues(x.sweep.Find(key), y.sweep.Find(key))) return c < 0;
    }
    // Runs that differ only in settings outside the sweep (--set): cheaper first, and a run
    // without counted problems (no cost) last; falling back to the id for it alone would make
    // the order depend on the input order.
    const double cost_a = a.metrics.cost.generated_tokens.mean;
    const double cost_b = b.metrics.cost.generated_tokens.mean;
    if (std::isnan(cost_a) != std::isnan(cost_b)) return std::isnan(cost_b);
    if (cost_a != cost_b && !std::isnan(cost_a)) return cost_a < cost_b;
    return a.run.id < b.run.id;
  });
}

RunReport MakeRunReport(traces::RunRecord run, std::span<const traces::ProblemRecord> problems,
                        const MetricsOptions& options) {
  RunReport row{.run = std::move(run)};
  row.problems.reserve(problems.size());
  for (const traces::ProblemRecord& p : problems) {
    row.problems.push_back(ComputeProblemMetrics(p, options));
  }
  row.metrics = AggregateRun(row.run, row.problems, options);
  return row;
}

Report AssembleReport(std::string database, std::vector<RunReport> runs,
                      const MetricsOptions& options) {
  Report report{.database = std::move(database), .options = options, .runs = std::move(runs)};
  std::set<std::string> keys;
  for (const RunReport& row : report.runs) {
    for (const auto& [key, value] : row.run.info.sweep.values()) keys.insert(key);
  }
  report.sweep_keys.assign(keys.begin(), keys.end());
  OrderRuns(report.runs, report.sweep_keys);
  for (const RunReport& row : report.runs) {
    const std::string& label = row.run.info.dataset;
    if (std::find(report.datasets.begin(), report.datasets.end(), label) == report.datasets.end()) {
      report.datasets.push_back(label);
    }
  }
  return report;
}

StatusOr<Report> LoadReport(const std::string& path, const MetricsOptions& options) {
  PONDER_RETURN_IF_ERROR(options.Validate());
  PONDER_ASSIGN_OR_RETURN(std::unique_ptr<traces::TraceReader> reader,
                          traces::TraceReader::Open(path));
  PONDER_ASSIGN_OR_RETURN(std::vector<traces::RunRecord> runs, reader->Runs());
  if (runs.empty()) {
    return FailedPreconditionError("trace database '" + path +
                                   "' holds no runs: nothing to report (run `ponder run` first)");
  }
  std::vector<RunReport> rows;
  for (traces::RunRecord& run : runs) {
    PONDER_ASSIGN_OR_RETURN(std::vector<traces::ProblemRecord> problems, reader->Problems(run.id));
    rows.push_back(MakeRunReport(std::move(run), problems, options));
  }
  return AssembleReport(path, std::move(rows), options);
}

}  // namespace ponder::reports
