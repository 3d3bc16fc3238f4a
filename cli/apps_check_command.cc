// `ponder apps-check DATASET.jsonl [--limit N]`: runs every problem's reference solutions on
// all its tests in the sandbox and prints one JSON line per problem (id, solutions tried and
// passed, each solution's verdict and first failure) and a final summary line.
#include <algorithm>
#include <chrono>
#include <iostream>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>

#include "cli/commands.h"
#include "cli/flag_checks.h"
#include "sandbox/pool.h"
#include "verifiers/code/apps_dataset.h"
#include "verifiers/code/apps_grader.h"
#include "verifiers/code/reference_check.h"

namespace ponder::cli {
namespace {

struct AppsCheckArgs {
  std::string dataset_path;
  int limit = 0;
  int workers = 2;
};

nlohmann::json ProblemLine(const ReferenceCheck& check) {
  nlohmann::json verdicts = nlohmann::json::array();
  nlohmann::json failures = nlohmann::json::array();
  for (size_t s = 0; s < check.runs.size(); ++s) {
    const sandbox::RunResult& run = check.runs[s];
    verdicts.push_back(sandbox::VerdictName(run.overall));
    if (!run.all_passed()) {
      failures.push_back(
          {{"solution", s}, {"passed_tests", run.passed}, {"detail", DescribeRun(run)}});
    }
  }
  return {{"id", check.id},
          {"difficulty", check.difficulty},
          {"tests", check.tests},
          {"solutions_tried", check.runs.size()},
          {"solutions_passed", check.passed()},
          {"verdicts", verdicts},
          {"failures", failures}};
}

void Print(const nlohmann::json& line) {
  std::cout << line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << std::endl;
}

Status AppsCheck(const AppsCheckArgs& args) {
  PONDER_ASSIGN_OR_RETURN(std::vector<AppsProblem> problems, ReadAppsProblems(args.dataset_path));
  if (args.limit > 0 && static_cast<size_t>(args.limit) < problems.size()) {
    problems.resize(static_cast<size_t>(args.limit));
  }
  sandbox::PoolOptions options;
  options.workers = args.workers;
  PONDER_ASSIGN_OR_RETURN(std::unique_ptr<sandbox::SandboxPool> pool,
                          sandbox::SandboxPool::Create(options));
  const sandbox::Limits limits;
  const auto start = std::chrono::steady_clock::now();
  int tried = 0, passed = 0, problems_none = 0, test_runs = 0;
  std::map<std::string, int> verdict_counts;
  AppsScores scores;
  // A few problems per batch keeps both workers busy and prints lines as they finish.
  const size_t chunk = static_cast<size_t>(4 * args.workers);
  for (size_t first = 0; first < problems.size(); first += chunk) {
    const size_t n = std::min(chunk, problems.size() - first);
    PONDER_ASSIGN_OR_RETURN(
        std::vector<ReferenceCheck> checks,
        CheckReferenceSolutions(*pool, std::span(problems).subspan(first, n), limits));
    for (const ReferenceCheck& check : checks) {
      Print(ProblemLine(check));
      tried += static_cast<int>(check.runs.size());
      passed += check.passed();
      problems_none += check.passed() == 0 ? 1 : 0;
      for (const sandbox::RunResult& run : check.runs) {
        ++verdict_counts[std::string(sandbox::VerdictName(run.overall))];
        scores.Add({.correct = run.all_passed(), .score = run.pass_rate(), .detail = ""});
        test_runs += static_cast<int>(run.tests.size());
      }
    }
  }
  const double wall =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  Print({{"summary", true},
         {"dataset", args.dataset_path},
         {"problems", problems.size()},
         {"solutions_tried", tried},
         {"solutions_passed", passed},
         {"solution_pass_share", tried ? static_cast<double>(passed) / tried : 0.0},
         {"problems_without_a_passing_solution", problems_none},
         {"verdicts", verdict_counts},
         {"strict_accuracy", scores.strict_accuracy()},
         {"test_case_average", scores.test_case_average()},
         {"test_runs", test_runs},
         {"workers", args.workers},
         {"wall_s", wall},
         {"isolation", pool->sandbox().jail().active().Describe()}});
  return OkStatus();
}

}  // namespace

void AddAppsCheckCommand(CLI::App& app, int& exit_code) {
  auto args = std::make_shared<AppsCheckArgs>();
  auto* cmd = app.add_subcommand(
      "apps-check", "run an APPS JSONL file's reference solutions on all tests in the sandbox");
  cmd->add_option("dataset", args->dataset_path, "APPS JSONL (DATASET.jsonl)")->required();
  cmd->add_option("--limit", args->limit, "check only the first N problems")->check(AtLeast(1));
  cmd->add_option("--workers", args->workers, "programs run at once (default 2)")
      ->check(CLI::Range(1, 256));
  cmd->callback([args, &exit_code] {
    Status status = AppsCheck(*args);
    if (!status.ok()) {
      std::cerr << "ponder apps-check: " << status.ToString() << std::endl;
      exit_code = 1;
    }
  });
}

}  // namespace ponder::cli
