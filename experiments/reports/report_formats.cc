#include "experiments/reports/report_formats.h"

namespace ponder::reports {

StatusOr<ReportFormat> ParseReportFormat(std::string_view name) {
  if (name == "table") return ReportFormat::kTable;
  if (name == "json") return ReportFormat::kJson;
  if (name == "csv") return ReportFormat::kCsv;
  return InvalidArgumentError("report format '" + std::string(name) +
                              "': expected table, json or csv");
}

std::string SweepValue(const traces::RunInfo& run, const std::string& key) {
  const ParamValue* value = run.sweep.Find(key);
  return value ? value->ToString() : "";
}

}  // namespace ponder::reports
