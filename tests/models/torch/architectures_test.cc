// Every supported architecture on tiny random checkpoints, against the float64
// ReferenceDecoder: full-sequence logits, and cached batched decoding.
#include <gtest/gtest.h>

#include <cmath>

#include "models/core/sampler.h"
#include "models/torch/torch_models.h"
#include "search/base/rng.h"
#include "tests/models/torch/tiny_models.h"

namespace ponder {
namespace {

using testing::Matrix;
using testing::TinyConfig;
using testing::TinyModel;
using testing::WriteTinyModel;

struct Variant {
  std::string name;
  ModelConfig config;
  DType stored = DType::kF32;
};

std::vector<Variant> Variants() {
  std::vector<Variant> v;
  {
    ModelConfig c = TinyConfig();
    c.tie_word_embeddings = false;
    c.rope_scaling = {.kind = RopeScaling::Kind::kLlama3,
                      .factor = 4,
                      .low_freq_factor = 1,
                      .high_freq_factor = 4,
                      .original_max_position_embeddings = 16};
    v.push_back({"LlamaUntiedLlama3Rope", c});
  }
  {
    ModelConfig c = TinyConfig();
    c.tie_word_embeddings = true;
    c.qkv_bias = c.o_bias = c.mlp_bias = true;  // attention_bias and mlp_bias
    c.rope_scaling = {.kind = RopeScaling::Kind::kLinear, .factor = 2};
    v.push_back({"LlamaBiasesLinearRope", c});
  }
  {
    ModelConfig c = TinyConfig("Qwen2ForCausalLM");
    c.family = ModelFamily::kQwen2;
    c.tie_word_embeddings = true;
    c.rope_theta = 1e6;
    v.push_back({"Qwen2QkvBias", c});
  }
  {
    ModelConfig c = TinyConfig("Qwen3ForCausalLM");
    c.family = ModelFamily::kQwen3;
    c.head_dim = 16;  // not hidden / heads, as in real Qwen3 configs
    v.push_back({"Qwen3QkNorm", c});
  }
  {
    ModelConfig c = TinyConfig("MistralForCausalLM");
    c.family = ModelFamily::kMistral;
    c.sliding_window = 5;
    c.num_kv_heads = 1;
    v.push_back({"MistralSlidingWindow", c});
  }
  v.push_back({"LlamaBf16Weights", TinyConfig(), DType::kBF16});
  v.push_back({"LlamaF16Weights", TinyConfig(), DType::kF16});
  return v;
}

TokenIds RandomTokens(size_t n, uint64_t seed, int64_t vocab = 64) {
  Rng rng(seed);
  TokenIds t;
  for (size_t i = 0; i < n; ++i) t.push_back(static_cast<int32_t>(rng.UniformInt(vocab)));
  return t;
}

std::unique_ptr<LanguageModel> Load(const TinyModel& m, const TorchModelOptions& options = {}) {
  auto model = LoadTorchLanguageModel(m.dir.path(), options, nullptr);
  PONDER_CHECK(model.ok()) << model.status().ToString();
  return std::move(*model);
}

double LogSoftmaxAt(const std::vector<double>& logits, int32_t token) {
  double max = logits[0];
  for (double l : logits) max = std::max(max, l);
  double z = 0;
  for (double l : logits) z += std::exp(l - max);
  return logits[token] - max - std::log(z);
}

class ArchitectureTest : public ::testing::TestWithParam<Variant> {};

TEST_P(ArchitectureTest, LogitsMatchTheFloat64Reference) {
  auto tiny = WriteTinyModel(GetParam().config, 7, GetParam().stored);
  auto model = Load(*tiny);
  const TokenIds tokens = RandomTokens(20, 3);
  auto logits = model->PositionLogits(tokens);
  ASSERT_TRUE(logits.ok()) << logits.status().ToString();
  const Matrix ref = tiny->Reference().Logits(tokens);
  double max_diff = 0, max_logit = 0;
  for (size_t p = 0; p < tokens.size(); ++p) {
    for (size_t v = 0; v < 64; ++v) {
      max_diff = std::max(max_diff, std::fabs((*logits)[p * 64 + v] - ref[p][v]));
      max_logit = std::max(max_logit, std::fabs(ref[p][v]));
    }
  }
  EXPECT_GT(max_logit, 1.0) << "the logits should not be trivially small";
  EXPECT_LT(max_diff, 2e-4) << "largest |logit| " << max_logit;
}

TEST_P(ArchitectureTest, CachedBatchedDecodingMatchesTheReference) {
  auto tiny = WriteTinyModel(GetParam().config, 11, GetParam().stored);
  const testing::ReferenceDecoder ref = tiny->Reference();
  // The whole context in one pass, and in passes of 4 tokens (rows end in different passes).
  for (int chunk : {512, 4}) {
    SCOPED_TRACE("prefill_chunk " + std::to_string(chunk));
    auto model = Load(*tiny, {.prefill_chunk = chunk});
    // Contexts of different lengths in one batch, one of them forked into samples.
    std::vector<GenerateRequest> requests(3);
    const size_t lengths[] = {3, 9, 6};
    for (size_t i = 0; i < requests.size(); ++i) {
      requests[i].context = RandomTokens(lengths[i], 20 + i);
      requests[i].sampling.max_tokens = 8;
      requests[i].sampling.temperature = i == 1 ? 1.0 : 0.0;
      requests[i].n = i == 1 ? 3 : 1;
      requests[i].seed = 5;
    }
    auto results = model->Generate(requests);
    for (size_t i = 0; i < requests.size(); ++i) {
      ASSERT_TRUE(results[i].ok()) << results[i].status().ToString();
      for (const Continuation& c : results[i]->continuations) {
        ASSERT_EQ(c.tokens.size(), 8u);
        TokenIds all = requests[i].context;
        all.insert(all.end(), c.tokens.begin(), c.tokens.end());
        const Matrix logits = ref.Logits(all);
        for (size_t t = 0; t < c.tokens.size(); ++t) {
          const std::vector<double>& row = logits[requests[i].context.size() - 1 + t];
          EXPECT_NEAR(c.logprobs[t], LogSoftmaxAt(row, c.tokens[t]), 2e-4) << "request " << i;
          if (requests[i].sampling.temperature == 0) {
            EXPECT_EQ(c.tokens[t], std::max_element(row.begin(), row.end()) - row.begin());
          }
        }
      }
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Families, ArchitectureTest, ::testing::ValuesIn(Variants()),
                         [](const auto& info) { return info.param.name; });

TEST(ArchitectureBf16Test, BFloat16ComputeStaysCloseToTheReference) {
  ModelConfig c = TinyConfig("Qwen2ForCausalLM");
  c.family = ModelFamily::kQwen2;
  auto tiny = WriteTinyModel(c, 13, DType::kBF16);
  auto model = Load(*tiny, {.dtype = "bfloat16"});
  const TokenIds tokens = RandomTokens(16, 4);
  auto logits = model->PositionLogits(tokens);
  ASSERT_TRUE(logits.ok()) << logits.status().ToString();
  const Matrix ref = tiny->Reference().Logits(tokens);
  // bfloat16 keeps 8 bits of mantissa: compare the error to the logits' scale.
  double err = 0, norm = 0;
  for (size_t p = 0; p < tokens.size(); ++p) {
    for (size_t v = 0; v < 64; ++v) {
      err += std::pow((*logits)[p * 64 + v] - ref[p][v], 2);
      norm += std::pow(ref[p][v], 2);
    }
  }
  EXPECT_LT(std::sqrt(err / norm), 3e-2);
  // And a float32 run of the same weights is far closer: the dtype is really in effect.
  auto f32 = Load(*tiny);
  auto f32_logits = f32->PositionLogits(tokens);
  double f32_err = 0;
  for (size_t p = 0; p < tokens.size(); ++p) {
    for (size_t v = 0; v < 64; ++v) f32_err += std::pow((*f32_logits)[p * 64 + v] - ref[p][v], 2);
  }
  EXPECT_LT(f32_err * 100, err);
}

}  // namespace
}  // namespace ponder
