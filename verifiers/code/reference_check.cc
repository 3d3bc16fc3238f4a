#include "verifiers/code/reference_check.h"

#include "verifiers/code/code_runs.h"

namespace ponder {

int ReferenceCheck::passed() const {
  int n = 0;
  for (const sandbox::RunResult& r : runs) n += r.all_passed() ? 1 : 0;
  return n;
}

StatusOr<std::vector<ReferenceCheck>> CheckReferenceSolutions(sandbox::SandboxPool& pool,
                                                              std::span<const AppsProblem> problems,
                                                              const sandbox::Limits& limits) {
  std::vector<std::string> tests(problems.size());
  std::vector<CodeRun> runs;
  for (size_t p = 0; p < problems.size(); ++p) {
    tests[p] = problems[p].TestsJson();
    for (const std::string& solution : problems[p].solutions) {
      runs.push_back({solution, tests[p], problems[p].id});
    }
  }
  std::vector<StatusOr<sandbox::RunResult>> results = RunPrograms(pool, runs, limits);
  std::vector<ReferenceCheck> checks;
  size_t k = 0;
  for (const AppsProblem& problem : problems) {
    ReferenceCheck check{.id = problem.id,
                         .difficulty = problem.difficulty,
                         .tests = problem.test_count(),
                         .runs = {}};
    for (size_t s = 0; s < problem.solutions.size(); ++s, ++k) {
      if (!results[k].ok()) return results[k].status().WithContext(problem.id);
      check.runs.push_back(std::move(*results[k]));
    }
    checks.push_back(std::move(check));
  }
  return checks;
}

}  // namespace ponder
