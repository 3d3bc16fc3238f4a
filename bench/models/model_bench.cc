// Model throughput and prefix sharing (docs/performance.md, "Models").
//
// 1. Copy bandwidth of this machine: memcpy of a 512 MiB buffer, counted as
//    STREAM counts "Copy" (bytes read + bytes written per second), best of 5.
// 2. A synthetic ~110M-parameter Llama (hidden 768, 12 layers, 12 heads,
//    intermediate 2048, vocabulary 32000, tied embeddings, float32 random
//    weights written by this program): prefill and decode tokens/s at batch 1
//    and 32, next to the memory-bandwidth bound (weight bytes read per decode
//    step / copy bandwidth; a step serves the whole batch), and next to a
//    ceiling measured on the same weight shapes: the bare matrix products of
//    one decode step (at::linear over every weight matrix, nothing else), which
//    is what the BLAS can do with these threads. Decode time is
//    Generate(1 + N tokens) minus Generate(1 token) on the same contexts; each
//    time is the best of 2 runs.
// 3. Padding: batch 32 decoding over contexts of 32 different lengths (8..132)
//    against 32 equal contexts of their mean length (70).
// 4. Prefix sharing: the search core's beam_search (N 16, beam width 4, 6 steps,
//    step delimiter ".", guided by the policy's likelihood) with LmPolicy over stories260K on
//    its 4 reference prompts, with the prefix cache on and off: prefill tokens
//    computed against the minimum (each prompt once, each expanded step once).
//
// Usage: model_bench [--threads N] [--steps N] [--section throughput|sharing|all]
// (defaults: 2 threads, 32 decode steps, all sections). Lines are printed as
// they are measured.
#include <ATen/ATen.h>
#include <ATen/Parallel.h>

#include <chrono>
#include <cstring>
#include <iomanip>
#include <iostream>
#include <string>
#include <vector>

#include "models/torch/torch_models.h"
#include "models/weights/random_checkpoint.h"
#include "policies/lm/lm_policy.h"
#include "tests/fakes/temp_dir.h"
#include "tests/support/likelihood_beam.h"

namespace ponder {
namespace {

using Clock = std::chrono::steady_clock;

double Seconds(Clock::time_point since) {
  return std::chrono::duration<double>(Clock::now() - since).count();
}

double CopyBandwidth() {
  constexpr size_t kBytes = size_t{512} << 20;
  std::vector<char> a(kBytes, 1), b(kBytes, 2);
  double best = 0;
  for (int rep = 0; rep < 5; ++rep) {
    const auto start = Clock::now();
    std::memcpy(b.data(), a.data(), kBytes);
    best = std::max(best, 2.0 * kBytes / Seconds(start));
    std::swap(a, b);
  }
  return best;
}

ModelConfig BenchConfig() {
  ModelConfig c;
  c.architecture = "LlamaForCausalLM";
  c.vocab_size = 32000;
  c.hidden_size = 768;
  c.intermediate_size = 2048;
  c.num_layers = 12;
  c.num_heads = 12;
  c.num_kv_heads = 12;
  c.head_dim = 64;
  c.max_position_embeddings = 2048;
  c.rms_norm_eps = 1e-5;
  c.tie_word_embeddings = true;
  return c;
}

int64_t ParameterCount(const ModelConfig& c) {
  const int64_t h = c.hidden_size, q = c.num_heads * c.head_dim, kv = c.num_kv_heads * c.head_dim;
  const int64_t layer = h * (q + 2 * kv) + q * h + 3 * h * c.intermediate_size + 2 * h;
  return c.vocab_size * h + c.num_layers * layer + h;
}

// Tokens/s of the bare matrix products of one decode step at `rows` rows: every
// weight matrix of `c` (q/k/v and gate/up fused, as the decoder fuses them) applied once.
double BareMatmulTokensPerSecond(const ModelConfig& c, int64_t rows, int threads) {
  at::set_num_threads(threads);
  c10::InferenceMode inference;
  const int64_t h = c.hidden_size, q = c.num_heads * c.head_dim, kv = c.num_kv_heads * c.head_dim;
  std::vector<at::Tensor> weights;
  for (int64_t l = 0; l < c.num_layers; ++l) {
    weights.push_back(at::randn({q + 2 * kv, h}));
    weights.push_back(at::randn({h, q}));
    weights.push_back(at::randn({2 * c.intermediate_size, h}));
    weights.push_back(at::randn({h, c.intermediate_size}));
  }
  weights.push_back(at::randn({c.vocab_size, h}));
  double best = 1e30;
  for (int rep = 0; rep < 5; ++rep) {
    const auto start = Clock::now();
    for (const at::Tensor& w : weights) at::linear(at::ones({rows, w.size(1)}), w);
    best = std::min(best, Seconds(start));
  }
  return static_cast<double>(rows) / best;
}

std::vector<GenerateRequest> Contexts(const std::vector<int>& lengths, int max_tokens) {
  std::vector<GenerateRequest> requests(lengths.size());
  for (size_t i = 0; i < lengths.size(); ++i) {
    for (int t = 0; t < lengths[i]; ++t) {
      requests[i].context.push_back(static_cast<int32_t>((i * 7919 + t * 104729) % 32000));
    }
    requests[i].sampling.temperature = 0;
    requests[i].sampling.max_tokens = max_tokens;
  }
  return requests;
}

// Best-of-2 wall time of one Generate call.
double TimeGenerate(LanguageModel& model, const std::vector<GenerateRequest>& requests) {
  double best = 1e30;
  for (int rep = 0; rep < 2; ++rep) {
    const auto start = Clock::now();
    auto results = model.Generate(requests);
    best = std::min(best, Seconds(start));
    PONDER_CHECK(results[0].ok()) << results[0].status().ToString();
  }
  return best;
}

double DecodeTokensPerSecond(LanguageModel& model, const std::vector<int>& lengths, int steps) {
  const double one = TimeGenerate(model, Contexts(lengths, 1));
  const double many = TimeGenerate(model, Contexts(lengths, 1 + steps));
  return static_cast<double>(lengths.size()) * steps / (many - one);
}

void ThroughputSection(int threads, int steps, double bandwidth) {
  testing::TempDir dir;
  const ModelConfig config = BenchConfig();
  auto written = WriteRandomCheckpoint(dir.path(), config, {.seed = 1, .stddev = 0.02});
  PONDER_CHECK(written.ok()) << written.status().ToString();
  auto model = LoadTorchLanguageModel(dir.path(), {.threads = threads, .kv_cache_mb = 0}, nullptr);
  PONDER_CHECK(model.ok()) << model.status().ToString();
  const int64_t params = ParameterCount(config);
  const double weight_bytes = 4.0 * static_cast<double>(params);
  std::cout << "\nsynthetic Llama: " << params / 1e6 << "M parameters, " << weight_bytes / 1e6
            << " MB of float32 weights read per decode step\n\n";
  std::cout
      << "| phase | batch | tokens/s | bandwidth bound | fraction | bare matmuls | fraction |\n"
      << "| --- | --- | --- | --- | --- | --- | --- |" << std::endl;
  for (int batch : {1, 32}) {
    const std::vector<int> prompt(static_cast<size_t>(batch), 64);
    const double prefill = batch * 64.0 / TimeGenerate(**model, Contexts(prompt, 1));
    std::cout << "| prefill (64-token prompts) | " << batch << " | " << prefill << " | | | | |"
              << std::endl;
  }
  for (int batch : {1, 32}) {
    const double decode =
        DecodeTokensPerSecond(**model, std::vector<int>(static_cast<size_t>(batch), 16), steps);
    const double bound = batch * bandwidth / weight_bytes;
    const double bare = BareMatmulTokensPerSecond(config, batch, threads);
    std::cout << "| decode (16-token prompts) | " << batch << " | " << decode << " | " << bound
              << " | " << decode / bound << " | " << bare << " | " << decode / bare << " |"
              << std::endl;
  }
  std::vector<int> mixed;
  for (int i = 0; i < 32; ++i) mixed.push_back(8 + 4 * i);
  const double unequal = DecodeTokensPerSecond(**model, mixed, steps);
  const double equal = DecodeTokensPerSecond(**model, std::vector<int>(32, 70), steps);
  std::cout << "\npadding: batch 32 decode, lengths 8..132: " << unequal
            << " tokens/s; 32 x 70: " << equal << " tokens/s; ratio " << unequal / equal
            << std::endl;
}

void PrefixSharingSection(int threads) {
  const std::filesystem::path stories =
      std::filesystem::path(PONDER_SHARED_DIR) / "models/stories260K";
  std::shared_ptr<const Tokenizer> tokenizer = *LoadTokenizer(stories);
  std::cout << "\nprefix sharing, beam_search over stories260K (N 16, beam width 4, 6 steps):\n\n"
            << "| cache | prefill computed | reused | minimum | computed / minimum | seconds |\n"
            << "| --- | --- | --- | --- | --- | --- |\n";
  for (double cache_mb : {64.0, 0.0}) {
    auto model =
        LoadTorchLanguageModel(stories, {.threads = threads, .kv_cache_mb = cache_mb}, tokenizer);
    LmPolicyOptions options;
    options.step_delimiter = ".";
    auto policy = LmPolicy::Create(**model, *tokenizer, options, stories);
    PONDER_CHECK(policy.ok()) << policy.status().ToString();
    int64_t computed = 0, reused = 0, minimum = 0;
    const auto start = Clock::now();
    for (const char* prompt : {"Once upon a time", "Lily and Tom", "The cat", ""}) {
      Problem problem{.id = prompt, .prompt = prompt, .attributes = {}};
      SearchSetup setup{.problem = &problem, .policy = policy->get(), .seed = 11};
      setup.options.sampling.max_tokens = 48;
      const auto prompt_tokens = static_cast<int64_t>(tokenizer->Encode(prompt)->size()) + 1;
      auto result = testing::RunLikelihoodBeam(
          setup, {.n = 16, .beam_width = 4, .max_steps = 6}, [&](const Tree& tree) {
            for (const Node& n : tree.nodes()) {
              if (!n.children.empty()) {
                minimum +=
                    n.id == kRootNode ? prompt_tokens : static_cast<int64_t>(n.tokens.size());
              }
            }
          });
      PONDER_CHECK(result.ok()) << result.status().ToString();
      computed += result->usage.prefill_tokens;
      reused += result->usage.reused_prefill_tokens;
    }
    std::cout << "| " << (cache_mb > 0 ? "on" : "off") << " | " << computed << " | " << reused
              << " | " << minimum << " | " << static_cast<double>(computed) / minimum << " | "
              << Seconds(start) << " |" << std::endl;
  }
}

}  // namespace
}  // namespace ponder

int main(int argc, char** argv) {
  int threads = 2, steps = 32;
  std::string section = "all";
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i];
    if (flag == "--threads") threads = std::stoi(argv[i + 1]);
    if (flag == "--steps") steps = std::stoi(argv[i + 1]);
    if (flag == "--section") section = argv[i + 1];
  }
  std::cout << std::fixed << std::setprecision(2);
  if (section == "all" || section == "throughput") {
    const double bandwidth = ponder::CopyBandwidth();
    std::cout << "copy bandwidth (STREAM convention, read + write): " << bandwidth / 1e9
              << " GB/s; threads " << threads << std::endl;
    ponder::ThroughputSection(threads, steps, bandwidth);
  }
  if (section == "all" || section == "sharing") ponder::PrefixSharingSection(threads);
  return 0;
}
