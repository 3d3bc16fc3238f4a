// Tokenizer throughput: encoding MATH500's 500 problem statements (each one
// Encode call, as a policy encodes prompts) with GPT-2 and Qwen3, with the word
// cache (the default) and without it (every word goes through the BPE merge
// loop: the baseline). BM_LongWord encodes one unbroken word of growing length
// with the SentencePiece-converted stories260K tokenizer (no pre-tokenizer, so
// the whole text is one BPE word): steady bytes/s across lengths shows the
// merge loop is not quadratic. Counters: bytes_per_second (MB/s) and tokens/s.
#include <benchmark/benchmark.h>

#include <fstream>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "models/tokenizer/hf_tokenizer.h"

namespace ponder {
namespace {

const std::vector<std::string>& Math500Problems() {
  static const std::vector<std::string> problems = [] {
    std::vector<std::string> out;
    std::ifstream in(std::string(PONDER_SHARED_DIR) + "/data/math500/test.jsonl");
    for (std::string line; std::getline(in, line);) {
      if (!line.empty()) out.push_back(nlohmann::json::parse(line)["problem"]);
    }
    return out;
  }();
  return problems;
}

std::unique_ptr<tokenizer::HfTokenizer> Load(const std::string& relative, int64_t cache) {
  tokenizer::HfTokenizerOptions options;
  options.word_cache_capacity = cache;
  auto loaded =
      tokenizer::HfTokenizer::FromFile(std::string(PONDER_SHARED_DIR) + "/" + relative, options);
  if (!loaded.ok()) return nullptr;
  return *std::move(loaded);
}

void EncodeMath500(benchmark::State& state, const std::string& tokenizer_json, int64_t cache) {
  const auto tokenizer = Load(tokenizer_json, cache);
  const auto& problems = Math500Problems();
  if (tokenizer == nullptr || problems.empty()) {
    state.SkipWithError("cannot load the tokenizer or ../shared/data/math500/test.jsonl");
    return;
  }
  int64_t bytes = 0;
  int64_t tokens = 0;
  for (auto _ : state) {
    for (const std::string& problem : problems) {
      auto ids = tokenizer->Encode(problem);
      if (!ids.ok()) {
        state.SkipWithError(ids.status().ToString().c_str());
        return;
      }
      bytes += static_cast<int64_t>(problem.size());
      tokens += static_cast<int64_t>(ids->size());
      benchmark::DoNotOptimize(ids->data());
    }
  }
  state.SetBytesProcessed(bytes);
  state.counters["tokens/s"] =
      benchmark::Counter(static_cast<double>(tokens), benchmark::Counter::kIsRate);
  state.counters["tokens/problem_set"] =
      static_cast<double>(tokens) / static_cast<double>(state.iterations());
}

void BM_Gpt2(benchmark::State& state) {
  EncodeMath500(state, "tokenizers/gpt2/tokenizer.json", state.range(0));
}
void BM_Qwen3(benchmark::State& state) {
  EncodeMath500(state, "tokenizers/qwen3/tokenizer.json", state.range(0));
}
// Argument: word cache capacity (0 = baseline without the cache).
BENCHMARK(BM_Gpt2)->ArgName("cache")->Arg(10000)->Arg(0)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Qwen3)->ArgName("cache")->Arg(10000)->Arg(0)->Unit(benchmark::kMillisecond);

void BM_LongWord(benchmark::State& state) {
  const auto tokenizer = Load("models/stories260K/tokenizer.json", 0);
  if (tokenizer == nullptr) {
    state.SkipWithError("cannot load stories260K's tokenizer.json");
    return;
  }
  // Story text with its spaces: the normalizer turns them into "▁", leaving one long word.
  const std::string sentence = "Once upon a time, there was a little girl named Lily. ";
  std::string text;
  while (text.size() < static_cast<size_t>(state.range(0))) text += sentence;
  text.resize(static_cast<size_t>(state.range(0)));
  int64_t tokens = 0;
  for (auto _ : state) {
    auto ids = tokenizer->Encode(text);
    tokens += static_cast<int64_t>(ids->size());
    benchmark::DoNotOptimize(ids->data());
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) *
                          static_cast<int64_t>(text.size()));
  state.counters["tokens/s"] =
      benchmark::Counter(static_cast<double>(tokens), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_LongWord)
    ->ArgName("bytes")
    ->Arg(1 << 10)
    ->Arg(1 << 13)
    ->Arg(1 << 16)
    ->Arg(1 << 18)
    ->Arg(1 << 20);

}  // namespace
}  // namespace ponder

BENCHMARK_MAIN();
