// Pure search overhead: node expansions per second for each registered
// algorithm with zero-cost models, on 1 and 2 threads (each thread searching
// its own problems, as the experiment runner does), and the per-node cost.
//
//   build/bench/search/search_overhead_bench --benchmark_counters_tabular=true
#include <benchmark/benchmark.h>

#include <map>
#include <thread>

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
  };
  return *params;
}

void BM_Search(benchmark::State& state, std::string name) {
  AlgorithmRegistry registry;
  RegisterBuiltinAlgorithms(registry);
  auto it = BenchParams().find(name);
  auto algorithm = registry.Create("algorithm", name, it == BenchParams().end() ? Params{} : it->second);
  if (!algorithm.ok()) {
    state.SkipWithError(algorithm.status().ToString().c_str());
    return;
  }
  ZeroCostPolicy policy(kDepth);
  ZeroCostScorer scorer;
  const Problem problem{.id = "bench", .prompt = "", .attributes = {}};
  int64_t expansions = 0;
  uint64_t seed = 0;
  for (auto _ : state) {
    SearchContext ctx(SearchSetup{.problem = &problem,
                                  .policy = &policy,
                                  .scorer = &scorer,
                                  .budget = {.max_expansions = kExpansionsPerSearch},
                                  .options = {.max_steps = kDepth},
                                  .seed = ++seed});
    auto result = (*algorithm)->Run(ctx);
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

void RegisterAll() {
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
