// Pure search overhead of the step-level algorithms: node expansions per second
// with a policy and a scorer that cost (almost) nothing, on one thread.
//
// The baseline, measured in the same run, is the floor any tree search pays per
// node: appending a node to the Tree arena. The ratio of an algorithm's time per
// node to it is the engine's overhead (SearchContext bookkeeping, batching,
// scoring, ranking, pruning).
#include <benchmark/benchmark.h>

#include "search/registry.h"

namespace ponder {
namespace {

constexpr int kDepth = 64;  // steps in a complete solution

// Proposes n one-token steps; the solution ends at kDepth steps.
class ZeroCostPolicy final : public Policy {
 public:
  std::vector<StatusOr<Expansion>> Propose(std::span<const ExpandRequest> requests) override {
    std::vector<StatusOr<Expansion>> out;
    out.reserve(requests.size());
    for (const ExpandRequest& r : requests) {
      const bool last = r.tree->at(r.node).depth + 1 >= kDepth;
      Expansion e;
      e.proposals.reserve(static_cast<size_t>(r.n));
      for (int i = 0; i < r.n; ++i) {
        const char c = static_cast<char>('a' + (r.seed + static_cast<uint64_t>(i)) % 26);
        e.proposals.push_back(
            {.text = std::string(1, c),
             .tokens = {c},
             .token_logprobs = {-0.5f},
             .finish = last ? FinishReason::kEndOfSequence : FinishReason::kDelimiter});
      }
      out.emplace_back(std::move(e));
    }
    return out;
  }
};

// Scores a node by a hash of its id, in (0, 1).
class ZeroCostScorer final : public Scorer {
 public:
  std::vector<StatusOr<Score>> ScoreBatch(std::span<const ScoreRequest> requests) override {
    std::vector<StatusOr<Score>> out;
    out.reserve(requests.size());
    for (const ScoreRequest& r : requests) {
      const double s = 0.05 + 0.9 * static_cast<double>(MixKeys(r.node, 17) % 1024) / 1024.0;
      out.emplace_back(Score{{s}});
    }
    return out;
  }
};

// Runs `name` to completion (or `budget`) once per iteration, on a fresh tree.
void RunAlgorithm(benchmark::State& state, const char* name, const Params& params,
                  Budget budget = {}) {
  AlgorithmRegistry registry;
  RegisterBuiltinAlgorithms(registry);
  auto algo = registry.Create("algorithm", name, params);
  if (!algo.ok()) {
    state.SkipWithError(algo.status().ToString().c_str());
    return;
  }
  ZeroCostPolicy policy;
  ZeroCostScorer scorer;
  Problem problem{.id = "bench", .prompt = "", .attributes = {}};
  uint64_t seed = 0;
  auto search = [&]() -> StatusOr<SearchResult> {
    SearchContext ctx({.problem = &problem,
                       .policy = &policy,
                       .scorer = &scorer,
                       .budget = budget,
                       .options = {.max_steps = kDepth},
                       .seed = ++seed});
    return (*algo)->Run(ctx);
  };
  // One untimed search first: glibc adapts its mmap and trim thresholds to the first
  // large frees, and whichever benchmark ran first would otherwise pay for it.
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
      static_cast<double>(expansions), benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
}

// Baseline: the arena appends alone, in the shape of the beam search below
// (16 beams x 4 candidates per step, kDepth steps).
// Builds the baseline's tree; returns its node count.
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
  BuildBeamShapedTree();  // warm the allocator, as RunAlgorithm does
  int64_t nodes = 0;
  for (auto _ : state) {
    nodes += BuildBeamShapedTree();
    benchmark::DoNotOptimize(nodes);
  }
  state.counters["expansions/s"] =
      benchmark::Counter(static_cast<double>(nodes), benchmark::Counter::kIsRate);
  state.counters["time/node"] = benchmark::Counter(
      static_cast<double>(nodes), benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
}
BENCHMARK(BM_TreeAppendBaseline)->Unit(benchmark::kMillisecond);

void BM_BeamSearch(benchmark::State& state) {
  RunAlgorithm(state, "beam_search", {{"n", 64}, {"beam_width", 4}});
}
BENCHMARK(BM_BeamSearch)->Unit(benchmark::kMillisecond);

// The zero-cost scorer is uninformative, so A* searches breadth-first: its budget
// ends it after as many nodes as the beam search above expands.
void BM_AStar(benchmark::State& state) {
  RunAlgorithm(state, "a_star", {{"k", 4}, {"batch_size", static_cast<int>(state.range(0))}},
               {.max_expansions = 64 * kDepth});
}
BENCHMARK(BM_AStar)->Arg(1)->Arg(16)->Unit(benchmark::kMillisecond);

void BM_Dvts(benchmark::State& state) {
  RunAlgorithm(state, "dvts", {{"n", 64}, {"beam_width", 4}});
}
BENCHMARK(BM_Dvts)->Unit(benchmark::kMillisecond);

void BM_DiverseBeamSearch(benchmark::State& state) {
  RunAlgorithm(state, "diverse_beam_search",
               {{"beam_width", 16}, {"groups", 4}, {"samples_per_beam", 4}});
}
BENCHMARK(BM_DiverseBeamSearch)->Unit(benchmark::kMillisecond);

void BM_ParticleFiltering(benchmark::State& state) {
  RunAlgorithm(state, "particle_filtering", {{"n", 64}});
}
BENCHMARK(BM_ParticleFiltering)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace ponder

BENCHMARK_MAIN();
