#include "verifiers/code/apps_grader.h"

#include "verifiers/code/code_runs.h"

namespace ponder {

std::string DescribeRun(const sandbox::RunResult& result) {
  std::string out = "passed " + std::to_string(result.passed) + "/" +
                    std::to_string(result.tests.size()) + " tests";
  for (size_t i = 0; i < result.tests.size(); ++i) {
    const sandbox::TestOutcome& t = result.tests[i];
    if (t.verdict == sandbox::Verdict::kPassed) continue;
    out += "; first failure on test " + std::to_string(i) + ": " +
           std::string(sandbox::VerdictName(t.verdict));
    if (!t.detail.empty()) out += ": " + t.detail;
    break;
  }
  return out;
}

std::vector<StatusOr<Grade>> AppsGrader::GradeBatch(std::span<const GradeRequest> requests) {
  std::vector<StatusOr<Grade>> grades(requests.size(), StatusOr<Grade>(InternalError("not run")));
  std::vector<std::string> origins(requests.size());
  std::vector<CodeRun> runs;
  std::vector<size_t> run_of;
  for (size_t i = 0; i < requests.size(); ++i) {
    const GradeRequest& r = requests[i];
    if (r.problem == nullptr || r.reference == nullptr) {
      grades[i] = InvalidArgumentError("a grade request needs a problem and a reference");
      continue;
    }
    origins[i] = "problem " + r.problem->id + " reference tests";
    runs.push_back({r.solution, r.reference->tests_json, origins[i]});
    run_of.push_back(i);
  }
  std::vector<StatusOr<sandbox::RunResult>> results = RunPrograms(pool_, runs, limits_);
  for (size_t k = 0; k < results.size(); ++k) {
    if (!results[k].ok()) {
      grades[run_of[k]] = results[k].status();
      continue;
    }
    const sandbox::RunResult& run = *results[k];
    grades[run_of[k]] =
        Grade{.correct = run.all_passed(), .score = run.pass_rate(), .detail = DescribeRun(run)};
  }
  return grades;
}

void AppsScores::Add(const Grade& grade) {
  ++problems_;
  correct_ += grade.correct ? 1 : 0;
  score_sum_ += grade.score;
}

}  // namespace ponder
