// A run killed with SIGKILL mid-way leaves a valid database in which every
// recorded problem is complete, and the same config resumes it.
//
// The child process records problems as fast as it can and is killed while its
// writer thread is busy; the parent then inspects the real SQLite file.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <iostream>
#include <set>

#include "tests/traces/trace_test_util.h"
#include "traces/trace_reader.h"
#include "traces/trace_store.h"

namespace ponder::traces {
namespace {

using testing::FinishSynthetic;
using testing::TempDir;
using testing::TestRunInfo;

constexpr int kProblems = 600;
constexpr int kSignalAfter = 40;  // problems flushed before the child signals the parent
constexpr int kKillAfter = 150;   // finished problems the parent sees before it kills the child

// Deterministic, varied tree sizes, so a node count shows whether a problem is complete.
int NodeCountFor(int i) { return 20 + (i * 37) % 380; }
int EventCountFor(int i) { return i % 9; }
bool PlantedFailure(int i) { return i % 7 == 3; }
std::string ProblemId(int i) { return "problem/" + std::to_string(i); }

RunInfo CrashRunInfo() { return TestRunInfo("crash test config", kProblems); }

// Records problem i (its 'started' row, then its commit).
Status RecordProblem(TraceStore& store, int64_t run_id, int i, bool plant_failures) {
  PONDER_ASSIGN_OR_RETURN(ProblemTrace trace, store.StartProblem(run_id, ProblemId(i)));
  FinishSynthetic(trace, NodeCountFor(i), EventCountFor(i));
  if (plant_failures && PlantedFailure(i)) trace.Fail(InternalError("planted failure"));
  return store.CommitProblem(std::move(trace));
}

// The child: records problems until it is killed. Never returns.
[[noreturn]] void RecordUntilKilled(const std::string& path, int ready_fd) {
  // Small transactions, so the kill is likely to land inside one.
  auto store = TraceStore::Open(path, {.max_batch_rows = 500});
  if (!store.ok()) _exit(2);
  auto run = (*store)->BeginRun(CrashRunInfo());
  if (!run.ok()) _exit(3);
  for (int i = 0; i < kProblems; ++i) {
    if (!RecordProblem(**store, run->id, i, /*plant_failures=*/true).ok()) _exit(4);
    if (i + 1 == kSignalAfter) {
      if (!(*store)->Flush().ok() || write(ready_fd, "r", 1) != 1) _exit(5);
    }
  }
  // Everything was queued before the kill came: wait for it without finishing the run.
  while (true) pause();
}

// Polls the database (as a live reader would) until `count` problems are finished; false
// when the child exited first (its wait status in `wait_status`).
bool WaitUntilRecorded(const std::string& path, size_t count, pid_t child, int& wait_status) {
  auto reader = TraceReader::Open(path);
  PONDER_CHECK(reader.ok()) << reader.status().ToString();
  while (true) {
    auto finished = (*reader)->FinishedProblems(1);
    PONDER_CHECK(finished.ok()) << finished.status().ToString();
    if (finished->size() >= count) return true;
    if (waitpid(child, &wait_status, WNOHANG) == child) return false;
    usleep(200);
  }
}

int IndexOf(const std::string& problem_id) {
  return std::stoi(problem_id.substr(problem_id.find('/') + 1));
}

TEST(TraceCrashTest, SigkillMidRunLeavesAValidResumableDatabase) {
  TempDir dir;
  const std::string path = dir.File("traces.db");

  int pipe_fds[2];
  ASSERT_EQ(pipe(pipe_fds), 0);
  const pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    close(pipe_fds[0]);
    RecordUntilKilled(path, pipe_fds[1]);
  }
  close(pipe_fds[1]);
  char ready = 0;
  const bool signalled = read(pipe_fds[0], &ready, 1) == 1;
  close(pipe_fds[0]);
  int wait_status = 0;
  // Kill once the writer is in full flow, with hundreds of problems still to write.
  const bool running = signalled && WaitUntilRecorded(path, kKillAfter, child, wait_status);
  if (running) {
    ASSERT_EQ(kill(child, SIGKILL), 0);
    ASSERT_EQ(waitpid(child, &wait_status, 0), child);
  } else if (!signalled) {
    waitpid(child, &wait_status, 0);
  }
  ASSERT_TRUE(running) << "the child exited before it was killed; wait status " << wait_status;
  ASSERT_TRUE(WIFSIGNALED(wait_status));

  // The database is valid and every recorded problem is whole.
  std::vector<std::string> committed_finished;
  int64_t run_id = 0;
  {
    auto reader = TraceReader::Open(path);
    ASSERT_TRUE(reader.ok()) << reader.status().ToString();
    Status integrity = (*reader)->CheckIntegrity();
    ASSERT_TRUE(integrity.ok()) << integrity.ToString();
    auto runs = (*reader)->Runs();
    ASSERT_TRUE(runs.ok());
    ASSERT_EQ(runs->size(), 1u);
    EXPECT_EQ((*runs)[0].status, RunStatus::kRunning);
    run_id = (*runs)[0].id;

    auto problems = (*reader)->Problems(run_id);
    ASSERT_TRUE(problems.ok());
    std::set<int> recorded;
    std::set<int> started;
    for (const ProblemRecord& p : *problems) {
      SCOPED_TRACE(p.problem_id);
      const int i = IndexOf(p.problem_id);
      auto nodes = (*reader)->Nodes(p.id);
      auto events = (*reader)->Events(p.id);
      ASSERT_TRUE(nodes.ok() && events.ok());
      EXPECT_EQ(static_cast<int64_t>(nodes->size()), p.node_count);
      EXPECT_EQ(static_cast<int64_t>(events->size()), p.event_count);
      switch (p.status) {
        case ProblemStatus::kStarted:
          EXPECT_EQ(p.node_count, 0);
          started.insert(i);
          break;
        case ProblemStatus::kFailed:
          EXPECT_TRUE(PlantedFailure(i));
          EXPECT_EQ(p.error, "INTERNAL: planted failure");
          EXPECT_EQ(p.node_count, NodeCountFor(i));
          recorded.insert(i);
          break;
        case ProblemStatus::kFinished:
          EXPECT_FALSE(PlantedFailure(i));
          EXPECT_EQ(p.node_count, NodeCountFor(i));
          EXPECT_EQ(p.event_count, EventCountFor(i));
          recorded.insert(i);
          committed_finished.push_back(p.problem_id);
          break;
      }
    }
    // Writes are ordered and each is atomic: the recorded problems are exactly the first m,
    // and only problems after them can be caught in flight.
    const int m = static_cast<int>(recorded.size());
    ASSERT_GE(m, kSignalAfter);
    EXPECT_EQ(*recorded.rbegin(), m - 1);
    for (int i : started) EXPECT_GE(i, m);
    std::cout << "killed after " << m << " of " << kProblems << " problems were recorded, "
              << started.size() << " in flight\n";
  }

  // The same config resumes the run and skips exactly the finished problems.
  auto store = TraceStore::Open(path);
  ASSERT_TRUE(store.ok()) << store.status().ToString();
  auto resumed = (*store)->BeginRun(CrashRunInfo());
  ASSERT_TRUE(resumed.ok());
  EXPECT_TRUE(resumed->resumed);
  EXPECT_EQ(resumed->id, run_id);
  auto finished = (*store)->FinishedProblems(run_id);
  ASSERT_TRUE(finished.ok());
  EXPECT_EQ(*finished, committed_finished);

  // Running the rest finishes the run with every problem recorded once.
  const std::set<std::string> skip(finished->begin(), finished->end());
  for (int i = 0; i < kProblems; ++i) {
    if (skip.count(ProblemId(i))) continue;
    ASSERT_TRUE(RecordProblem(**store, run_id, i, /*plant_failures=*/false).ok());
  }
  Status done = (*store)->FinishRun(run_id, OkStatus());
  ASSERT_TRUE(done.ok()) << done.ToString();
  ASSERT_TRUE((*store)->Close().ok());

  auto reader = TraceReader::Open(path);
  ASSERT_TRUE(reader.ok());
  EXPECT_EQ((*reader)->Run(run_id)->status, RunStatus::kFinished);
  auto all = (*reader)->FinishedProblems(run_id);
  ASSERT_TRUE(all.ok());
  EXPECT_EQ(all->size(), static_cast<size_t>(kProblems));
  EXPECT_TRUE((*reader)->CheckIntegrity().ok());
}

}  // namespace
}  // namespace ponder::traces
