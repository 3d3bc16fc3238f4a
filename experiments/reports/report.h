// A report: every run of a trace database with its metrics, sorted for
// reading (by algorithm, then sweep point), ready for the table, JSON, CSV and
// plot writers (report_formats.h, scaling_plot.h).
//
// Thread-safety: plain values.
#pragma once

#include <span>
#include <string>
#include <vector>

#include "experiments/reports/metrics.h"
#include "search/base/status.h"
#include "traces/records.h"

namespace ponder::reports {

struct RunReport {
  traces::RunRecord run;
  RunMetrics metrics;
  std::vector<ProblemMetrics> problems;  // in the order they were recorded
};

struct Report {
  std::string database;                 // the path it was read from
  std::vector<std::string> datasets;    // the distinct data set labels, in row order
  std::vector<std::string> sweep_keys;  // every key of any run's sweep point, sorted
  MetricsOptions options;
  std::vector<RunReport> runs;  // sorted by OrderRuns
};

// Sorts rows by algorithm, then experiment name, then sweep point (key by key in
// `sweep_keys` order, numbers numerically, a run without the key first), then mean generated
// tokens per problem (runs that differ only outside the sweep; a run without counted problems
// last), then run id.
void OrderRuns(std::vector<RunReport>& runs, const std::vector<std::string>& sweep_keys);

// Reads every run of the trace database at `path` and computes its metrics. Fails, naming
// the path, when the file does not exist, is not a ponder trace database (or is empty),
// holds no runs, or options are invalid.
StatusOr<Report> LoadReport(const std::string& path, const MetricsOptions& options);

// One run's row from its records (LoadReport reads them from a database, one run at a time).
RunReport MakeRunReport(traces::RunRecord run, std::span<const traces::ProblemRecord> problems,
                        const MetricsOptions& options);

// The report of `runs`: collects the sweep keys and data set labels and orders the rows.
Report AssembleReport(std::string database, std::vector<RunReport> runs,
                      const MetricsOptions& options);

}  // namespace ponder::reports
