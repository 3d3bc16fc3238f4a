// Writers of a Report (report.h): an aligned text table for people, JSON and
// CSV for programs. docs/reports.md lists every column and field.
//
// Thread-safety: plain functions; each writes only to the stream it is given.
#pragma once

#include <cstdint>
#include <ostream>
#include <string>
#include <string_view>

#include "experiments/reports/report.h"
#include "search/base/status.h"

namespace ponder::reports {

enum class ReportFormat : uint8_t { kTable, kJson, kCsv };

// What one row (CSV) or one record (JSON) stands for.
enum class ReportRows : uint8_t {
  kRuns,      // one per run, aggregated over its problems
  kProblems,  // CSV: one per problem of every run; JSON: each run lists its problems too
};

// "table", "json" or "csv".
StatusOr<ReportFormat> ParseReportFormat(std::string_view name);

// Two tables, accuracy then cost, one row per run, under a header naming the database and
// the data set labels. Per-problem rows are not offered as a table.
void WriteTable(const Report& report, std::ostream& out);

// One JSON object: the database, data sets, estimator settings and a `runs` array.
void WriteJson(const Report& report, ReportRows rows, std::ostream& out);

// CSV (RFC 4180 quoting, "\n" line ends) with a header row; every row has the header's column
// count. Empty fields mean "not available" (no candidates graded, no problem with k candidates,
// ...).
void WriteCsv(const Report& report, ReportRows rows, std::ostream& out);

// A sweep point as the table and CSV show it: key=value pairs.
std::string SweepValue(const traces::RunInfo& run, const std::string& key);

}  // namespace ponder::reports
