// The `ponder` command line, run as a user runs it: the real binary, real files.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <thread>

#include "tests/cli/cli_test_util.h"
#include "traces/trace_reader.h"

namespace ponder {
namespace {

namespace fs = std::filesystem;
using testing::Output;
using testing::Ponder;
using testing::TempDir;
using testing::Write;

const char* kConfig = R"(name: cli
seed: 3
dataset: {name: synthetic_arithmetic, count: 30, terms: 5}
policy: {name: synthetic}
scorer: {name: synthetic_prm}
grader: {name: exact}
algorithm:
  name: best_of_n
  n: 4
)";

TEST(CliTest, ListPrintsOneKindAndNamePerLine) {
  const fs::path dir = TempDir();
  Output o = Ponder("list", dir);
  ASSERT_EQ(o.exit_code, 0) << o.err;
  std::istringstream lines(o.out);
  std::string line;
  int count = 0;
  const std::regex form("(algorithm|policy|scorer|grader|answers|dataset) [a-z0-9_]+");
  while (std::getline(lines, line)) {
    EXPECT_TRUE(std::regex_match(line, form)) << line;
    ++count;
  }
  EXPECT_GE(count, 10);
  EXPECT_NE(o.out.find("algorithm best_of_n\n"), std::string::npos);
  EXPECT_NE(o.out.find("policy synthetic\n"), std::string::npos);
  EXPECT_NE(o.out.find("scorer synthetic_prm\n"), std::string::npos);
}

TEST(CliTest, HelpNamesTheSubcommands) {
  const fs::path dir = TempDir();
  Output o = Ponder("--help", dir);
  EXPECT_EQ(o.exit_code, 0);
  EXPECT_NE(o.out.find("run"), std::string::npos);
  EXPECT_NE(o.out.find("list"), std::string::npos);
}

TEST(CliTest, RunWritesTracesAndSummarises) {
  const fs::path dir = TempDir();
  Write(dir / "exp.yaml", kConfig);
  Output o = Ponder("run exp.yaml --db out.db --set algorithm.n=2", dir);
  ASSERT_EQ(o.exit_code, 0) << o.err;
  EXPECT_NE(o.err.find("30/30 problems"), std::string::npos) << o.err;
  auto reader = traces::TraceReader::Open((dir / "out.db").string());
  ASSERT_TRUE(reader.ok());
  auto runs = (*reader)->Runs();
  ASSERT_EQ(runs->size(), 1u);
  EXPECT_NE((*runs)[0].info.config_text.find("algorithm.n=2"), std::string::npos);
  EXPECT_FALSE((*runs)[0].info.git_commit.empty());
}

TEST(CliTest, BadInputIsAClearErrorWithNonZeroExit) {
  const fs::path dir = TempDir();
  Write(dir / "exp.yaml", kConfig);
  Write(dir / "broken.yaml", "dataset:\n  name: [x\n");
  struct Case {
    std::string args, message;
  } cases[] = {
      {"run missing.yaml", "missing.yaml: cannot open the config file"},
      {"run broken.yaml", "broken.yaml:"},
      {"run exp.yaml --set algorithm.name=nope", "unknown algorithm 'nope'"},
      {"run exp.yaml --set budget.max_tokens=-1",
       "budget.max_tokens (--set budget.max_tokens=-1): expected an integer in [0, inf], got -1"},
      {"run exp.yaml --set algorithm.n=0",
       "algorithm.n (--set algorithm.n=0): expected an integer"},
      {"run exp.yaml --db /proc/ponder/x.db", "/proc/ponder/x.db"},
      {"run exp.yaml --shard 3/2", "--shard 3/2: expected I/N with 0 <= I < N"},
      {"frobnicate", "unknown command 'frobnicate'; commands: list, run"},
      {"apps-check data.jsonl --limit -1", "--limit: must be at least 1, got -1"},
  };
  for (const Case& c : cases) {
    Output o = Ponder(c.args, dir);
    EXPECT_NE(o.exit_code, 0) << c.args;
    EXPECT_NE(o.err.find(c.message), std::string::npos) << c.args << "\n" << o.err;
  }
  EXPECT_FALSE(fs::exists(dir / "exp.db"));  // nothing half-written by the failed runs
}

TEST(CliTest, AMissingDataFileIsFoundBeforeAnyRunEvenInTheLastSweepPoint) {
  const fs::path dir = TempDir();
  Write(dir / "ok.jsonl", R"({"id": "a", "problem": "1+1?", "answer": "2"})"
                          "\n");
  Write(dir / "exp.yaml",
        "dataset: {name: jsonl}\n"
        "policy: {name: synthetic}\n"
        "grader: {name: exact}\n"
        "algorithm: {name: majority_vote, n: 2}\n"
        "sweep: {dataset.path: [ok.jsonl, missing.jsonl]}\n");
  const Output o = Ponder("run exp.yaml", dir);
  EXPECT_EQ(o.exit_code, 2);
  EXPECT_NE(o.err.find("exp.yaml: dataset: missing.jsonl: cannot open the dataset file"),
            std::string::npos)
      << o.err;
  EXPECT_FALSE(fs::exists(dir / "exp.db")) << "nothing is written, not even the first point";
}

// Starts `ponder ARGS` in `dir` in the background; returns its process id.
pid_t StartPonder(const std::string& args, const fs::path& dir) {
  const pid_t child = fork();
  if (child == 0) {
    const std::string command = "cd '" + dir.string() + "' && exec " PONDER_BINARY_DIR "/ponder " +
                                args + " >stdout.txt 2>stderr.txt";
    execl("/bin/sh", "sh", "-c", command.c_str(), nullptr);
    _exit(127);
  }
  return child;
}

// Waits (up to 30 s) until the first run in `db` has at least `count` problems recorded;
// returns how many it saw.
int64_t WaitForRecorded(const fs::path& db, int64_t count) {
  int64_t recorded = 0;
  for (int i = 0; i < 600 && recorded < count; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    if (!fs::exists(db)) continue;
    auto reader = traces::TraceReader::Open(db.string());
    if (!reader.ok()) continue;
    auto runs = (*reader)->Runs();
    if (!runs.ok() || runs->empty()) continue;
    auto finished = (*reader)->FinishedProblems((*runs)[0].id);
    if (finished.ok()) recorded = static_cast<int64_t>(finished->size());
  }
  return recorded;
}

// Big enough to take a few seconds, so a signal lands mid-run.
const char* kLongRun =
    "run exp.yaml --db long.db --set dataset.count=1000 --set algorithm.n=100 "
    "--set algorithm.batch_size=50";

TEST(CliTest, SigkillLeavesAValidDatabaseAndTheSameCommandResumes) {
  const fs::path dir = TempDir();
  Write(dir / "exp.yaml", std::string(kConfig) + "budget: {max_policy_calls: 4000}\n");
  const pid_t child = StartPonder(kLongRun, dir);
  const int64_t recorded = WaitForRecorded(dir / "long.db", 20);
  kill(child, SIGKILL);
  int status;
  waitpid(child, &status, 0);
  ASSERT_TRUE(WIFSIGNALED(status)) << "the run finished before it could be killed";
  ASSERT_GE(recorded, 20);

  {
    auto reader = traces::TraceReader::Open((dir / "long.db").string());
    ASSERT_TRUE(reader.ok());
    EXPECT_TRUE((*reader)->CheckIntegrity().ok());
    auto runs = (*reader)->Runs();
    EXPECT_EQ((*runs)[0].status, traces::RunStatus::kRunning);
    auto problems = (*reader)->Problems((*runs)[0].id);
    ASSERT_TRUE(problems.ok());
    for (const auto& p : *problems) {
      if (p.status == traces::ProblemStatus::kFinished) {
        EXPECT_EQ(p.node_count, p.result.usage.expansions + 1) << p.problem_id;
      }
    }
  }
  // A different limit is a different run; the same command resumes the killed one.
  Output o = Ponder(std::string(kLongRun) + " --set dataset.limit=300", dir);
  ASSERT_EQ(o.exit_code, 0) << o.err;
  o = Ponder(kLongRun, dir);
  ASSERT_EQ(o.exit_code, 0) << o.err;
  EXPECT_NE(o.err.find("done earlier"), std::string::npos) << o.err;
  // Once finished, the same command finds the run and records nothing new.
  o = Ponder(kLongRun, dir);
  ASSERT_EQ(o.exit_code, 0) << o.err;
  EXPECT_NE(o.err.find("already finished in this database"), std::string::npos) << o.err;
  auto reader = traces::TraceReader::Open((dir / "long.db").string());
  auto runs = (*reader)->Runs();
  ASSERT_EQ(runs->size(), 2u);
  for (const auto& run : *runs) EXPECT_EQ(run.status, traces::RunStatus::kFinished);
}

TEST(CliTest, CtrlCStopsCleanlyAndTheSameCommandResumes) {
  const fs::path dir = TempDir();
  Write(dir / "exp.yaml", std::string(kConfig) + "budget: {max_policy_calls: 4000}\n");
  const pid_t child = StartPonder(kLongRun, dir);
  ASSERT_GE(WaitForRecorded(dir / "long.db", 10), 10);
  kill(child, SIGINT);
  int status;
  waitpid(child, &status, 0);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 130);
  EXPECT_NE(testing::Slurp(dir / "stderr.txt").find("interrupted"), std::string::npos);
  {
    auto reader = traces::TraceReader::Open((dir / "long.db").string());
    auto runs = (*reader)->Runs();
    EXPECT_EQ((*runs)[0].status, traces::RunStatus::kRunning);  // not marked finished
    auto problems = (*reader)->Problems((*runs)[0].id);
    for (const auto& p : *problems) EXPECT_NE(p.status, traces::ProblemStatus::kFailed);
  }
  Output o = Ponder(kLongRun, dir);
  ASSERT_EQ(o.exit_code, 0) << o.err;
  EXPECT_NE(o.err.find("done earlier"), std::string::npos) << o.err;
  auto reader = traces::TraceReader::Open((dir / "long.db").string());
  auto runs = (*reader)->Runs();
  ASSERT_EQ(runs->size(), 1u);
  EXPECT_EQ((*runs)[0].status, traces::RunStatus::kFinished);
  EXPECT_EQ((*reader)->FinishedProblems((*runs)[0].id)->size(), 1000u);
}

}  // namespace
}  // namespace ponder
