#include "traces/trace_store.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <thread>

#include "tests/traces/trace_test_util.h"
#include "traces/json_columns.h"
#include "traces/trace_reader.h"

namespace ponder::traces {
namespace {

using testing::FinishSynthetic;
using testing::TempDir;
using testing::TestRunInfo;
using testing::TracedSearch;

// NaN scores are "not scored": they must come back as NaN.
void ExpectSameScore(double stored, double expected) {
  if (std::isnan(expected)) {
    EXPECT_TRUE(std::isnan(stored));
  } else {
    EXPECT_DOUBLE_EQ(stored, expected);
  }
}

void ExpectSameNodes(const std::vector<Node>& stored, const std::vector<Node>& expected) {
  ASSERT_EQ(stored.size(), expected.size());
  for (size_t i = 0; i < expected.size(); ++i) {
    SCOPED_TRACE("node " + std::to_string(i));
    const Node& s = stored[i];
    const Node& e = expected[i];
    EXPECT_EQ(s.id, e.id);
    EXPECT_EQ(s.parent, e.parent);
    EXPECT_EQ(s.depth, e.depth);
    EXPECT_EQ(s.children, e.children);
    EXPECT_EQ(s.text, e.text);
    EXPECT_EQ(s.tokens, e.tokens);
    EXPECT_DOUBLE_EQ(s.logprob, e.logprob);
    EXPECT_DOUBLE_EQ(s.prior, e.prior);
    EXPECT_EQ(s.finish, e.finish);
    EXPECT_EQ(s.terminal, e.terminal);
    EXPECT_EQ(s.has_answer, e.has_answer);
    EXPECT_EQ(s.answer, e.answer);
    EXPECT_EQ(s.cumulative_tokens, e.cumulative_tokens);
    ExpectSameScore(s.step_score, e.step_score);
    ExpectSameScore(s.score, e.score);
    EXPECT_EQ(s.visits, e.visits);
    EXPECT_DOUBLE_EQ(s.value_sum, e.value_sum);
    EXPECT_EQ(s.created_us, e.created_us);
    EXPECT_EQ(s.dropped, e.dropped);
  }
}

void ExpectSameUsage(const Usage& s, const Usage& e) {
  EXPECT_EQ(s.expansions, e.expansions);
  EXPECT_EQ(s.policy_calls, e.policy_calls);
  EXPECT_EQ(s.policy_batches, e.policy_batches);
  EXPECT_EQ(s.scorer_calls, e.scorer_calls);
  EXPECT_EQ(s.scorer_batches, e.scorer_batches);
  EXPECT_EQ(s.generated_tokens, e.generated_tokens);
  EXPECT_EQ(s.prefill_tokens, e.prefill_tokens);
  EXPECT_EQ(s.reused_prefill_tokens, e.reused_prefill_tokens);
  EXPECT_EQ(s.elapsed_us, e.elapsed_us);
}

std::unique_ptr<TraceStore> OpenStore(const std::string& path, TraceStoreOptions options = {}) {
  auto store = TraceStore::Open(path, options);
  PONDER_CHECK(store.ok()) << store.status().ToString();
  return std::move(*store);
}

std::unique_ptr<TraceReader> OpenReader(const std::string& path) {
  auto reader = TraceReader::Open(path);
  PONDER_CHECK(reader.ok()) << reader.status().ToString();
  return std::move(*reader);
}

// Records a finished synthetic problem of `size` nodes.
Status CommitSynthetic(TraceStore& store, int64_t run_id, const std::string& id, int size) {
  PONDER_ASSIGN_OR_RETURN(ProblemTrace trace, store.StartProblem(run_id, id));
  FinishSynthetic(trace, size, /*events=*/3);
  return store.CommitProblem(std::move(trace));
}

TEST(TraceStoreTest, RecordsARealSearchAndReadsItBack) {
  TempDir dir;
  const std::string path = dir.File("traces.db");
  const RunInfo info = TestRunInfo("algorithm: best_of_n\n", 1);
  std::vector<Node> tree_nodes;
  std::vector<TraceEvent> events;
  SearchResult result;
  {
    auto store = OpenStore(path);
    auto run = store->BeginRun(info);
    ASSERT_TRUE(run.ok()) << run.status().ToString();
    EXPECT_FALSE(run->resumed);

    auto trace = store->StartProblem(run->id, "test/algebra/1.json");
    ASSERT_TRUE(trace.ok());
    TracedSearch search("test/algebra/1.json",
                        [](std::string_view path) { return path.size() / 3.0; });
    auto searched = search.Run(*trace);
    ASSERT_TRUE(searched.ok()) << searched.status().ToString();
    result = *searched;
    tree_nodes = search.context().tree().nodes();
    events = trace->events();
    trace->SetGrade(Grade{.correct = true, .score = 1.0, .detail = "equal after normalising"});
    ASSERT_TRUE(store->CommitProblem(std::move(*trace)).ok());
    ASSERT_TRUE(store->FinishRun(run->id, OkStatus()).ok());
  }
  ASSERT_GT(tree_nodes.size(), 8u);
  ASSERT_FALSE(events.empty());

  auto reader = OpenReader(path);
  auto runs = reader->Runs();
  ASSERT_TRUE(runs.ok()) << runs.status().ToString();
  ASSERT_EQ(runs->size(), 1u);
  const RunRecord& run = (*runs)[0];
  EXPECT_EQ(run.status, RunStatus::kFinished);
  EXPECT_EQ(run.info.name, info.name);
  EXPECT_EQ(run.info.config_text, info.config_text);
  EXPECT_EQ(run.info.config_hash, info.config_hash);
  EXPECT_EQ(run.info.algorithm, info.algorithm);
  EXPECT_EQ(run.info.seed, info.seed);
  EXPECT_EQ(run.info.ponder_version, info.ponder_version);
  EXPECT_EQ(run.info.git_commit, info.git_commit);
  EXPECT_EQ(run.info.model_hashes, info.model_hashes);
  EXPECT_EQ(run.info.dataset, info.dataset);
  EXPECT_EQ(ParamsToJson(run.info.sweep), ParamsToJson(info.sweep));
  EXPECT_EQ(run.info.problem_count, 1);
  EXPECT_GT(run.created_at_us, 0);
  EXPECT_GE(run.finished_at_us, run.created_at_us);

  auto problems = reader->Problems(run.id);
  ASSERT_TRUE(problems.ok()) << problems.status().ToString();
  ASSERT_EQ(problems->size(), 1u);
  const ProblemRecord& p = (*problems)[0];
  EXPECT_EQ(p.problem_id, "test/algebra/1.json");
  EXPECT_EQ(p.status, ProblemStatus::kFinished);
  EXPECT_EQ(p.result.chosen, result.chosen);
  EXPECT_EQ(p.result.complete, result.complete);
  EXPECT_EQ(p.result.has_answer, result.has_answer);
  EXPECT_EQ(p.result.answer, result.answer);
  EXPECT_EQ(p.result.solution, result.solution);
  ExpectSameScore(p.result.score, result.score);
  EXPECT_EQ(p.result.stop_reason, result.stop_reason);
  ExpectSameUsage(p.result.usage, result.usage);
  ASSERT_TRUE(p.grade.has_value());
  EXPECT_TRUE(p.grade->correct);
  EXPECT_EQ(p.grade->score, 1.0);
  EXPECT_EQ(p.grade->detail, "equal after normalising");
  EXPECT_TRUE(p.error.empty());
  EXPECT_EQ(p.node_count, static_cast<int64_t>(tree_nodes.size()));
  EXPECT_EQ(p.event_count, static_cast<int64_t>(events.size()));
  EXPECT_LE(p.started_at_us, p.finished_at_us);

  auto nodes = reader->Nodes(p.id);
  ASSERT_TRUE(nodes.ok()) << nodes.status().ToString();
  ExpectSameNodes(*nodes, tree_nodes);

  auto stored_events = reader->Events(p.id);
  ASSERT_TRUE(stored_events.ok()) << stored_events.status().ToString();
  ASSERT_EQ(stored_events->size(), events.size());
  for (size_t i = 0; i < events.size(); ++i) {
    EXPECT_EQ((*stored_events)[i].kind, events[i].kind);
    EXPECT_EQ((*stored_events)[i].node, events[i].node);
    EXPECT_EQ((*stored_events)[i].time_us, events[i].time_us);
    EXPECT_EQ((*stored_events)[i].detail, events[i].detail);
  }
  EXPECT_EQ(stored_events->back().kind, TraceEventKind::kStop);  // best_of_n ends with Finish

  auto found = reader->FindProblem(run.id, "test/algebra/1.json");
  ASSERT_TRUE(found.ok());
  EXPECT_EQ(found->id, p.id);
  EXPECT_EQ(reader->FindProblem(run.id, "nope").status().code(), StatusCode::kNotFound);
  EXPECT_TRUE(reader->CheckIntegrity().ok());
}

TEST(TraceStoreTest, AFailedSearchIsRecordedFailedWithItsPartialTree) {
  TempDir dir;
  const std::string path = dir.File("traces.db");
  size_t partial_size = 0;
  {
    auto store = OpenStore(path);
    auto run = store->BeginRun(TestRunInfo("x", 1));
    ASSERT_TRUE(run.ok());
    auto trace = store->StartProblem(run->id, "p1");
    ASSERT_TRUE(trace.ok());
    TracedSearch search("p1", [](std::string_view) { return std::nan(""); });
    auto searched = search.Run(*trace);
    ASSERT_FALSE(searched.ok());
    trace->FailSearch(searched.status(), search.context());
    partial_size = search.context().tree().size();
    ASSERT_TRUE(store->CommitProblem(std::move(*trace)).ok());
    auto finished = store->FinishedProblems(run->id);
    ASSERT_TRUE(finished.ok());
    EXPECT_TRUE(finished->empty());
    // A failed problem is recorded: the run may finish.
    EXPECT_TRUE(store->FinishRun(run->id, OkStatus()).ok());
  }
  ASSERT_GT(partial_size, 1u);
  auto reader = OpenReader(path);
  auto p = reader->FindProblem(1, "p1");
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(p->status, ProblemStatus::kFailed);
  EXPECT_NE(p->error.find("non-finite score"), std::string::npos) << p->error;
  EXPECT_EQ(p->result.chosen, kNoNode);
  EXPECT_FALSE(p->grade.has_value());
  EXPECT_GT(p->result.usage.policy_calls, 0);  // the usage so far is kept
  EXPECT_EQ(p->node_count, static_cast<int64_t>(partial_size));
  auto nodes = reader->Nodes(p->id);
  ASSERT_TRUE(nodes.ok());
  EXPECT_EQ(nodes->size(), partial_size);
}

TEST(TraceStoreTest, GradingFailureAfterAFinishedSearchIsAFailure) {
  TempDir dir;
  const std::string path = dir.File("traces.db");
  {
    auto store = OpenStore(path);
    auto run = store->BeginRun(TestRunInfo("x", 1));
    ASSERT_TRUE(run.ok());
    auto trace = store->StartProblem(run->id, "p1");
    ASSERT_TRUE(trace.ok());
    FinishSynthetic(*trace, 10, 2);
    trace->Fail(UnavailableError("sandbox pool is down"));
    ASSERT_TRUE(store->CommitProblem(std::move(*trace)).ok());
    EXPECT_TRUE(store->FinishedProblems(run->id)->empty());
  }
  auto p = OpenReader(path)->FindProblem(1, "p1");
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(p->status, ProblemStatus::kFailed);
  EXPECT_EQ(p->error, "UNAVAILABLE: sandbox pool is down");
  EXPECT_EQ(p->result.chosen, 9u);  // the search's result stays
  EXPECT_EQ(p->node_count, 10);
}

TEST(TraceStoreTest, CommittingBeforeTheSearchEndsRecordsAFailure) {
  TempDir dir;
  const std::string path = dir.File("traces.db");
  {
    auto store = OpenStore(path);
    auto run = store->BeginRun(TestRunInfo("x", 1));
    ASSERT_TRUE(run.ok());
    auto trace = store->StartProblem(run->id, "early");
    ASSERT_TRUE(trace.ok());
    Status committed = store->CommitProblem(std::move(*trace));
    EXPECT_EQ(committed.code(), StatusCode::kFailedPrecondition);
    EXPECT_NE(committed.message().find("'early'"), std::string::npos);
    EXPECT_TRUE(store->Flush().ok());  // the misuse is recorded, the store still works
  }
  auto p = OpenReader(path)->FindProblem(1, "early");
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(p->status, ProblemStatus::kFailed);
  EXPECT_NE(p->error.find("before its search finished"), std::string::npos);
}

TEST(TraceStoreTest, FinishRunRefusesARunWithProblemsMissingOrInFlight) {
  TempDir dir;
  const std::string path = dir.File("traces.db");
  auto store = OpenStore(path);
  auto run = store->BeginRun(TestRunInfo("x", 3));
  ASSERT_TRUE(run.ok());
  ASSERT_TRUE(CommitSynthetic(*store, run->id, "a", 5).ok());
  ASSERT_TRUE(CommitSynthetic(*store, run->id, "b", 5).ok());

  Status missing = store->FinishRun(run->id, OkStatus());
  EXPECT_EQ(missing.code(), StatusCode::kFailedPrecondition);
  EXPECT_NE(missing.message().find("2 of its 3 problems are recorded"), std::string::npos)
      << missing.message();

  auto in_flight = store->StartProblem(run->id, "c");
  ASSERT_TRUE(in_flight.ok());
  Status started = store->FinishRun(run->id, OkStatus());
  EXPECT_EQ(started.code(), StatusCode::kFailedPrecondition);
  EXPECT_NE(started.message().find("1 are still started"), std::string::npos) << started.message();
  EXPECT_EQ(OpenReader(path)->Run(run->id)->status, RunStatus::kRunning);

  FinishSynthetic(*in_flight, 5, 0);
  ASSERT_TRUE(store->CommitProblem(std::move(*in_flight)).ok());
  EXPECT_TRUE(store->FinishRun(run->id, OkStatus()).ok());
  EXPECT_EQ(OpenReader(path)->Run(run->id)->status, RunStatus::kFinished);

  EXPECT_EQ(store->FinishRun(999, OkStatus()).code(), StatusCode::kNotFound);
}

TEST(TraceStoreTest, AFailedRunIsResumedByTheSameConfig) {
  TempDir dir;
  const std::string path = dir.File("traces.db");
  const RunInfo info = TestRunInfo("algorithm: beam\n", 2);
  int64_t run_id = 0;
  {
    auto store = OpenStore(path);
    auto run = store->BeginRun(info);
    ASSERT_TRUE(run.ok());
    run_id = run->id;
    ASSERT_TRUE(CommitSynthetic(*store, run_id, "a", 7).ok());
    ASSERT_TRUE(store->FinishRun(run_id, CancelledError("interrupted by SIGINT")).ok());
  }
  auto failed = OpenReader(path)->Run(run_id);
  ASSERT_TRUE(failed.ok());
  EXPECT_EQ(failed->status, RunStatus::kFailed);
  EXPECT_EQ(failed->error, "CANCELLED: interrupted by SIGINT");

  auto store = OpenStore(path);
  auto resumed = store->BeginRun(info);
  ASSERT_TRUE(resumed.ok());
  EXPECT_TRUE(resumed->resumed);
  EXPECT_EQ(resumed->id, run_id);
  EXPECT_EQ(*store->FinishedProblems(run_id), std::vector<std::string>{"a"});
  ASSERT_TRUE(CommitSynthetic(*store, run_id, "b", 7).ok());
  ASSERT_TRUE(store->FinishRun(run_id, OkStatus()).ok());

  auto done = OpenReader(path)->Run(run_id);
  EXPECT_EQ(done->status, RunStatus::kFinished);
  EXPECT_EQ(done->resume_count, 1);
  EXPECT_TRUE(done->error.empty());
}

TEST(TraceStoreTest, OnlyAnUnfinishedRunOfTheSameConfigAndShardIsResumed) {
  TempDir dir;
  auto store = OpenStore(dir.File("traces.db"));
  const RunInfo info = TestRunInfo("config A", 0);
  auto first = store->BeginRun(info);
  ASSERT_TRUE(first.ok());
  ASSERT_TRUE(store->FinishRun(first->id, OkStatus()).ok());  // zero problems: finished at once

  auto after_finish = store->BeginRun(info);  // a finished run is never reopened
  ASSERT_TRUE(after_finish.ok());
  EXPECT_FALSE(after_finish->resumed);
  EXPECT_NE(after_finish->id, first->id);

  RunInfo other_shard = info;
  other_shard.shard_index = 1;
  other_shard.shard_count = 2;
  auto sharded = store->BeginRun(other_shard);
  ASSERT_TRUE(sharded.ok());
  EXPECT_FALSE(sharded->resumed);

  auto other_config = store->BeginRun(TestRunInfo("config B", 0));
  ASSERT_TRUE(other_config.ok());
  EXPECT_FALSE(other_config->resumed);

  auto again = store->BeginRun(info);
  ASSERT_TRUE(again.ok());
  EXPECT_TRUE(again->resumed);
  EXPECT_EQ(again->id, after_finish->id);

  RunInfo changed_count = info;
  changed_count.problem_count = 5;
  auto refused = store->BeginRun(changed_count);
  EXPECT_EQ(refused.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_NE(refused.status().message().find("0 problems, not 5"), std::string::npos);
}

TEST(TraceStoreTest, ARetriedProblemReplacesItsEarlierAttempt) {
  TempDir dir;
  const std::string path = dir.File("traces.db");
  {
    auto store = OpenStore(path);
    auto run = store->BeginRun(TestRunInfo("x", 1));
    ASSERT_TRUE(run.ok());
    auto first = store->StartProblem(run->id, "p");
    ASSERT_TRUE(first.ok());
    FinishSynthetic(*first, 30, 4);
    first->Fail(InternalError("model crashed"));
    ASSERT_TRUE(store->CommitProblem(std::move(*first)).ok());
    ASSERT_TRUE(CommitSynthetic(*store, run->id, "p", 12).ok());
  }
  auto reader = OpenReader(path);
  auto problems = reader->Problems(1);
  ASSERT_TRUE(problems.ok());
  ASSERT_EQ(problems->size(), 1u);
  EXPECT_EQ((*problems)[0].status, ProblemStatus::kFinished);
  EXPECT_EQ((*problems)[0].node_count, 12);
  EXPECT_EQ(reader->Nodes((*problems)[0].id)->size(), 12u);
  EXPECT_EQ(reader->Events((*problems)[0].id)->size(), 3u);
}

TEST(TraceStoreTest, SweepRunsShareOneFile) {
  TempDir dir;
  const std::string path = dir.File("sweep.db");
  {
    auto store = OpenStore(path);
    for (int n : {1, 4, 16}) {
      RunInfo info = TestRunInfo("n: " + std::to_string(n), 1);
      info.sweep = Params{{"algorithm.n", n}};
      auto run = store->BeginRun(info);
      ASSERT_TRUE(run.ok());
      ASSERT_TRUE(CommitSynthetic(*store, run->id, "shared-problem", n + 1).ok());
      ASSERT_TRUE(store->FinishRun(run->id, OkStatus()).ok());
    }
  }
  auto reader = OpenReader(path);
  auto runs = reader->Runs();
  ASSERT_TRUE(runs.ok());
  ASSERT_EQ(runs->size(), 3u);
  const int expected_n[] = {1, 4, 16};
  for (size_t i = 0; i < 3; ++i) {
    const ParamValue* n = (*runs)[i].info.sweep.Find("algorithm.n");
    ASSERT_NE(n, nullptr);
    EXPECT_EQ(std::get<int64_t>(n->value()), expected_n[i]);
    auto p = reader->FindProblem((*runs)[i].id, "shared-problem");
    ASSERT_TRUE(p.ok());
    EXPECT_EQ(p->node_count, expected_n[i] + 1);
  }
}

TEST(TraceStoreTest, ProducersOnManyThreadsWithATinyQueueLoseNothing) {
  TempDir dir;
  const std::string path = dir.File("traces.db");
  constexpr int kThreads = 4;
  constexpr int kPerThread = 25;
  constexpr int64_t kQueueRows = 64;
  std::atomic<bool> writing{true};
  std::atomic<int> reads{0};
  {
    auto store = OpenStore(path, {.max_queued_rows = kQueueRows, .max_batch_rows = 40});
    auto run = store->BeginRun(TestRunInfo("x", kThreads * kPerThread));
    ASSERT_TRUE(run.ok());
    // A reader polls alongside the writer, as a live browser would.
    std::thread reader_thread([&] {
      auto reader = OpenReader(path);
      while (writing) {
        PONDER_CHECK(reader->Problems(run->id).ok());
        ++reads;
      }
    });
    std::vector<std::thread> producers;
    for (int t = 0; t < kThreads; ++t) {
      producers.emplace_back([&, t] {
        for (int i = 0; i < kPerThread; ++i) {
          const std::string id = std::to_string(t) + "/" + std::to_string(i);
          PONDER_CHECK(CommitSynthetic(*store, run->id, id, 10 + i).ok());
        }
      });
    }
    for (std::thread& p : producers) p.join();
    ASSERT_TRUE(store->FinishRun(run->id, OkStatus()).ok());
    writing = false;
    reader_thread.join();
    const WriteQueueStats stats = store->stats();
    // Bounded: every trace (at most 34 nodes + 3 events + its row) fits under the bound.
    EXPECT_LE(stats.max_queued_rows, kQueueRows);
    EXPECT_LE(stats.transactions, stats.writes);
  }
  EXPECT_GT(reads.load(), 0);
  auto reader = OpenReader(path);
  auto problems = reader->Problems(1);
  ASSERT_TRUE(problems.ok());
  ASSERT_EQ(problems->size(), static_cast<size_t>(kThreads * kPerThread));
  for (const ProblemRecord& p : *problems) {
    EXPECT_EQ(p.status, ProblemStatus::kFinished);
    const int i = std::stoi(p.problem_id.substr(p.problem_id.find('/') + 1));
    EXPECT_EQ(p.node_count, 10 + i);
    EXPECT_EQ(reader->Nodes(p.id)->size(), static_cast<size_t>(10 + i));
  }
}

TEST(TraceStoreTest, AFailedWriteStopsTheStoreAndNoRunIsMarkedFinished) {
  TempDir dir;
  const std::string path = dir.File("traces.db");
  auto store = OpenStore(path);
  auto run = store->BeginRun(TestRunInfo("x", 1));
  ASSERT_TRUE(run.ok());
  // A problem for a run that does not exist cannot be written.
  ASSERT_TRUE(CommitSynthetic(*store, 42, "orphan", 5).ok());  // queued: fails on the writer
  Status flushed = store->Flush();
  EXPECT_EQ(flushed.code(), StatusCode::kNotFound);
  EXPECT_NE(flushed.message().find("run 42: no such run"), std::string::npos) << flushed.message();
  EXPECT_EQ(CommitSynthetic(*store, run->id, "p", 5).code(), StatusCode::kNotFound);
  EXPECT_EQ(store->FinishRun(run->id, OkStatus()).code(), StatusCode::kNotFound);
  EXPECT_EQ(store->Close().code(), StatusCode::kNotFound);
  EXPECT_EQ(OpenReader(path)->Run(run->id)->status, RunStatus::kRunning);
}

TEST(TraceStoreTest, AFinishedRunTakesNoMoreProblems) {
  TempDir dir;
  auto store = OpenStore(dir.File("traces.db"));
  auto run = store->BeginRun(TestRunInfo("x", 0));
  ASSERT_TRUE(run.ok());
  ASSERT_TRUE(store->FinishRun(run->id, OkStatus()).ok());
  ASSERT_TRUE(CommitSynthetic(*store, run->id, "late", 3).ok());
  Status flushed = store->Flush();
  EXPECT_EQ(flushed.code(), StatusCode::kFailedPrecondition);
  EXPECT_NE(flushed.message().find("is finished"), std::string::npos) << flushed.message();
}

TEST(TraceStoreTest, CloseDrainsTheQueueAndLaterCallsFail) {
  TempDir dir;
  const std::string path = dir.File("traces.db");
  // Each trace is larger than the queue's bound: it is admitted alone, never deadlocks.
  auto store = OpenStore(path, {.max_queued_rows = 8});
  auto run = store->BeginRun(TestRunInfo("x", 20));
  ASSERT_TRUE(run.ok());
  for (int i = 0; i < 20; ++i) {
    ASSERT_TRUE(CommitSynthetic(*store, run->id, std::to_string(i), 50).ok());
  }
  ASSERT_TRUE(store->Close().ok());
  EXPECT_TRUE(store->Close().ok());  // idempotent
  EXPECT_EQ(store->Flush().code(), StatusCode::kFailedPrecondition);
  EXPECT_EQ(OpenReader(path)->FinishedProblems(run->id)->size(), 20u);
}

}  // namespace
}  // namespace ponder::traces
