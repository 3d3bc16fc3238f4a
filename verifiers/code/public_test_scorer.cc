#include "verifiers/code/public_test_scorer.h"

#include "verifiers/code/code_runs.h"

namespace ponder {

std::vector<StatusOr<Score>> PublicTestScorer::ScoreBatch(std::span<const ScoreRequest> requests) {
  std::vector<StatusOr<Score>> scores(requests.size(), StatusOr<Score>(InternalError("not run")));
  std::vector<std::string> texts(requests.size());
  std::vector<std::string> origins(requests.size());
  std::vector<CodeRun> runs;
  std::vector<size_t> run_of;
  for (size_t i = 0; i < requests.size(); ++i) {
    const ScoreRequest& r = requests[i];
    if (r.problem == nullptr || r.tree == nullptr) {
      scores[i] = InvalidArgumentError("a score request needs a problem and a tree");
      continue;
    }
    auto tests = r.problem->attributes.find("public_tests");
    if (tests == r.problem->attributes.end()) {
      scores[i] = InvalidArgumentError("problem " + r.problem->id +
                                       " has no \"public_tests\" attribute to score code with");
      continue;
    }
    texts[i] = r.tree->PathText(r.node);
    origins[i] = "problem " + r.problem->id + " public_tests";
    runs.push_back({texts[i], tests->second, origins[i]});
    run_of.push_back(i);
  }
  std::vector<StatusOr<sandbox::RunResult>> results = RunPrograms(pool_, runs, limits_);
  for (size_t k = 0; k < results.size(); ++k) {
    if (!results[k].ok()) {
      scores[run_of[k]] = results[k].status();
    } else {
      scores[run_of[k]] = Score{.step_scores = {results[k]->pass_rate()}};
    }
  }
  return scores;
}

}  // namespace ponder
