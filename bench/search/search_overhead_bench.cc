// Pure search overhead: node expansions per second for each registered
// algorithm with zero-cost models, on 1 and 2 threads (each thread searching
// its own problems, as the experiment runner does), and the per-node cost.
//
//   build/bench/search/search_overhead_bench --benchmark_counters_tabular=true
#include <benchmark/benchmark.h>

#include <map>
#include <thread>
#include <vector>

#include "bench/search/zero_cost_models.h"
#include "search/registry.h"

namespace ponder::bench {
namespace {

constexpr int kDepth = 24;
constexpr int64_t kExpansionsPerSearch = 200'000;

// Settings that grow large trees; algorithms not listed run with their defaults.
const std::map<std::string, Params>& BenchParams() {
  static const auto* params = new std::map<std::string, Params>{
      {"best_of_n", {{"n", 100000}, {"batch_size", 256}}},
      {"majority_vote", {{"n", 100000}, {"batch_size", 256}}},
      {"beam_search", {{"n", 64}, {"beam_width", 4}}},
      {"diverse_beam_search", {{"beam_width", 64}, {"groups", 4}, {"samples_per_beam", 4}}},
      {"dvts", {{"n", 64}, {"beam_width", 4}}},
      {"a_star", {{"k", 4}, {"batch_size", 16}}},
      {"particle_filtering", {{"n", 64}}},
      {"mcts", {{"simulations", 1 << 20}, {"k", 4}, {"batch_size", 16}}},
      {"vm_mcts", {{"iteration_limit", 1 << 20}, {"batch_size", 16}}},
      {"pg_td", {{"rollouts", 1 << 20}, {"k", 3}, {"batch_size", 16}}},
      {"first_finish", {{"n", 4096}, {"chunk_tokens", 1}}},
  };
  return *params;
}

void BM_Search(benchmark::State& state, std::string name) {
  AlgorithmRegistry registry;
  RegisterBuiltinAlgorithms(registry);
  auto it = BenchParams().find(name);
  auto algorithm =
      registry.Create("algorithm", name, it == BenchParams().end() ? Params{} : it->second);
  if (!algorithm.ok()) {
    state.SkipWithError(algorithm.status().ToString().c_str());
    return;
  }
  ZeroCostPolicy policy(kDepth);
  ZeroCostScorer scorer;
  const Problem problem{.id = "bench", .prompt = "", .attributes = {}};
  uint64_t seed = 0;
  auto search = [&]() -> StatusOr<SearchResult> {
    SearchContext ctx(SearchSetup{.problem = &problem,
                                  .policy = &policy,
                                  .scorer = &scorer,
                                  .budget = {.max_expansions = kExpansionsPerSearch},
                                  .options = {.max_steps = kDepth},
                                  .seed = ++seed});
    return (*algorithm)->Run(ctx);
  };
  // One untimed search first: glibc adapts its mmap and trim thresholds to the first
  // large frees it sees, and whichever benchmark ran first would otherwise pay for it.
  if (auto warm = search(); !warm.ok()) {
    state.SkipWithError(warm.status().ToString().c_str());
    return;
  }
  int64_t expansions = 0;
  for (auto _ : state) {
    auto result = search();
    if (!result.ok()) {
      state.SkipWithError(result.status().ToString().c_str());
      return;
    }
    expansions += result->usage.expansions;
    benchmark::DoNotOptimize(result->chosen);
  }
  state.counters["expansions/s"] =
      benchmark::Counter(static_cast<double>(expansions), benchmark::Counter::kIsRate);
  state.counters["time/node"] = benchmark::Counter(
      static_cast<double>(expansions), benchmark::Counter::kIsRate | benchmark::Counter::kInvert,
      benchmark::Counter::kIs1000);
}

// Baseline for the per-node figures: the Tree arena appends alone, in the shape of
// beam_search above (64 first steps, then 16 beams x 4 candidates, kDepth steps).
int64_t BuildBeamShapedTree() {
  Tree tree;
  std::vector<NodeId> beams = {kRootNode}, next;
  for (int d = 0; d < kDepth; ++d) {
    next.clear();
    for (NodeId parent : beams) {
      for (int i = 0; i < (d == 0 ? 64 : 4); ++i) {
        Node n;
        n.text = "a";
        n.tokens = {'a'};
        next.push_back(tree.AddChild(parent, std::move(n)));
      }
    }
    beams.assign(next.begin(), next.begin() + 16);
  }
  return static_cast<int64_t>(tree.size()) - 1;
}

void BM_TreeAppendBaseline(benchmark::State& state) {
  BuildBeamShapedTree();  // warm the allocator, as BM_Search does
  int64_t nodes = 0;
  for (auto _ : state) nodes += BuildBeamShapedTree();
  state.counters["expansions/s"] =
      benchmark::Counter(static_cast<double>(nodes), benchmark::Counter::kIsRate);
  state.counters["time/node"] = benchmark::Counter(
      static_cast<double>(nodes), benchmark::Counter::kIsRate | benchmark::Counter::kInvert,
      benchmark::Counter::kIs1000);
}

void RegisterAll() {
  benchmark::RegisterBenchmark("tree/append_baseline", BM_TreeAppendBaseline)
      ->UseRealTime()
      ->Unit(benchmark::kMillisecond);
  AlgorithmRegistry registry;
  RegisterBuiltinAlgorithms(registry);
  for (const auto& entry : registry.entries()) {
    for (int threads : {1, 2}) {
      benchmark::RegisterBenchmark(("search/" + entry.name).c_str(), BM_Search, entry.name)
          ->Threads(threads)
          ->UseRealTime()
          ->Unit(benchmark::kMillisecond);
    }
  }
}

}  // namespace
}  // namespace ponder::bench

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  ponder::bench::RegisterAll();
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
