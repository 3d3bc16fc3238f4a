// The code path of an experiment end to end: APPS problems, a public-test scorer and
// the APPS grader running programs in the real sandbox. The policy is a stand-in that
// proposes known programs (there is no code model here): one reference solution from the
// data set and one wrong program, so the scorer has something to choose between.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "experiments/runner.h"
#include "traces/trace_reader.h"

namespace ponder::experiments {
namespace {

class KnownProgramsPolicy final : public Policy {
 public:
  explicit KnownProgramsPolicy(std::map<std::string, std::string> right)
      : right_(std::move(right)) {}
  std::vector<StatusOr<Expansion>> Propose(std::span<const ExpandRequest> requests) override {
    std::vector<StatusOr<Expansion>> out;
    for (const ExpandRequest& r : requests) {
      Expansion e;
      for (int i = 0; i < r.n; ++i) {
        const std::string program = i % 2 == 0
                                        ? "print('no idea')\n"
                                        : "```python\n" + right_.at(r.problem->id) + "\n```\n";
        e.proposals.push_back({.text = program,
                               .tokens = {1},
                               .token_logprobs = {-1.0f},
                               .finish = FinishReason::kEndOfSequence});
      }
      out.emplace_back(std::move(e));
    }
    return out;
  }

 private:
  std::map<std::string, std::string> right_;
};

struct NoOptions {
  void Bind(ParamBinder&) {}
  Status Validate() const { return OkStatus(); }
};

TEST(CodePipelineTest, PublicTestsPickTheRightProgramAndTheGraderRunsAllTests) {
  // The first solution of the first three problems of the shared APPS subset.
  std::map<std::string, std::string> right;
  std::ifstream data(std::string(PONDER_SHARED_DIR) + "/data/apps/train_subset.jsonl");
  std::string line;
  while (right.size() < 3 && std::getline(data, line)) {
    const auto row = nlohmann::json::parse(line);
    if (!row["fn_name"].is_null()) continue;
    right[row["id"]] = row["solutions"][0];
  }
  ASSERT_EQ(right.size(), 3u);

  Components components;
  RegisterBuiltinComponents(components);
  RegisterComponent<NoOptions, Policy>(components.policies, "policy", "known_programs",
                                       "test stand-in", [&](const NoOptions&, const ComponentEnv&) {
                                         return std::make_unique<KnownProgramsPolicy>(right);
                                       });
  // Limited to the problems the stand-in knows: the first stdin problems of the file.
  const auto config =
      ParseExperimentConfig("dataset: {name: apps, path: " + std::string(PONDER_SHARED_DIR) +
                                "/data/apps/train_subset.jsonl, limit: 3}\n"
                                "policy: {name: known_programs}\n"
                                "scorer: {name: public_tests}\n"
                                "grader: {name: code}\n"
                                "algorithm: {name: best_of_n, n: 2}\n",
                            "code.yaml", {});
  ASSERT_TRUE(config.ok()) << config.status().ToString();

  const std::string db = (std::filesystem::path(::testing::TempDir()) / "code.db").string();
  std::filesystem::remove(db);
  auto store = traces::TraceStore::Open(db);
  ASSERT_TRUE(store.ok());
  auto summary = RunExperiment(config->runs[0], components, **store, RunEnv{});
  ASSERT_TRUE(summary.ok()) << summary.status().ToString();
  ASSERT_TRUE((*store)->Close().ok());
  EXPECT_EQ(summary->failed, 0);

  auto reader = traces::TraceReader::Open(db);
  auto runs = (*reader)->Runs();
  EXPECT_EQ((*runs)[0].info.dataset, "APPS (train split subset)");
  auto problems = (*reader)->Problems((*runs)[0].id);
  ASSERT_EQ(problems->size(), 3u);
  for (const auto& p : *problems) {
    ASSERT_TRUE(right.contains(p.problem_id)) << p.problem_id;
    // The reference solution passes its public tests; the wrong program does not.
    EXPECT_EQ(p.result.score, 1.0) << p.problem_id;
    ASSERT_TRUE(p.grade.has_value());
    EXPECT_TRUE(p.grade->correct) << p.problem_id << ": " << p.grade->detail;
    EXPECT_EQ(p.grade->score, 1.0);
    ASSERT_TRUE(p.candidates.has_value());
    EXPECT_EQ(p.candidates->candidates, 2);
    EXPECT_EQ(p.candidates->graded, 2);
    EXPECT_EQ(p.candidates->correct, 1);
    EXPECT_FALSE(p.candidates->has_majority);  // programs state no answer
  }
}

}  // namespace
}  // namespace ponder::experiments
