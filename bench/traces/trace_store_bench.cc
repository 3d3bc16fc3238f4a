// Trace store throughput and the cost of tracing on the search thread.
//
//   BM_WriterThread/threads:T  node rows per second through TraceStore's writer thread, T
//                              producer threads each recording 1k-node problems (StartProblem,
//                              the final-tree copy, CommitProblem), Flush after every 8.
//   BM_DirectWrite             baseline in the same run: the same rows written on the calling
//                              thread, 8 problems per transaction, no queue and no thread.
//   BM_Search/traced:0|1       a best_of_n search of 1024 samples with zero-cost fake models,
//                              untraced or traced into a ProblemTrace: time per node; the
//                              difference is what tracing costs the search thread.
//   BM_ProblemTraceSink        the sink alone: one event per node and the final-tree copy.
//
// docs/performance.md ("Traces") records the figures and the command.
#include <benchmark/benchmark.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>

#include "search/registry.h"
#include "tests/fakes/fake_tree_policy.h"
#include "tests/fakes/table_scorer.h"
#include "traces/schema.h"
#include "traces/trace_store.h"
#include "traces/trace_writes.h"

namespace ponder::traces {
namespace {

constexpr int kTreeNodes = 1000;
constexpr int kProblemsPerFlush = 8;

// A folder for one benchmark's database, removed afterwards.
std::filesystem::path MakeTempDir() {
  std::string pattern = (std::filesystem::temp_directory_path() / "ponder-bench-XXXXXX").string();
  PONDER_CHECK(mkdtemp(pattern.data()) != nullptr);
  return pattern;
}

// A 1k-node tree with step-sized texts (~50 bytes) and 24 tokens per node.
const Tree& BenchTree() {
  static const Tree* tree = [] {
    auto* t = new Tree;
    for (int id = 1; id < kTreeNodes; ++id) {
      Node node;
      node.text = std::to_string(id).append(". Multiply both sides by 2, so x = 14.\n\n");
      node.tokens.assign(24, id);
      node.logprob = -3.5;
      node.prior = 0.25;
      node.step_score = 0.75;
      node.score = 0.5;
      node.finish = FinishReason::kDelimiter;
      node.created_us = id;
      t->AddChild(static_cast<NodeId>((id - 1) / 4), std::move(node));
    }
    return t;
  }();
  return *tree;
}

// What a search leaves in its trace: the final tree, copied by SearchFinished.
void FinishBenchSearch(ProblemTrace& trace) {
  SearchResult result;
  result.chosen = kTreeNodes - 1;
  result.stop_reason = "completed";
  trace.SearchFinished(Problem{}, BenchTree(), result);
}

RunInfo BenchRun() { return RunInfo{.name = "bench", .config_hash = "bench"}; }

struct WriterFixture {
  std::filesystem::path dir;
  std::unique_ptr<TraceStore> store;
  int64_t run_id = 0;
  std::atomic<int64_t> next_problem{0};
};
WriterFixture* writer = nullptr;

void SetUpWriter(const benchmark::State&) {
  writer = new WriterFixture;
  writer->dir = MakeTempDir();
  auto store = TraceStore::Open((writer->dir / "bench.db").string());
  PONDER_CHECK(store.ok()) << store.status().ToString();
  writer->store = std::move(*store);
  writer->run_id = writer->store->BeginRun(BenchRun())->id;
}

void TearDownWriter(const benchmark::State&) {
  PONDER_CHECK(writer->store->Close().ok());
  std::filesystem::remove_all(writer->dir);
  delete writer;
  writer = nullptr;
}

void BM_WriterThread(benchmark::State& state) {
  TraceStore& store = *writer->store;
  for (auto _ : state) {
    for (int i = 0; i < kProblemsPerFlush; ++i) {
      const std::string id = std::to_string(writer->next_problem.fetch_add(1));
      auto trace = store.StartProblem(writer->run_id, id);
      PONDER_CHECK(trace.ok());
      FinishBenchSearch(*trace);
      PONDER_CHECK(store.CommitProblem(std::move(*trace)).ok());
    }
    PONDER_CHECK(store.Flush().ok());
  }
  state.SetItemsProcessed(state.iterations() * kProblemsPerFlush * kTreeNodes);
}
BENCHMARK(BM_WriterThread)
    ->Setup(SetUpWriter)
    ->Teardown(TearDownWriter)
    ->Threads(1)
    ->Threads(2)
    ->UseRealTime()
    ->Unit(benchmark::kMillisecond);

void BM_DirectWrite(benchmark::State& state) {
  const std::filesystem::path dir = MakeTempDir();
  auto db = Database::Open((dir / "bench.db").string(), OpenMode::kReadWriteCreate);
  PONDER_CHECK(db.ok());
  PONDER_CHECK(PrepareForWriting(**db, 1000).ok());
  const int64_t run_id = BeginOrResumeRun(**db, BenchRun(), 0)->id;
  int64_t next_problem = 0;
  for (auto _ : state) {
    PONDER_CHECK((*db)->Exec("BEGIN IMMEDIATE").ok());
    for (int i = 0; i < kProblemsPerFlush; ++i) {
      ProblemTrace trace(run_id, std::to_string(next_problem++));
      FinishBenchSearch(trace);
      PONDER_CHECK(RecordProblemStarted(**db, run_id, trace.problem_id(), 0).ok());
      PONDER_CHECK(RecordProblem(**db, trace).ok());
    }
    PONDER_CHECK((*db)->Exec("COMMIT").ok());
  }
  state.SetItemsProcessed(state.iterations() * kProblemsPerFlush * kTreeNodes);
  db->reset();
  std::filesystem::remove_all(dir);
}
BENCHMARK(BM_DirectWrite)->UseRealTime()->Unit(benchmark::kMillisecond);

// One best_of_n search of 1024 samples over the fake tree problem; returns its node count.
size_t SearchOnce(TraceSink* sink) {
  static const std::unique_ptr<Algorithm> algorithm = [] {
    AlgorithmRegistry registry;
    RegisterBuiltinAlgorithms(registry);
    return std::move(*registry.Create("algorithm", "best_of_n", {{"n", 1024}, {"batch_size", 64}}));
  }();
  const Problem problem{.id = "bench", .prompt = "spell", .attributes = {}};
  ponder::testing::FakeTreePolicy policy(
      ponder::testing::FakeTreeOptions{.alphabet = "abcd", .depth = 8, .distribution = {}});
  ponder::testing::TableScorer scorer([](std::string_view path) { return path.size() / 8.0; });
  ponder::testing::WholeTextExtractor extractor;
  SearchContext ctx(SearchSetup{.problem = &problem,
                                .policy = &policy,
                                .scorer = &scorer,
                                .extractor = &extractor,
                                .trace = sink,
                                .seed = 1});
  PONDER_CHECK(algorithm->Run(ctx).ok());
  return ctx.tree().size();
}

void BM_Search(benchmark::State& state) {
  const bool traced = state.range(0) != 0;
  int64_t nodes = 0;
  for (auto _ : state) {
    ProblemTrace trace(1, "bench");
    nodes += static_cast<int64_t>(SearchOnce(traced ? &trace : nullptr));
    benchmark::DoNotOptimize(trace.nodes().rows().data());
  }
  state.SetItemsProcessed(nodes);
  state.counters["ns_per_node"] = benchmark::Counter(
      static_cast<double>(nodes), benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
}
BENCHMARK(BM_Search)->ArgName("traced")->Arg(0)->Arg(1)->Unit(benchmark::kMicrosecond);

void BM_ProblemTraceSink(benchmark::State& state) {
  const Tree& tree = BenchTree();
  const Problem problem{.id = "bench", .prompt = "", .attributes = {}};
  for (auto _ : state) {
    ProblemTrace trace(1, "bench");
    for (NodeId id = 0; id < kTreeNodes; ++id) {
      trace.Event(problem, tree, TraceEvent{TraceEventKind::kScore, id, id, "0.750000"});
    }
    FinishBenchSearch(trace);
    benchmark::DoNotOptimize(trace.nodes().rows().data());
  }
  state.SetItemsProcessed(state.iterations() * kTreeNodes);
  state.counters["ns_per_node"] =
      benchmark::Counter(static_cast<double>(state.iterations() * kTreeNodes),
                         benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
}
BENCHMARK(BM_ProblemTraceSink)->Unit(benchmark::kMicrosecond);

}  // namespace
}  // namespace ponder::traces

BENCHMARK_MAIN();
