// The text table of `ponder report`.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <vector>

#include "experiments/reports/report_formats.h"

namespace ponder::reports {
namespace {

// Columns padded to their widest cell; text left-aligned, numbers right-aligned.
class TextTable {
 public:
  enum class Align : uint8_t { kLeft, kRight };

  void AddColumn(std::string header, Align align) {
    headers_.push_back(std::move(header));
    aligns_.push_back(align);
  }
  void AddRow(std::vector<std::string> cells) { rows_.push_back(std::move(cells)); }

  void Write(std::ostream& out) const {
    std::vector<size_t> width(headers_.size());
    for (size_t c = 0; c < headers_.size(); ++c) {
      width[c] = headers_[c].size();
      for (const auto& row : rows_) width[c] = std::max(width[c], row[c].size());
    }
    auto line = [&](const std::vector<std::string>& cells) {
      std::string text;
      for (size_t c = 0; c < cells.size(); ++c) {
        const std::string pad(width[c] - cells[c].size(), ' ');
        if (c > 0) text += "  ";
        text += aligns_[c] == Align::kLeft ? cells[c] + pad : pad + cells[c];
      }
      while (!text.empty() && text.back() == ' ') text.pop_back();
      out << text << "\n";
    };
    line(headers_);
    for (const auto& row : rows_) line(row);
  }

 private:
  std::vector<std::string> headers_;
  std::vector<Align> aligns_;
  std::vector<std::vector<std::string>> rows_;
};

std::string Fixed(double value, int decimals) {
  if (std::isnan(value)) return "-";
  char buffer[64];
  std::snprintf(buffer, sizeof(buffer), "%.*f", decimals, value);
  return buffer;
}

std::string WithInterval(double value, const Interval& interval) {
  if (std::isnan(value)) return "-";
  return Fixed(value, 3) + " [" + Fixed(interval.low, 3) + ", " + Fixed(interval.high, 3) + "]";
}

// What the rows of both tables share: which run, and its sweep point.
class RowKeys {
 public:
  explicit RowKeys(const Report& report) : report_(report) {
    for (const RunReport& row : report.runs) {
      names_differ_ = names_differ_ || row.run.info.name != report.runs[0].run.info.name;
      sharded_ = sharded_ || row.run.info.shard_count > 1;
    }
  }

  void AddColumns(TextTable& table) const {
    table.AddColumn("run", TextTable::Align::kRight);
    table.AddColumn("algorithm", TextTable::Align::kLeft);
    if (names_differ_) table.AddColumn("name", TextTable::Align::kLeft);
    if (report_.datasets.size() > 1) table.AddColumn("data set", TextTable::Align::kLeft);
    for (const std::string& key : report_.sweep_keys)
      table.AddColumn(key, TextTable::Align::kRight);
    if (sharded_) table.AddColumn("shard", TextTable::Align::kRight);
  }

  std::vector<std::string> Cells(const RunReport& row) const {
    const traces::RunInfo& info = row.run.info;
    std::vector<std::string> cells = {std::to_string(row.run.id), info.algorithm};
    if (names_differ_) cells.push_back(info.name);
    if (report_.datasets.size() > 1) cells.push_back(info.dataset);
    for (const std::string& key : report_.sweep_keys) cells.push_back(SweepValue(info, key));
    if (sharded_) {
      cells.push_back(std::to_string(info.shard_index) + "/" + std::to_string(info.shard_count));
    }
    return cells;
  }

 private:
  const Report& report_;
  bool names_differ_ = false;
  bool sharded_ = false;
};

void WriteAccuracyTable(const Report& report, const RowKeys& keys, std::ostream& out) {
  bool fractional = false;
  for (const RunReport& row : report.runs) fractional = fractional || row.metrics.fractional_scores;
  TextTable table;
  keys.AddColumns(table);
  table.AddColumn("status", TextTable::Align::kLeft);
  table.AddColumn("problems", TextTable::Align::kRight);
  table.AddColumn("failed", TextTable::Align::kRight);
  table.AddColumn("accuracy", TextTable::Align::kLeft);
  if (fractional) table.AddColumn("test avg", TextTable::Align::kLeft);
  table.AddColumn("maj@k", TextTable::Align::kLeft);
  table.AddColumn("k", TextTable::Align::kRight);
  for (int64_t k : report.options.pass_k) {
    table.AddColumn("pass@" + std::to_string(k), TextTable::Align::kLeft);
  }
  for (const RunReport& row : report.runs) {
    const RunMetrics& m = row.metrics;
    std::vector<std::string> cells = keys.Cells(row);
    cells.push_back(std::string(traces::RunStatusName(row.run.status)));
    cells.push_back(std::to_string(m.counted) + "/" + std::to_string(m.expected));
    cells.push_back(std::to_string(m.failed));
    cells.push_back(WithInterval(m.accuracy.value, m.accuracy.interval));
    if (fractional) cells.push_back(WithInterval(m.grade_score.value, m.grade_score.interval));
    cells.push_back(m.majority ? WithInterval(m.majority->value, m.majority->interval) : "-");
    cells.push_back(Fixed(m.mean_candidates, 1));
    for (int64_t k : report.options.pass_k) {
      auto it = std::find_if(m.pass_at_k.begin(), m.pass_at_k.end(),
                             [&](const PassAtKMetric& p) { return p.k == k; });
      cells.push_back(
          it == m.pass_at_k.end() ? "-" : WithInterval(it->estimate.value, it->estimate.interval));
    }
    table.AddRow(std::move(cells));
  }
  table.Write(out);
}

void WriteCostTable(const Report& report, const RowKeys& keys, std::ostream& out) {
  TextTable table;
  keys.AddColumns(table);
  for (const char* header : {"gen tokens", "prefill", "reused", "policy calls", "scorer calls",
                             "expanded", "ms", "gen tokens total"}) {
    table.AddColumn(header, TextTable::Align::kRight);
  }
  for (const RunReport& row : report.runs) {
    const CostMetrics& c = row.metrics.cost;
    std::vector<std::string> cells = keys.Cells(row);
    for (const Cost* cost : {&c.generated_tokens, &c.prefill_tokens, &c.reused_prefill_tokens,
                             &c.policy_calls, &c.scorer_calls, &c.expansions}) {
      cells.push_back(Fixed(cost->mean, 1));
    }
    cells.push_back(Fixed(c.elapsed_us.mean / 1e3, 1));
    cells.push_back(std::to_string(c.generated_tokens.total));
    table.AddRow(std::move(cells));
  }
  table.Write(out);
}

}  // namespace

void WriteTable(const Report& report, std::ostream& out) {
  out << "trace database: " << report.database << "\n";
  out << (report.datasets.size() > 1 ? "data sets: " : "data set: ");
  for (size_t i = 0; i < report.datasets.size(); ++i) {
    out << (i > 0 ? "; " : "") << report.datasets[i];
  }
  out << "\n\n";
  const RowKeys keys(report);
  out << "Accuracy of the chosen answer, majority@k (k: mean candidates per problem) and pass@k\n"
         "with 95% intervals (Wilson for proportions, percentile bootstrap for means);\n"
         "failed problems count as wrong\n";
  WriteAccuracyTable(report, keys, out);
  for (const RunReport& row : report.runs) {
    if (row.run.error.empty()) continue;
    out << "run " << row.run.id << " " << traces::RunStatusName(row.run.status) << ": "
        << row.run.error << "\n";
  }
  int64_t in_flight = 0;
  for (const RunReport& row : report.runs) in_flight += row.metrics.in_flight;
  if (in_flight > 0) {
    out << "(" << in_flight
        << " problem(s) still in flight or interrupted are not counted; resume the run to "
           "finish them)\n";
  }
  out << "\nCost per problem (means over the counted problems; ms: search wall time)\n";
  WriteCostTable(report, keys, out);
}

}  // namespace ponder::reports
