// Math grading throughput on MATH500 (../shared/data/math500/test.jsonl): answers
// graded per second, against an exact string comparison measured in the same run.
//
//   build/bench/verifiers/bench_math_grading --benchmark_min_time=2
#include <benchmark/benchmark.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "verifiers/math/answer_check.h"
#include "verifiers/math/final_answer.h"
#include "verifiers/math/latex_normalizer.h"
#include "verifiers/math/math_grader.h"

namespace ponder::math {
namespace {

struct Pair {
  std::string answer;  // the box of the reference solution
  std::string reference;
  std::string solution;
};

const std::vector<Pair>& Math500() {
  static const std::vector<Pair> pairs = [] {
    std::vector<Pair> out;
    std::ifstream in(std::string(PONDER_SHARED_DIR) + "/data/math500/test.jsonl");
    for (std::string line; std::getline(in, line);) {
      const auto j = nlohmann::json::parse(line);
      const std::string solution = j.at("solution").get<std::string>();
      out.push_back({std::string(LastBoxed(solution).value_or("")),
                     j.at("answer").get<std::string>(), solution});
    }
    return out;
  }();
  return pairs;
}

void SetItems(benchmark::State& state) {
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(Math500().size()));
}

// Baseline: the trivial grader, exact string equality.
void BM_StringEquality(benchmark::State& state) {
  for (auto _ : state) {
    int equal = 0;
    for (const Pair& p : Math500()) equal += p.answer == p.reference;
    benchmark::DoNotOptimize(equal);
  }
  SetItems(state);
}
BENCHMARK(BM_StringEquality);

// The first stage alone: normalising both sides.
void BM_NormalizeBoth(benchmark::State& state) {
  for (auto _ : state) {
    for (const Pair& p : Math500()) {
      benchmark::DoNotOptimize(NormalizeAnswer(p.answer));
      benchmark::DoNotOptimize(NormalizeAnswer(p.reference));
    }
  }
  SetItems(state);
}
BENCHMARK(BM_NormalizeBoth);

// A full grade: normalise, parse, evaluate and compare both sides.
void BM_CompareAnswers(benchmark::State& state) {
  const EquivalenceOptions options;
  for (auto _ : state) {
    int correct = 0;
    for (const Pair& p : Math500())
      correct += CompareAnswers(p.answer, p.reference, options)->equivalent;
    if (correct != 500) state.SkipWithError("a MATH500 answer graded false");
  }
  SetItems(state);
}
BENCHMARK(BM_CompareAnswers);

// What majority voting pays per sample: find the final answer in the full solution and
// print its canonical key.
void BM_ExtractCanonicalKey(benchmark::State& state) {
  const MathAnswerExtractor extractor;
  for (auto _ : state) {
    for (const Pair& p : Math500()) benchmark::DoNotOptimize(extractor.Extract(p.solution));
  }
  SetItems(state);
}
BENCHMARK(BM_ExtractCanonicalKey);

}  // namespace
}  // namespace ponder::math

BENCHMARK_MAIN();
