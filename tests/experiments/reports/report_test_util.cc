#include "tests/experiments/reports/report_test_util.h"

namespace ponder::reports::testing {

RunReport TestRun(int64_t id, const std::string& algorithm, int64_t n, int correct, int problems,
                  int64_t tokens, int64_t scorer_calls) {
  traces::RunRecord run;
  run.id = id;
  run.status = traces::RunStatus::kFinished;
  run.info.name = "apps-scaling";
  run.info.algorithm = algorithm;
  run.info.dataset = "APPS (train split subset)";
  run.info.sweep.Set("algorithm.n", n);
  run.info.problem_count = problems;
  std::vector<traces::ProblemRecord> records;
  for (int i = 0; i < problems; ++i) {
    traces::ProblemRecord p;
    p.problem_id = "apps/" + std::to_string(i);
    p.status = traces::ProblemStatus::kFinished;
    p.result.has_answer = true;
    p.result.answer = i == 0 ? "print(\"a, b\")\nprint(2)" : std::to_string(i);
    p.result.usage.generated_tokens = tokens;
    p.result.usage.scorer_calls = scorer_calls;
    p.grade = Grade{.correct = i < correct, .score = i < correct ? 1.0 : 0.5, .detail = ""};
    p.candidates = traces::CandidateStats{.candidates = n,
                                          .graded = n,
                                          .correct = i < correct ? n : 0,
                                          .has_majority = true,
                                          .majority_answer = p.result.answer,
                                          .majority_correct = i < correct};
    records.push_back(std::move(p));
  }
  return MakeRunReport(std::move(run), records, MetricsOptions{});
}

Report TestReport() {
  std::vector<RunReport> runs;
  runs.push_back(TestRun(1, "best_of_n", 16, 18, 20, 1600, 16));
  runs.push_back(TestRun(2, "beam_search", 4, 12, 20, 500, 40));
  runs.push_back(TestRun(3, "best_of_n", 1, 8, 20, 100, 1));
  runs.push_back(TestRun(4, "beam_search", 16, 17, 20, 2000, 160));
  runs.push_back(TestRun(5, "best_of_n", 4, 14, 20, 400, 4));
  return AssembleReport("test.db", std::move(runs), MetricsOptions{});
}

std::vector<std::vector<std::string>> ParseCsv(const std::string& text) {
  std::vector<std::vector<std::string>> lines;
  std::vector<std::string> fields;
  std::string field;
  bool quoted = false;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quoted) {
      if (c != '"') {
        field += c;
      } else if (i + 1 < text.size() && text[i + 1] == '"') {
        field += '"';
        ++i;
      } else {
        quoted = false;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      fields.push_back(std::move(field));
      field.clear();
    } else if (c == '\n') {
      fields.push_back(std::move(field));
      field.clear();
      lines.push_back(std::move(fields));
      fields.clear();
    } else {
      field += c;
    }
  }
  return lines;
}

}  // namespace ponder::reports::testing
