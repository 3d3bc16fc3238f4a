#include "verifiers/code/code_runs.h"

#include <map>
#include <optional>

#include "sandbox/language.h"
#include "sandbox/test_suite.h"
#include "verifiers/code/program_extractor.h"

namespace ponder {

std::vector<StatusOr<sandbox::RunResult>> RunPrograms(sandbox::SandboxPool& pool,
                                                      std::span<const CodeRun> runs,
                                                      const sandbox::Limits& limits) {
  std::vector<StatusOr<sandbox::RunResult>> results(
      runs.size(), StatusOr<sandbox::RunResult>(InternalError("not run")));
  std::map<std::string_view, StatusOr<sandbox::TestSuite>> suites;
  std::vector<std::string> programs(runs.size());
  std::vector<sandbox::RunRequest> requests;
  std::vector<size_t> request_of;  // index into `runs` of each request
  for (size_t i = 0; i < runs.size(); ++i) {
    auto it = suites.find(runs[i].tests_json);
    if (it == suites.end()) {
      it = suites
               .emplace(runs[i].tests_json,
                        sandbox::TestSuite::Parse(runs[i].tests_json, runs[i].origin))
               .first;
    }
    if (!it->second.ok()) {
      results[i] = it->second.status();
      continue;
    }
    programs[i] = ExtractProgram(runs[i].solution_text);
    requests.push_back({&sandbox::Python3Language(), programs[i], &*it->second, limits});
    request_of.push_back(i);
  }
  std::vector<StatusOr<sandbox::RunResult>> ran = pool.RunBatch(requests);
  for (size_t k = 0; k < ran.size(); ++k) results[request_of[k]] = std::move(ran[k]);
  return results;
}

}  // namespace ponder
