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

// Records a synthetic problem of `size` nodes: finished, or failed with `failure` after its
// search finished.
Status CommitSynthetic(TraceStore& store, int64_t run_id, const std::string& id, int size,
                       const Status& failure = OkStatus()) {
  PONDER_ASSIGN_OR_RETURN(ProblemTrace trace, store.StartProblem(run_id, id));
  FinishSynthetic(trace, size, /*events=*/3);
  if (!failure.ok()) trace.Fail(failure);
  return store.CommitProblem(std::move(trace));
}

// A database file in a fresh folder, a store on it and a reader for the checks.
class TraceStoreTest : public ::testing::Test {
 protected:
  // Opens the store (closing one already open) and begins a run of `problem_count` problems.
  int64_t OpenAndBeginRun(int64_t problem_count, TraceStoreOptions options = {}) {
    store_ = OpenStore(path_, options);
    auto run = store_->BeginRun(TestRunInfo("x", problem_count));
    PONDER_CHECK(run.ok()) << run.status().ToString();
    return run->id;
  }
  // Closes the store, so everything it queued is written, and opens a reader.
  std::unique_ptr<TraceReader> CloseAndRead() {
    if (store_) PONDER_CHECK(store_->Close().ok());
    store_.reset();
    return OpenReader(path_);
  }

  TempDir dir_;
  const std::string path_ = dir_.File("traces.db");
  std::unique_ptr<TraceStore> store_;
};

TEST_F(TraceStoreTest, RecordsARealSearchAndReadsItBack) {
  const RunInfo info = TestRunInfo("algorithm: best_of_n\n", 1);
  std::vector<Node> tree_nodes;
  std::vector<TraceEvent> events;
  SearchResult result;
  {
    auto store = OpenStore(path_);
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

  auto reader = OpenReader(path_);
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

TEST_F(TraceStoreTest, AFailedSearchIsRecordedFailedWithItsPartialTree) {
  const int64_t run_id = OpenAndBeginRun(1);
  auto trace = store_->StartProblem(run_id, "p1");
  ASSERT_TRUE(trace.ok());
  TracedSearch search("p1", [](std::string_view) { return std::nan(""); });
  auto searched = search.Run(*trace);
  ASSERT_FALSE(searched.ok());
  trace->FailSearch(searched.status(), search.context());
  const size_t partial_size = search.context().tree().size();
  ASSERT_GT(partial_size, 1u);
  ASSERT_TRUE(store_->CommitProblem(std::move(*trace)).ok());
  auto finished = store_->FinishedProblems(run_id);
  ASSERT_TRUE(finished.ok());
  EXPECT_TRUE(finished->empty());
  // A failed problem is recorded: the run may finish.
  EXPECT_TRUE(store_->FinishRun(run_id, OkStatus()).ok());

  auto reader = CloseAndRead();
  auto p = reader->FindProblem(run_id, "p1");
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

TEST_F(TraceStoreTest, GradingFailureAfterAFinishedSearchIsAFailure) {
  const int64_t run_id = OpenAndBeginRun(1);
  ASSERT_TRUE(
      CommitSynthetic(*store_, run_id, "p1", 10, UnavailableError("sandbox pool is down")).ok());
  EXPECT_TRUE(store_->FinishedProblems(run_id)->empty());
  auto p = CloseAndRead()->FindProblem(run_id, "p1");
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(p->status, ProblemStatus::kFailed);
  EXPECT_EQ(p->error, "UNAVAILABLE: sandbox pool is down");
  EXPECT_EQ(p->result.chosen, 9u);  // the search's result stays
  EXPECT_EQ(p->node_count, 10);
}

TEST_F(TraceStoreTest, CommittingBeforeTheSearchEndsRecordsAFailure) {
  const int64_t run_id = OpenAndBeginRun(1);
  auto trace = store_->StartProblem(run_id, "early");
  ASSERT_TRUE(trace.ok());
  Status committed = store_->CommitProblem(std::move(*trace));
  EXPECT_EQ(committed.code(), StatusCode::kFailedPrecondition);
  EXPECT_NE(committed.message().find("'early'"), std::string::npos);
  EXPECT_TRUE(store_->Flush().ok());  // the misuse is recorded, the store still works
  auto p = CloseAndRead()->FindProblem(run_id, "early");
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(p->status, ProblemStatus::kFailed);
  EXPECT_NE(p->error.find("before its search finished"), std::string::npos);
}

TEST_F(TraceStoreTest, FinishRunRefusesARunWithProblemsMissingOrInFlight) {
  const int64_t run_id = OpenAndBeginRun(3);
  ASSERT_TRUE(CommitSynthetic(*store_, run_id, "a", 5).ok());
  ASSERT_TRUE(CommitSynthetic(*store_, run_id, "b", 5).ok());

  Status missing = store_->FinishRun(run_id, OkStatus());
  EXPECT_EQ(missing.code(), StatusCode::kFailedPrecondition);
  EXPECT_NE(missing.message().find("2 of its 3 problems are recorded"), std::string::npos)
      << missing.message();

  auto in_flight = store_->StartProblem(run_id, "c");
  ASSERT_TRUE(in_flight.ok());
  Status started = store_->FinishRun(run_id, OkStatus());
  EXPECT_EQ(started.code(), StatusCode::kFailedPrecondition);
  EXPECT_NE(started.message().find("1 are still started"), std::string::npos) << started.message();
  EXPECT_EQ(OpenReader(path_)->Run(run_id)->status, RunStatus::kRunning);

  FinishSynthetic(*in_flight, 5, 0);
  ASSERT_TRUE(store_->CommitProblem(std::move(*in_flight)).ok());
  EXPECT_TRUE(store_->FinishRun(run_id, OkStatus()).ok());
  EXPECT_EQ(OpenReader(path_)->Run(run_id)->status, RunStatus::kFinished);

  EXPECT_EQ(store_->FinishRun(999, OkStatus()).code(), StatusCode::kNotFound);
}

TEST_F(TraceStoreTest, AFailedRunIsResumedByTheSameConfig) {
  const int64_t run_id = OpenAndBeginRun(2);
  ASSERT_TRUE(CommitSynthetic(*store_, run_id, "a", 7).ok());
  ASSERT_TRUE(store_->FinishRun(run_id, CancelledError("interrupted by SIGINT")).ok());
  auto failed = CloseAndRead()->Run(run_id);
  ASSERT_TRUE(failed.ok());
  EXPECT_EQ(failed->status, RunStatus::kFailed);
  EXPECT_EQ(failed->error, "CANCELLED: interrupted by SIGINT");

  auto store = OpenStore(path_);
  auto resumed = store->BeginRun(TestRunInfo("x", 2));
  ASSERT_TRUE(resumed.ok());
  EXPECT_TRUE(resumed->resumed);
  EXPECT_EQ(resumed->id, run_id);
  EXPECT_EQ(*store->FinishedProblems(run_id), std::vector<std::string>{"a"});
  ASSERT_TRUE(CommitSynthetic(*store, run_id, "b", 7).ok());
  ASSERT_TRUE(store->FinishRun(run_id, OkStatus()).ok());

  auto done = OpenReader(path_)->Run(run_id);
  EXPECT_EQ(done->status, RunStatus::kFinished);
  EXPECT_EQ(done->resume_count, 1);
  EXPECT_TRUE(done->error.empty());
}

TEST_F(TraceStoreTest, AFinishedRunWithFailedProblemsIsReopenedToRetryThem) {
  const int64_t run_id = OpenAndBeginRun(2);
  ASSERT_TRUE(CommitSynthetic(*store_, run_id, "a", 7).ok());
  ASSERT_TRUE(CommitSynthetic(*store_, run_id, "b", 7, InternalError("model crashed")).ok());
  ASSERT_TRUE(store_->FinishRun(run_id, OkStatus()).ok());
  EXPECT_EQ(CloseAndRead()->Run(run_id)->status, RunStatus::kFinished);

  store_ = OpenStore(path_);
  auto again = store_->BeginRun(TestRunInfo("x", 2));
  ASSERT_TRUE(again.ok()) << again.status().ToString();
  EXPECT_TRUE(again->resumed);
  EXPECT_FALSE(again->already_finished);
  EXPECT_EQ(again->id, run_id);
  EXPECT_EQ(*store_->FinishedProblems(run_id), std::vector<std::string>{"a"}) << "b is retried";
  ASSERT_TRUE(CommitSynthetic(*store_, run_id, "b", 7).ok());
  ASSERT_TRUE(store_->FinishRun(run_id, OkStatus()).ok());

  // With nothing failed left, the next attempt finds the run finished.
  auto done = store_->BeginRun(TestRunInfo("x", 2));
  ASSERT_TRUE(done.ok());
  EXPECT_TRUE(done->already_finished);
  EXPECT_EQ(done->id, run_id);
  EXPECT_EQ(CloseAndRead()->Run(run_id)->resume_count, 1);
}

TEST_F(TraceStoreTest, OnlyAnUnfinishedRunOfTheSameConfigAndShardIsResumed) {
  const int64_t first = OpenAndBeginRun(0);
  ASSERT_TRUE(store_->FinishRun(first, OkStatus()).ok());  // zero problems: finished at once

  RunInfo info = TestRunInfo("x", 0);
  auto found = store_->BeginRun(info);  // the finished run is found, neither reopened nor repeated
  ASSERT_TRUE(found.ok());
  EXPECT_TRUE(found->already_finished);
  EXPECT_FALSE(found->resumed);
  EXPECT_EQ(found->id, first);
  EXPECT_EQ(CloseAndRead()->Run(first)->status, RunStatus::kFinished);
  store_ = OpenStore(path_);

  // Other model files under the same config: a new run.
  info.model_hashes["models/prm.pt"] = "cc33";
  auto after_finish = store_->BeginRun(info);
  ASSERT_TRUE(after_finish.ok());
  EXPECT_FALSE(after_finish->resumed);
  EXPECT_FALSE(after_finish->already_finished);
  EXPECT_NE(after_finish->id, first);

  RunInfo other_shard = info;
  other_shard.shard_index = 1;
  other_shard.shard_count = 2;
  auto sharded = store_->BeginRun(other_shard);
  ASSERT_TRUE(sharded.ok());
  EXPECT_FALSE(sharded->resumed);

  auto other_config = store_->BeginRun(TestRunInfo("config B", 0));
  ASSERT_TRUE(other_config.ok());
  EXPECT_FALSE(other_config->resumed);

  auto again = store_->BeginRun(info);
  ASSERT_TRUE(again.ok());
  EXPECT_TRUE(again->resumed);
  EXPECT_EQ(again->id, after_finish->id);

  RunInfo changed_count = info;
  changed_count.problem_count = 5;
  auto refused = store_->BeginRun(changed_count);
  EXPECT_EQ(refused.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_NE(refused.status().message().find("0 problems, not 5"), std::string::npos);

  // Resuming with other weights would mix two models in one run.
  RunInfo changed_models = info;
  changed_models.model_hashes["models/policy.pt"] = "dd44";
  auto mixed = store_->BeginRun(changed_models);
  EXPECT_EQ(mixed.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_NE(mixed.status().message().find("other model files"), std::string::npos)
      << mixed.status().ToString();
}

TEST_F(TraceStoreTest, ARetriedProblemReplacesItsEarlierAttempt) {
  const int64_t run_id = OpenAndBeginRun(1);
  ASSERT_TRUE(CommitSynthetic(*store_, run_id, "p", 30, InternalError("model crashed")).ok());
  ASSERT_TRUE(CommitSynthetic(*store_, run_id, "p", 12).ok());
  auto reader = CloseAndRead();
  auto problems = reader->Problems(run_id);
  ASSERT_TRUE(problems.ok());
  ASSERT_EQ(problems->size(), 1u);
  EXPECT_EQ((*problems)[0].status, ProblemStatus::kFinished);
  EXPECT_EQ((*problems)[0].node_count, 12);
  EXPECT_EQ(reader->Nodes((*problems)[0].id)->size(), 12u);
  EXPECT_EQ(reader->Events((*problems)[0].id)->size(), 3u);
}

TEST_F(TraceStoreTest, SweepRunsShareOneFile) {
  store_ = OpenStore(path_);
  for (int n : {1, 4, 16}) {
    RunInfo info = TestRunInfo("n: " + std::to_string(n), 1);
    info.sweep = Params{{"algorithm.n", n}};
    auto run = store_->BeginRun(info);
    ASSERT_TRUE(run.ok());
    ASSERT_TRUE(CommitSynthetic(*store_, run->id, "shared-problem", n + 1).ok());
    ASSERT_TRUE(store_->FinishRun(run->id, OkStatus()).ok());
  }
  auto reader = CloseAndRead();
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

TEST_F(TraceStoreTest, ProducersOnManyThreadsWithATinyQueueLoseNothing) {
  constexpr int kThreads = 4;
  constexpr int kPerThread = 25;
  constexpr int64_t kQueueRows = 64;
  const int64_t run_id =
      OpenAndBeginRun(kThreads * kPerThread, {.max_queued_rows = kQueueRows, .max_batch_rows = 40});
  // A reader polls alongside the writer, as a live browser would.
  std::atomic<bool> writing{true};
  std::atomic<int> reads{0};
  std::thread reader_thread([&] {
    auto reader = OpenReader(path_);
    while (writing) {
      PONDER_CHECK(reader->Problems(run_id).ok());
      ++reads;
    }
  });
  std::vector<std::thread> producers;
  for (int t = 0; t < kThreads; ++t) {
    producers.emplace_back([&, t] {
      for (int i = 0; i < kPerThread; ++i) {
        const std::string id = std::to_string(t) + "/" + std::to_string(i);
        PONDER_CHECK(CommitSynthetic(*store_, run_id, id, 10 + i).ok());
      }
    });
  }
  for (std::thread& p : producers) p.join();
  ASSERT_TRUE(store_->FinishRun(run_id, OkStatus()).ok());
  writing = false;
  reader_thread.join();
  EXPECT_GT(reads.load(), 0);
  const WriteQueueStats stats = store_->stats();
  // Bounded: every trace (at most 34 nodes + 3 events + its row) fits under the bound.
  EXPECT_LE(stats.max_queued_rows, kQueueRows);
  EXPECT_LE(stats.transactions, stats.writes);

  auto reader = CloseAndRead();
  auto problems = reader->Problems(run_id);
  ASSERT_TRUE(problems.ok());
  ASSERT_EQ(problems->size(), static_cast<size_t>(kThreads * kPerThread));
  for (const ProblemRecord& p : *problems) {
    EXPECT_EQ(p.status, ProblemStatus::kFinished);
    const int i = std::stoi(p.problem_id.substr(p.problem_id.find('/') + 1));
    EXPECT_EQ(p.node_count, 10 + i);
    EXPECT_EQ(reader->Nodes(p.id)->size(), static_cast<size_t>(10 + i));
  }
}

TEST_F(TraceStoreTest, TwoStoresOnOneFileTakeTurnsWithoutBusyErrors) {
  // Two writers (as two processes would have) wait for each other's write lock.
  constexpr int kProblems = 30;
  auto first = OpenStore(path_);
  auto second = OpenStore(path_);
  std::vector<std::thread> writers;
  for (TraceStore* store : {first.get(), second.get()}) {
    writers.emplace_back([store] {
      auto run = store->BeginRun(
          TestRunInfo(std::to_string(reinterpret_cast<uintptr_t>(store)), kProblems));
      PONDER_CHECK(run.ok()) << run.status().ToString();
      for (int i = 0; i < kProblems; ++i) {
        PONDER_CHECK(CommitSynthetic(*store, run->id, std::to_string(i), 100).ok());
        Status flushed = store->Flush();  // one transaction per problem: many lock hand-overs
        PONDER_CHECK(flushed.ok()) << flushed.ToString();
      }
      Status finished = store->FinishRun(run->id, OkStatus());
      PONDER_CHECK(finished.ok()) << finished.ToString();
    });
  }
  for (std::thread& w : writers) w.join();
  ASSERT_TRUE(first->Close().ok());
  ASSERT_TRUE(second->Close().ok());
  auto reader = OpenReader(path_);
  auto runs = reader->Runs();
  ASSERT_TRUE(runs.ok());
  ASSERT_EQ(runs->size(), 2u);
  for (const RunRecord& run : *runs) {
    EXPECT_EQ(run.status, RunStatus::kFinished);
    EXPECT_EQ(reader->FinishedProblems(run.id)->size(), static_cast<size_t>(kProblems));
  }
}

TEST_F(TraceStoreTest, AFailedWriteStopsTheStoreAndNoRunIsMarkedFinished) {
  const int64_t run_id = OpenAndBeginRun(1);
  // A problem for a run that does not exist cannot be written.
  // Queued, it fails on the writer; the commit may already see that failure, since the
  // problem's 'started' row reaches the writer first.
  const Status committed = CommitSynthetic(*store_, 42, "orphan", 5);
  EXPECT_TRUE(committed.ok() || committed.code() == StatusCode::kNotFound) << committed.ToString();
  Status flushed = store_->Flush();
  EXPECT_EQ(flushed.code(), StatusCode::kNotFound);
  EXPECT_NE(flushed.message().find("run 42: no such run"), std::string::npos) << flushed.message();
  EXPECT_EQ(CommitSynthetic(*store_, run_id, "p", 5).code(), StatusCode::kNotFound);
  EXPECT_EQ(store_->FinishRun(run_id, OkStatus()).code(), StatusCode::kNotFound);
  EXPECT_EQ(store_->Close().code(), StatusCode::kNotFound);
  EXPECT_EQ(OpenReader(path_)->Run(run_id)->status, RunStatus::kRunning);
}

TEST_F(TraceStoreTest, AFinishedRunTakesNoMoreProblems) {
  const int64_t run_id = OpenAndBeginRun(0);
  ASSERT_TRUE(store_->FinishRun(run_id, OkStatus()).ok());
  // The writer refuses the late problem's first record. Writes are asynchronous, so the error
  // reaches the caller at the commit when the writer got there first, else at the flush; the
  // store stays failed either way.
  const Status committed = CommitSynthetic(*store_, run_id, "late", 3);
  const Status flushed = store_->Flush();
  const Status& refused = committed.ok() ? flushed : committed;
  EXPECT_EQ(refused.code(), StatusCode::kFailedPrecondition);
  EXPECT_NE(refused.message().find("is finished"), std::string::npos) << refused.message();
  EXPECT_FALSE(flushed.ok());
}

TEST_F(TraceStoreTest, CloseDrainsTheQueueAndLaterCallsFail) {
  // Each trace is larger than the queue's bound: it is admitted alone, never deadlocks.
  const int64_t run_id = OpenAndBeginRun(20, {.max_queued_rows = 8});
  for (int i = 0; i < 20; ++i) {
    ASSERT_TRUE(CommitSynthetic(*store_, run_id, std::to_string(i), 50).ok());
  }
  ASSERT_TRUE(store_->Close().ok());
  EXPECT_TRUE(store_->Close().ok());  // idempotent
  EXPECT_EQ(store_->Flush().code(), StatusCode::kFailedPrecondition);
  EXPECT_EQ(OpenReader(path_)->FinishedProblems(run_id)->size(), 20u);
}

}  // namespace
}  // namespace ponder::traces
