// The CSV form of `ponder report`: RFC 4180 quoting, one line per record ending in "\n".
#include <algorithm>
#include <charconv>
#include <cmath>
#include <vector>

#include "experiments/reports/report_formats.h"

namespace ponder::reports {
namespace {

// A field, quoted when it holds a comma, a quote or a line break (quotes doubled).
std::string Field(const std::string& text) {
  if (text.find_first_of(",\"\r\n") == std::string::npos) return text;
  std::string quoted = "\"";
  for (char c : text) {
    if (c == '"') quoted += '"';
    quoted += c;
  }
  return quoted + "\"";
}

// The shortest text that reads back as the same double; empty for NaN.
std::string Number(double value) {
  if (std::isnan(value)) return "";
  char buffer[64];
  const auto [end, ec] = std::to_chars(buffer, buffer + sizeof(buffer), value);
  return std::string(buffer, end);
}

std::string Flag(bool value) { return value ? "1" : "0"; }

void WriteLine(const std::vector<std::string>& fields, std::ostream& out) {
  for (size_t i = 0; i < fields.size(); ++i) out << (i > 0 ? "," : "") << Field(fields[i]);
  out << "\n";
}

// The columns every row starts with: which run, and its sweep point.
void RunKeyHeaders(const Report& report, std::vector<std::string>& h) {
  for (const char* name : {"run_id", "name", "algorithm", "dataset"}) h.push_back(name);
  for (const std::string& key : report.sweep_keys) h.push_back(key);
  for (const char* name : {"shard_index", "shard_count", "run_status"}) h.push_back(name);
}

void RunKeyFields(const Report& report, const RunReport& row, std::vector<std::string>& f) {
  const traces::RunInfo& info = row.run.info;
  f.push_back(std::to_string(row.run.id));
  for (const std::string* text : {&info.name, &info.algorithm, &info.dataset}) f.push_back(*text);
  for (const std::string& key : report.sweep_keys) f.push_back(SweepValue(info, key));
  f.push_back(std::to_string(info.shard_index));
  f.push_back(std::to_string(info.shard_count));
  f.push_back(std::string(traces::RunStatusName(row.run.status)));
}

void IntervalFields(double value, const Interval& interval, std::vector<std::string>& f) {
  f.push_back(Number(value));
  f.push_back(Number(interval.low));
  f.push_back(Number(interval.high));
}

constexpr const char* kCostNames[] = {"generated_tokens", "prefill_tokens", "reused_prefill_tokens",
                                      "policy_calls",     "scorer_calls",   "expansions",
                                      "elapsed_us"};

void WriteRunRows(const Report& report, std::ostream& out) {
  std::vector<std::string> header;
  RunKeyHeaders(report, header);
  for (const char* name :
       {"expected", "counted", "finished", "failed", "in_flight", "accuracy", "accuracy_low",
        "accuracy_high", "correct", "majority", "majority_low", "majority_high", "mean_k"}) {
    header.push_back(name);
  }
  for (int64_t k : report.options.pass_k) {
    const std::string name = "pass@" + std::to_string(k);
    for (const char* suffix : {"", "_low", "_high", "_problems"}) header.push_back(name + suffix);
  }
  for (const char* name : {"mean_grade_score", "mean_grade_score_low", "mean_grade_score_high"}) {
    header.push_back(name);
  }
  for (const char* name : kCostNames) {
    header.push_back(std::string(name) + "_total");
    header.push_back(std::string(name) + "_mean");
  }
  WriteLine(header, out);

  for (const RunReport& row : report.runs) {
    const RunMetrics& m = row.metrics;
    std::vector<std::string> f;
    RunKeyFields(report, row, f);
    for (int64_t count : {m.expected, m.counted, m.finished, m.failed, m.in_flight}) {
      f.push_back(std::to_string(count));
    }
    IntervalFields(m.accuracy.value, m.accuracy.interval, f);
    f.push_back(std::to_string(m.accuracy.successes));
    if (m.majority) {
      IntervalFields(m.majority->value, m.majority->interval, f);
    } else {
      f.insert(f.end(), 3, "");
    }
    f.push_back(Number(m.mean_candidates));
    for (int64_t k : report.options.pass_k) {
      auto it = std::find_if(m.pass_at_k.begin(), m.pass_at_k.end(),
                             [&](const PassAtKMetric& p) { return p.k == k; });
      if (it == m.pass_at_k.end()) {
        f.insert(f.end(), 4, "");
        continue;
      }
      IntervalFields(it->estimate.value, it->estimate.interval, f);
      f.push_back(std::to_string(it->estimate.problems));
    }
    IntervalFields(m.grade_score.value, m.grade_score.interval, f);
    const CostMetrics& c = m.cost;
    for (const Cost* cost : {&c.generated_tokens, &c.prefill_tokens, &c.reused_prefill_tokens,
                             &c.policy_calls, &c.scorer_calls, &c.expansions, &c.elapsed_us}) {
      f.push_back(std::to_string(cost->total));
      f.push_back(Number(cost->mean));
    }
    WriteLine(f, out);
  }
}

void WriteProblemRows(const Report& report, std::ostream& out) {
  std::vector<std::string> header;
  RunKeyHeaders(report, header);
  for (const char* name :
       {"problem_id", "status", "graded", "correct", "grade_score", "answer", "candidates",
        "graded_candidates", "correct_candidates", "majority_answer", "majority_correct"}) {
    header.push_back(name);
  }
  for (int64_t k : report.options.pass_k) header.push_back("pass@" + std::to_string(k));
  for (const char* name : kCostNames) header.push_back(name);
  header.push_back("error");
  WriteLine(header, out);

  for (const RunReport& row : report.runs) {
    for (const ProblemMetrics& p : row.problems) {
      std::vector<std::string> f;
      RunKeyFields(report, row, f);
      f.push_back(p.problem_id);
      f.push_back(std::string(traces::ProblemStatusName(p.status)));
      f.push_back(Flag(p.graded));
      f.push_back(Flag(p.correct));
      f.push_back(Number(p.grade_score));
      f.push_back(p.answer);
      if (const auto& c = p.candidates) {
        f.push_back(std::to_string(c->candidates));
        f.push_back(std::to_string(c->graded));
        f.push_back(std::to_string(c->correct));
        f.push_back(c->has_majority ? c->majority_answer : "");
      } else {
        f.insert(f.end(), 4, "");
      }
      f.push_back(Flag(p.majority_correct));
      for (const std::optional<double>& pass : p.pass_at_k) f.push_back(pass ? Number(*pass) : "");
      const Usage& u = p.usage;
      for (int64_t value : {u.generated_tokens, u.prefill_tokens, u.reused_prefill_tokens,
                            u.policy_calls, u.scorer_calls, u.expansions, u.elapsed_us}) {
        f.push_back(std::to_string(value));
      }
      f.push_back(p.error);
      WriteLine(f, out);
    }
  }
}

}  // namespace

void WriteCsv(const Report& report, ReportRows rows, std::ostream& out) {
  if (rows == ReportRows::kProblems) {
    WriteProblemRows(report, out);
  } else {
    WriteRunRows(report, out);
  }
}

}  // namespace ponder::reports
