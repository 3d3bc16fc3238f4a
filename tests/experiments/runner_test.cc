#include "experiments/runner.h"

#include <gtest/gtest.h>

#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <mutex>
#include <thread>

#include "traces/trace_reader.h"
#include "traces/trace_store.h"
#include "verifiers/basic/exact_grader.h"

namespace ponder::experiments {
namespace {

std::string TempDb(const std::string& name) {
  const auto path = std::filesystem::path(::testing::TempDir()) / (name + ".db");
  std::filesystem::remove(path);
  std::filesystem::remove(path.string() + "-wal");
  std::filesystem::remove(path.string() + "-shm");
  return path.string();
}

std::string Config(int problems, int threads, const std::string& algorithm = "best_of_n") {
  return "name: t\nseed: 5\n"
         "dataset: {name: synthetic_arithmetic, count: " +
         std::to_string(problems) +
         ", terms: 6}\n"
         "policy: {name: synthetic, skill: 0.8}\n"
         "scorer: {name: synthetic_prm}\n"
         "grader: {name: exact}\n"
         "algorithm: {name: " +
         algorithm +
         ", n: 8, batch_size: 4}\n"
         "budget: {max_policy_calls: 6}\n"
         "runner: {threads: " +
         std::to_string(threads) + ", batch_wait_us: 500}\n";
}

class RunnerTest : public ::testing::Test {
 protected:
  void SetUp() override { RegisterBuiltinComponents(components_); }

  StatusOr<RunSummary> Run(const std::string& yaml, const std::string& db, RunEnv env = {}) {
    auto config = ParseExperimentConfig(yaml, "test.yaml", {});
    if (!config.ok()) return config.status();
    auto store = traces::TraceStore::Open(db);
    if (!store.ok()) return store.status();
    auto summary = RunExperiment(config->runs[0], components_, **store, env);
    PONDER_RETURN_IF_ERROR((*store)->Close());
    return summary;
  }

  // problem id -> (answer, node count) for the first run in `db`.
  std::map<std::string, std::pair<std::string, int64_t>> Results(const std::string& db) {
    auto reader = traces::TraceReader::Open(db);
    EXPECT_TRUE(reader.ok());
    auto runs = (*reader)->Runs();
    std::map<std::string, std::pair<std::string, int64_t>> out;
    auto problems = (*reader)->Problems((*runs)[0].id);
    EXPECT_TRUE(problems.ok());
    for (const auto& p : *problems) {
      out[p.problem_id] = {p.result.answer, p.node_count};
    }
    return out;
  }

  Components components_;
};

TEST_F(RunnerTest, RecordsEveryProblemGradedWithItsTree) {
  const std::string db = TempDb("records");
  auto summary = Run(Config(12, 1), db);
  ASSERT_TRUE(summary.ok()) << summary.status().ToString();
  EXPECT_EQ(summary->problems, 12);
  EXPECT_EQ(summary->finished, 12);
  EXPECT_EQ(summary->failed, 0);
  EXPECT_GT(summary->correct, 0);
  EXPECT_FALSE(summary->cancelled);

  auto reader = traces::TraceReader::Open(db);
  ASSERT_TRUE(reader.ok());
  auto runs = (*reader)->Runs();
  ASSERT_EQ(runs->size(), 1u);
  EXPECT_EQ((*runs)[0].status, traces::RunStatus::kFinished);
  EXPECT_EQ((*runs)[0].info.algorithm, "best_of_n");
  auto problems = (*reader)->Problems((*runs)[0].id);
  ASSERT_EQ(problems->size(), 12u);
  int64_t correct = 0;
  for (const auto& p : *problems) {
    EXPECT_EQ(p.status, traces::ProblemStatus::kFinished);
    ASSERT_TRUE(p.grade.has_value());
    correct += p.grade->correct;
    // Budget: 6 policy calls at most, plus one batch of 4.
    EXPECT_LE(p.result.usage.policy_calls, 6 + 4);
    EXPECT_EQ(p.node_count, p.result.usage.expansions + 1);  // every node, root included
    ASSERT_TRUE(p.candidates.has_value());
    EXPECT_GE(p.candidates->candidates, 1);
    EXPECT_LE(p.candidates->correct, p.candidates->graded);
  }
  EXPECT_EQ(correct, summary->correct);
}

TEST_F(RunnerTest, OneThreadReplaysExactlyAndTwoThreadsGiveTheSameSearches) {
  const std::string a = TempDb("replay_a"), b = TempDb("replay_b"), c = TempDb("replay_c");
  ASSERT_TRUE(Run(Config(16, 1), a).ok());
  ASSERT_TRUE(Run(Config(16, 1), b).ok());
  ASSERT_TRUE(Run(Config(16, 2), c).ok());
  EXPECT_EQ(Results(a), Results(b));
  // Each problem's search depends only on its own seed, so batching across threads changes
  // nothing: no node is lost, every answer is the same.
  EXPECT_EQ(Results(a), Results(c));
}

TEST_F(RunnerTest, AStoppedRunResumesSkippingFinishedProblems) {
  const std::string db = TempDb("resume");
  std::stop_source stop;
  int done = 0;
  RunEnv env{.stop = stop.get_token(), .on_problem_done = [&](const ProblemDone&) {
               if (++done == 5) stop.request_stop();
             }};
  auto first = Run(Config(20, 1), db, env);
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  EXPECT_TRUE(first->cancelled);
  EXPECT_EQ(first->finished, 5);

  auto second = Run(Config(20, 1), db);
  ASSERT_TRUE(second.ok()) << second.status().ToString();
  EXPECT_TRUE(second->resumed);
  EXPECT_EQ(second->run_id, first->run_id);
  EXPECT_EQ(second->skipped, 5);
  EXPECT_EQ(second->finished, 15);
  EXPECT_EQ(Results(db).size(), 20u);

  // The resumed run holds what an uninterrupted one would.
  const std::string whole = TempDb("resume_whole");
  ASSERT_TRUE(Run(Config(20, 1), whole).ok());
  EXPECT_EQ(Results(db), Results(whole));

  // Once finished, the same command finds the run and searches nothing.
  int started = 0;
  auto third = Run(Config(20, 1), db, {.on_problem_done = [&](const ProblemDone&) { ++started; }});
  ASSERT_TRUE(third.ok()) << third.status().ToString();
  EXPECT_TRUE(third->already_finished);
  EXPECT_EQ(third->run_id, first->run_id);
  EXPECT_EQ(third->skipped, 20);
  EXPECT_EQ(third->finished, 0);
  EXPECT_EQ(started, 0);
  EXPECT_EQ((*traces::TraceReader::Open(db))->Runs()->size(), 1u) << "no second run recorded";
  EXPECT_EQ(Results(db), Results(whole));
}

TEST_F(RunnerTest, ShardsPartitionTheProblems) {
  auto config = ParseExperimentConfig(Config(10, 1), "test.yaml", {});
  ASSERT_TRUE(config.ok());
  std::set<std::string> seen;
  for (int64_t i = 0; i < 3; ++i) {
    const std::string db = TempDb("shard" + std::to_string(i));
    auto summary = Run(Config(10, 1), db, RunEnv{.shard = {.index = i, .count = 3}});
    ASSERT_TRUE(summary.ok());
    for (const auto& [id, result] : Results(db)) EXPECT_TRUE(seen.insert(id).second) << id;
  }
  EXPECT_EQ(seen.size(), 10u);
}

// A user's plug-in policy that misbehaves: it returns an empty step.
class EmptyStepPolicy final : public Policy {
 public:
  std::vector<StatusOr<Expansion>> Propose(std::span<const ExpandRequest> requests) override {
    return std::vector<StatusOr<Expansion>>(requests.size(), Expansion{{Proposal{}}, 0, 0});
  }
};

struct NoOptions {
  void Bind(ParamBinder&) {}
  Status Validate() const { return OkStatus(); }
};

// Hands the registry a grader the test keeps.
class SharedGrader final : public Grader {
 public:
  explicit SharedGrader(std::shared_ptr<Grader> grader) : grader_(std::move(grader)) {}
  std::vector<StatusOr<Grade>> GradeBatch(std::span<const GradeRequest> requests) override {
    return grader_->GradeBatch(requests);
  }

 private:
  std::shared_ptr<Grader> grader_;
};

TEST_F(RunnerTest, AFailingPolicyFailsItsProblemsClearly) {
  RegisterComponent<NoOptions, Policy>(
      components_.policies, "policy", "empty_steps", "returns empty steps",
      [](const NoOptions&, const ComponentEnv&) { return std::make_unique<EmptyStepPolicy>(); });
  std::string yaml = Config(3, 1);
  const std::string synthetic = "{name: synthetic, skill: 0.8}";
  yaml.replace(yaml.find(synthetic), synthetic.size(), "{name: empty_steps}");
  const std::string db = TempDb("failing");
  auto summary = Run(yaml, db);
  ASSERT_TRUE(summary.ok()) << summary.status().ToString();
  EXPECT_EQ(summary->failed, 3);
  auto reader = traces::TraceReader::Open(db);
  auto problems = (*reader)->Problems((*(*reader)->Runs())[0].id);
  for (const auto& p : *problems) {
    EXPECT_EQ(p.status, traces::ProblemStatus::kFailed);
    EXPECT_NE(p.error.find("policy returned an empty step"), std::string::npos) << p.error;
  }
}

// A grader that holds each problem until `expected` problems are being graded at once, and
// records the most it saw. The wait is bounded only so that a failure cannot hang the test.
class RendezvousGrader final : public Grader {
 public:
  explicit RendezvousGrader(int expected) : expected_(expected) {}
  std::vector<StatusOr<Grade>> GradeBatch(std::span<const GradeRequest> requests) override {
    std::unique_lock lock(mu_);
    ++inside_;
    ++arrived_;
    peak_ = std::max(peak_, inside_);
    arrivals_.notify_all();
    arrivals_.wait_for(lock, std::chrono::seconds(20), [&] { return arrived_ >= expected_; });
    --inside_;
    lock.unlock();
    return exact_.GradeBatch(requests);
  }
  int peak() {
    std::lock_guard lock(mu_);
    return peak_;
  }

 private:
  const int expected_;
  ExactGrader exact_;
  std::mutex mu_;
  std::condition_variable arrivals_;
  int inside_ = 0, arrived_ = 0, peak_ = 0;
};

TEST_F(RunnerTest, ThreadsAreProblemsInFlightEvenBeyondTheCoreCount) {
  // Problems mostly wait for batched model calls, so a run may want more problems in flight
  // than the machine has cores; TBB's default limit (the core count) must not cap them.
  const int threads = static_cast<int>(std::thread::hardware_concurrency()) + 2;
  auto grader = std::make_shared<RendezvousGrader>(threads);
  RegisterComponent<NoOptions, Grader>(components_.graders, "grader", "rendezvous",
                                       "waits for every thread",
                                       [grader](const NoOptions&, const ComponentEnv&) {
                                         return std::make_unique<SharedGrader>(grader);
                                       });
  std::string yaml = Config(threads, threads);
  const std::string exact = "{name: exact}";
  yaml.replace(yaml.find(exact), exact.size(), "{name: rendezvous}");
  auto summary = Run(yaml, TempDb("in_flight"));
  ASSERT_TRUE(summary.ok()) << summary.status().ToString();
  EXPECT_EQ(summary->finished, threads);
  EXPECT_EQ(grader->peak(), threads);
}

TEST_F(RunnerTest, AnAlgorithmThatNeedsAScorerSaysSo) {
  std::string yaml = Config(3, 1);
  yaml.erase(yaml.find("scorer:"), yaml.find("grader:") - yaml.find("scorer:"));
  auto config = ParseExperimentConfig(yaml, "test.yaml", {});
  ASSERT_TRUE(config.ok());
  EXPECT_EQ(CheckRunConfig(config->runs[0], components_).message(),
            "algorithm 'best_of_n' (test.yaml:6:1) needs a scorer: add a `scorer:` section");
}

TEST_F(RunnerTest, ASweepOverAnUnknownKeyNamesItsLine) {
  auto config =
      ParseExperimentConfig(Config(3, 1) + "sweep:\n  algorithm.nn: [1, 2]\n", "test.yaml", {});
  ASSERT_TRUE(config.ok()) << config.status().ToString();
  EXPECT_EQ(CheckRunConfig(config->runs[0], components_).message(),
            "unknown key algorithm.nn (test.yaml:11:18); expected one of: n, batch_size");
}

TEST_F(RunnerTest, CheckFindsBadSettingsWithoutRunning) {
  auto config = ParseExperimentConfig(Config(3, 1), "test.yaml", {"policy.skill=2"});
  ASSERT_TRUE(config.ok());
  EXPECT_EQ(CheckRunConfig(config->runs[0], components_).message(),
            "policy.skill (--set policy.skill=2): expected a number in [0, 1], got 2");
  auto unknown = ParseExperimentConfig(Config(3, 1), "test.yaml", {"algorithm.name=nope"});
  EXPECT_EQ(CheckRunConfig(unknown->runs[0], components_).code(), StatusCode::kNotFound);
  auto negative = ParseExperimentConfig(Config(3, 1), "test.yaml", {"budget.max_tokens=-5"});
  EXPECT_EQ(CheckRunConfig(negative->runs[0], components_).message(),
            "budget.max_tokens (--set budget.max_tokens=-5): expected an integer in [0, inf], "
            "got -5");
}

}  // namespace
}  // namespace ponder::experiments
