// `ponder report DB [--format table|json|csv] [--plot OUT.svg|OUT.png]`:
// prints the accuracy and cost of every run in a trace database, one row per
// run sorted by algorithm and sweep point, and optionally draws the scaling
// curves (docs/reports.md). Bad input (a missing, empty or non-ponder
// database, a database without runs, a bad option) exits 2 with the reason on
// stderr; a plot that cannot be written exits 1.
#include <iostream>
#include <memory>

#include "cli/commands.h"
#include "experiments/reports/report_formats.h"
#include "experiments/reports/scaling_plot.h"

namespace ponder::cli {
namespace {

struct ReportArgs {
  std::string database;
  std::string format = "table";
  std::string plot;
  bool per_problem = false;
  std::vector<int64_t> pass_k = {1, 10};
  int64_t bootstrap_resamples = 2000;
};

int Report(const ReportArgs& args) {
  StatusOr<reports::ReportFormat> format = reports::ParseReportFormat(args.format);
  if (!format.ok()) {
    std::cerr << "ponder report: " << format.status().message() << "\n";
    return 2;
  }
  if (Status plot = args.plot.empty() ? OkStatus() : reports::CheckPlotPath(args.plot);
      !plot.ok()) {
    std::cerr << "ponder report: " << plot.message() << "\n";
    return 2;
  }
  if (args.per_problem && *format == reports::ReportFormat::kTable) {
    std::cerr << "ponder report: --per-problem needs --format json or csv\n";
    return 2;
  }
  reports::MetricsOptions options;
  options.pass_k = args.pass_k;
  options.bootstrap.resamples = args.bootstrap_resamples;
  StatusOr<reports::Report> report = reports::LoadReport(args.database, options);
  if (!report.ok()) {
    std::cerr << "ponder report: " << report.status().message() << "\n";
    return 2;
  }
  const reports::ReportRows rows =
      args.per_problem ? reports::ReportRows::kProblems : reports::ReportRows::kRuns;
  switch (*format) {
    case reports::ReportFormat::kTable:
      reports::WriteTable(*report, std::cout);
      break;
    case reports::ReportFormat::kJson:
      reports::WriteJson(*report, rows, std::cout);
      break;
    case reports::ReportFormat::kCsv:
      reports::WriteCsv(*report, rows, std::cout);
      break;
  }
  if (args.plot.empty()) return 0;
  Status plotted = reports::WriteScalingPlot(*report, args.plot, reports::PlotOptions{});
  if (!plotted.ok()) {
    std::cerr << "ponder report: " << plotted.message() << "\n";
    return 1;
  }
  std::cerr << "plot written to " << args.plot << "\n";
  return 0;
}

}  // namespace

void AddReportCommand(CLI::App& app, int& exit_code) {
  auto args = std::make_shared<ReportArgs>();
  auto* cmd = app.add_subcommand(
      "report", "print accuracy and cost of every run in a trace database; draw scaling curves");
  cmd->add_option("database", args->database, "the SQLite trace database")->required();
  cmd->add_option("--format", args->format, "table (default), json or csv");
  cmd->add_option("--plot", args->plot,
                  "also draw accuracy against generated tokens and scorer calls into this .svg "
                  "or .png file");
  cmd->add_flag("--per-problem", args->per_problem,
                "json: list each run's problems too; csv: one row per problem");
  cmd->add_option("--pass-k", args->pass_k, "the k of each pass@k column (default 1 10)")
      ->delimiter(',');
  cmd->add_option("--bootstrap-resamples", args->bootstrap_resamples,
                  "resamples of the bootstrap intervals of means (default 2000)");
  cmd->callback([args, &exit_code] { exit_code = Report(*args); });
}

}  // namespace ponder::cli
