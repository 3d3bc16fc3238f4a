// The cost of `ponder report` and `ponder merge` on a database of 100k nodes:
// 4 shard files of 250 problems each, every problem a 100-node tree with 64
// graded candidates (the bench builds them once, through TraceStore).
//
//   BM_ReadProblems   baseline: TraceReader reads every run's problem rows, which a report
//                     needs at the least.
//   BM_Report/R       LoadReport (metrics with R bootstrap resamples) and the table, on the
//                     unsharded database of the same 1000 problems.
//   BM_CopyFiles      baseline: the four shard files copied byte for byte.
//   BM_Merge          MergeTraceDatabases of the four shards into a new file.
//
// docs/performance.md ("Reports") records the figures and the command.
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <filesystem>
#include <sstream>

#include "experiments/reports/report_formats.h"
#include "traces/trace_merge.h"
#include "traces/trace_reader.h"
#include "traces/trace_store.h"

namespace ponder::reports {
namespace {

namespace fs = std::filesystem;

constexpr int kShards = 4;
constexpr int kProblems = 1000;
constexpr int kTreeNodes = 100;
constexpr int kCandidates = 64;

// A 100-node tree whose last 64 nodes are complete solutions, four children per node.
const Tree& BenchTree() {
  static const Tree* tree = [] {
    auto* t = new Tree;
    for (int id = 1; id < kTreeNodes; ++id) {
      const bool complete = id >= kTreeNodes - kCandidates;
      Node node;
      node.text = "Step " + std::to_string(id) + ": add the two numbers, 17 + 25 = 42.\n";
      node.tokens.assign(24, id);
      node.score = 0.5;
      node.terminal = complete;
      node.finish = complete ? FinishReason::kEndOfSequence : FinishReason::kDelimiter;
      node.has_answer = complete;
      if (complete) node.answer = std::to_string(id % 5);
      t->AddChild(static_cast<NodeId>((id - 1) / 4), std::move(node));
    }
    return t;
  }();
  return *tree;
}

// Writes problems p with p % shard_count == shard_index into `path`.
void WriteDatabase(const fs::path& path, int shard_index, int shard_count) {
  auto store = traces::TraceStore::Open(path.string());
  PONDER_CHECK(store.ok()) << store.status().ToString();
  traces::RunInfo info{.name = "bench",
                       .config_hash = "bench",
                       .algorithm = "best_of_n",
                       .dataset = "synthetic",
                       .shard_index = shard_index,
                       .shard_count = shard_count,
                       .problem_count = kProblems / shard_count};
  const int64_t run = (*store)->BeginRun(info)->id;
  for (int p = shard_index; p < kProblems; p += shard_count) {
    auto trace = (*store)->StartProblem(run, std::string("p").append(std::to_string(p)));
    PONDER_CHECK(trace.ok());
    SearchResult result;
    result.chosen = kTreeNodes - 1;
    result.complete = true;
    result.has_answer = true;
    result.answer = std::to_string(p % 3);
    result.usage.generated_tokens = 24 * kTreeNodes;
    result.usage.scorer_calls = kTreeNodes;
    result.stop_reason = "completed";
    trace->SearchFinished(Problem{}, BenchTree(), result);
    trace->SetGrade(Grade{.correct = p % 3 == 0, .score = p % 3 == 0 ? 1.0 : 0.0, .detail = ""});
    trace->SetCandidates({.candidates = kCandidates,
                          .graded = kCandidates,
                          .correct = p % 7,
                          .has_majority = true,
                          .majority_answer = "1",
                          .majority_correct = p % 2 == 0});
    PONDER_CHECK((*store)->CommitProblem(std::move(*trace)).ok());
  }
  PONDER_CHECK((*store)->FinishRun(run, OkStatus()).ok());
  PONDER_CHECK((*store)->Close().ok());
}

struct Files {
  fs::path dir;
  fs::path full;
  std::vector<std::string> shards;
};

const Files& BenchFiles() {
  static const Files* files = [] {
    auto* f = new Files;
    std::string pattern = (fs::temp_directory_path() / "ponder-reports-bench-XXXXXX").string();
    PONDER_CHECK(mkdtemp(pattern.data()) != nullptr);
    f->dir = pattern;
    f->full = f->dir / "full.db";
    WriteDatabase(f->full, 0, 1);
    for (int i = 0; i < kShards; ++i) {
      f->shards.push_back((f->dir / ("shard" + std::to_string(i) + ".db")).string());
      WriteDatabase(f->shards.back(), i, kShards);
    }
    return f;
  }();
  return *files;
}

void BM_ReadProblems(benchmark::State& state) {
  const Files& files = BenchFiles();
  for (auto _ : state) {
    auto reader = traces::TraceReader::Open(files.full.string());
    PONDER_CHECK(reader.ok());
    const std::vector<traces::RunRecord> runs = *(*reader)->Runs();
    for (const traces::RunRecord& run : runs) {
      benchmark::DoNotOptimize((*reader)->Problems(run.id)->size());
    }
  }
  state.SetItemsProcessed(state.iterations() * kProblems);
}
BENCHMARK(BM_ReadProblems)->Unit(benchmark::kMillisecond);

void BM_Report(benchmark::State& state) {
  const Files& files = BenchFiles();
  MetricsOptions options;
  options.bootstrap.resamples = state.range(0);
  for (auto _ : state) {
    auto report = LoadReport(files.full.string(), options);
    PONDER_CHECK(report.ok());
    std::ostringstream out;
    WriteTable(*report, out);
    benchmark::DoNotOptimize(out.str().size());
  }
  state.SetItemsProcessed(state.iterations() * kProblems);
}
BENCHMARK(BM_Report)->ArgName("resamples")->Arg(100)->Arg(2000)->Unit(benchmark::kMillisecond);

void BM_CopyFiles(benchmark::State& state) {
  const Files& files = BenchFiles();
  const fs::path out = files.dir / "copies";
  for (auto _ : state) {
    fs::create_directories(out);
    for (const std::string& shard : files.shards) {
      fs::copy_file(shard, out / fs::path(shard).filename());
    }
    state.PauseTiming();
    fs::remove_all(out);
    state.ResumeTiming();
  }
  state.SetItemsProcessed(state.iterations() * kProblems * kTreeNodes);
}
BENCHMARK(BM_CopyFiles)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_Merge(benchmark::State& state) {
  const Files& files = BenchFiles();
  const fs::path out = files.dir / "merged.db";
  for (auto _ : state) {
    auto merged = traces::MergeTraceDatabases(out.string(), files.shards);
    PONDER_CHECK(merged.ok()) << merged.status().ToString();
    PONDER_CHECK(merged->nodes == kProblems * kTreeNodes);
    state.PauseTiming();
    fs::remove(out);
    state.ResumeTiming();
  }
  state.SetItemsProcessed(state.iterations() * kProblems * kTreeNodes);
}
BENCHMARK(BM_Merge)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace
}  // namespace ponder::reports

BENCHMARK_MAIN();
