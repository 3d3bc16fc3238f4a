#include "models/weights/model_config.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "models/weights/random_checkpoint.h"
#include "tests/fakes/temp_dir.h"

namespace ponder {
namespace {

using ::testing::HasSubstr;

const std::filesystem::path kStories =
    std::filesystem::path(PONDER_SHARED_DIR) / "models/stories260K";

// Llama-3.2-1B-Instruct's config.json, as published.
constexpr const char* kLlama32Config = R"({
  "architectures": ["LlamaForCausalLM"], "attention_bias": false, "attention_dropout": 0.0,
  "bos_token_id": 128000, "eos_token_id": [128001, 128008, 128009], "head_dim": 64,
  "hidden_act": "silu", "hidden_size": 2048, "initializer_range": 0.02,
  "intermediate_size": 8192, "max_position_embeddings": 131072, "mlp_bias": false,
  "model_type": "llama", "num_attention_heads": 32, "num_hidden_layers": 16,
  "num_key_value_heads": 8, "pretraining_tp": 1, "rms_norm_eps": 1e-05,
  "rope_scaling": {"factor": 32.0, "high_freq_factor": 4.0, "low_freq_factor": 1.0,
                   "original_max_position_embeddings": 8192, "rope_type": "llama3"},
  "rope_theta": 500000.0, "tie_word_embeddings": true, "torch_dtype": "bfloat16",
  "transformers_version": "4.45.0.dev0", "use_cache": true, "vocab_size": 128256})";

// Qwen2.5-Math-1.5B-Instruct's config.json, as published.
constexpr const char* kQwen25MathConfig = R"({
  "architectures": ["Qwen2ForCausalLM"], "attention_dropout": 0.0, "bos_token_id": 151643,
  "eos_token_id": 151645, "hidden_act": "silu", "hidden_size": 1536,
  "initializer_range": 0.02, "intermediate_size": 8960, "max_position_embeddings": 4096,
  "max_window_layers": 21, "model_type": "qwen2", "num_attention_heads": 12,
  "num_hidden_layers": 28, "num_key_value_heads": 2, "rms_norm_eps": 1e-06,
  "rope_theta": 10000, "sliding_window": 4096, "tie_word_embeddings": true,
  "torch_dtype": "bfloat16", "use_cache": true, "use_sliding_window": false,
  "vocab_size": 151936})";

// Qwen3-0.6B's config.json (abridged to the fields that matter).
constexpr const char* kQwen3Config = R"({
  "architectures": ["Qwen3ForCausalLM"], "attention_bias": false, "bos_token_id": 151643,
  "eos_token_id": 151645, "head_dim": 128, "hidden_act": "silu", "hidden_size": 1024,
  "intermediate_size": 3072, "max_position_embeddings": 40960, "model_type": "qwen3",
  "num_attention_heads": 16, "num_hidden_layers": 28, "num_key_value_heads": 8,
  "rms_norm_eps": 1e-06, "rope_scaling": null, "rope_theta": 1000000,
  "sliding_window": null, "tie_word_embeddings": true, "use_sliding_window": false,
  "vocab_size": 151936})";

// math-shepherd-mistral-7b-prm's config.json (a Mistral causal LM).
constexpr const char* kMistralConfig = R"({
  "architectures": ["MistralForCausalLM"], "bos_token_id": 1, "eos_token_id": 2,
  "hidden_act": "silu", "hidden_size": 4096, "intermediate_size": 14336,
  "max_position_embeddings": 32768, "model_type": "mistral", "num_attention_heads": 32,
  "num_hidden_layers": 32, "num_key_value_heads": 8, "rms_norm_eps": 1e-05,
  "rope_theta": 10000.0, "sliding_window": 4096, "tie_word_embeddings": false,
  "torch_dtype": "bfloat16", "vocab_size": 32000})";

// Qwen2.5-Math-PRM-7B's config.json (abridged).
constexpr const char* kQwenPrmConfig = R"({
  "architectures": ["Qwen2ForProcessRewardModel"], "bos_token_id": 151643,
  "eos_token_id": 151645, "hidden_act": "silu", "hidden_size": 3584,
  "intermediate_size": 18944, "max_position_embeddings": 4096, "model_type": "qwen2",
  "num_attention_heads": 28, "num_hidden_layers": 28, "num_key_value_heads": 4,
  "rms_norm_eps": 1e-06, "rope_theta": 10000.0, "tie_word_embeddings": false,
  "use_sliding_window": false, "vocab_size": 152064})";

ModelConfig Parse(const std::string& json) {
  auto config = ParseModelConfig(json, "config.json");
  PONDER_CHECK(config.ok()) << config.status().ToString();
  return *config;
}

std::string ParseError(const std::string& json) {
  auto config = ParseModelConfig(json, "some/config.json");
  return config.ok() ? "(parsed)" : config.status().message();
}

// kLlama32Config with `key` replaced by `value` (a JSON literal).
std::string LlamaWith(const std::string& key, const std::string& value) {
  nlohmann::json j = nlohmann::json::parse(kLlama32Config);
  j[key] = nlohmann::json::parse(value);
  return j.dump();
}

TEST(ModelConfigTest, ReadsStories260K) {
  auto config = LoadModelConfig(kStories);
  ASSERT_TRUE(config.ok()) << config.status().ToString();
  EXPECT_EQ(config->architecture, "LlamaForCausalLM");
  EXPECT_EQ(config->family, ModelFamily::kLlama);
  EXPECT_EQ(config->head, ModelHead::kCausalLm);
  EXPECT_EQ(config->vocab_size, 512);
  EXPECT_EQ(config->hidden_size, 64);
  EXPECT_EQ(config->intermediate_size, 172);
  EXPECT_EQ(config->num_layers, 5);
  EXPECT_EQ(config->num_heads, 8);
  EXPECT_EQ(config->num_kv_heads, 4);
  EXPECT_EQ(config->head_dim, 8);
  EXPECT_EQ(config->max_position_embeddings, 512);
  EXPECT_DOUBLE_EQ(config->rms_norm_eps, 1e-5);
  EXPECT_DOUBLE_EQ(config->rope_theta, 10000.0);
  EXPECT_EQ(config->rope_scaling.kind, RopeScaling::Kind::kNone);
  EXPECT_TRUE(config->tie_word_embeddings);
  EXPECT_FALSE(config->qkv_bias || config->o_bias || config->mlp_bias || config->qk_norm);
  EXPECT_EQ(config->bos_token_id, 1);
  EXPECT_EQ(config->eos_token_ids, (std::vector<int32_t>{2}));
  EXPECT_EQ(config->torch_dtype, DType::kF32);
}

TEST(ModelConfigTest, ReadsLlama3RopeScalingAndEosLists) {
  ModelConfig c = Parse(kLlama32Config);
  EXPECT_EQ(c.rope_scaling.kind, RopeScaling::Kind::kLlama3);
  EXPECT_DOUBLE_EQ(c.rope_scaling.factor, 32.0);
  EXPECT_DOUBLE_EQ(c.rope_scaling.low_freq_factor, 1.0);
  EXPECT_DOUBLE_EQ(c.rope_scaling.high_freq_factor, 4.0);
  EXPECT_EQ(c.rope_scaling.original_max_position_embeddings, 8192);
  EXPECT_DOUBLE_EQ(c.rope_theta, 500000.0);
  EXPECT_EQ(c.head_dim, 64);
  EXPECT_EQ(c.num_kv_heads, 8);
  EXPECT_EQ(c.eos_token_ids, (std::vector<int32_t>{128001, 128008, 128009}));
  EXPECT_EQ(c.torch_dtype, DType::kBF16);
}

TEST(ModelConfigTest, ReadsEachFamilysSpecialFeatures) {
  ModelConfig qwen2 = Parse(kQwen25MathConfig);
  EXPECT_EQ(qwen2.family, ModelFamily::kQwen2);
  EXPECT_TRUE(qwen2.qkv_bias);
  EXPECT_FALSE(qwen2.o_bias);
  EXPECT_FALSE(qwen2.sliding_window.has_value()) << "use_sliding_window is false";
  EXPECT_EQ(qwen2.head_dim, 128);

  ModelConfig qwen3 = Parse(kQwen3Config);
  EXPECT_EQ(qwen3.family, ModelFamily::kQwen3);
  EXPECT_TRUE(qwen3.qk_norm);
  EXPECT_FALSE(qwen3.qkv_bias);
  EXPECT_EQ(qwen3.head_dim, 128) << "head_dim is explicit, not hidden/heads (64)";

  ModelConfig mistral = Parse(kMistralConfig);
  EXPECT_EQ(mistral.family, ModelFamily::kMistral);
  EXPECT_EQ(mistral.sliding_window, 4096);
  EXPECT_FALSE(mistral.tie_word_embeddings);

  ModelConfig prm = Parse(kQwenPrmConfig);
  EXPECT_EQ(prm.head, ModelHead::kProcessReward);
  EXPECT_EQ(prm.family, ModelFamily::kQwen2);

  nlohmann::json value = nlohmann::json::parse(kQwen25MathConfig);
  value["architectures"] = {"Qwen2ForSequenceClassification"};
  value["num_labels"] = 1;
  EXPECT_EQ(Parse(value.dump()).head, ModelHead::kSequenceScore);
  value.erase("num_labels");
  value["id2label"] = {{"LABEL_0", 0}};
  EXPECT_EQ(Parse(value.dump()).head, ModelHead::kSequenceScore);
  value.erase("id2label");
  EXPECT_THAT(ParseError(value.dump()), HasSubstr("'num_labels' is 2"));
}

TEST(ModelConfigTest, FallsBackToModelTypeWithoutArchitectures) {
  nlohmann::json j = nlohmann::json::parse(kQwen3Config);
  j.erase("architectures");
  EXPECT_EQ(Parse(j.dump()).architecture, "Qwen3ForCausalLM");
}

TEST(ModelConfigTest, ErrorsNameTheFileAndTheField) {
  EXPECT_EQ(ParseError(LlamaWith("architectures", R"(["GPT2LMHeadModel"])")),
            "some/config.json: 'architectures' names 'GPT2LMHeadModel', which ponder does not "
            "load; it loads LlamaForCausalLM, MistralForCausalLM, Qwen2ForCausalLM, "
            "Qwen3ForCausalLM, Qwen2ForProcessRewardModel, LlamaForSequenceClassification, "
            "MistralForSequenceClassification, Qwen2ForSequenceClassification, "
            "Qwen3ForSequenceClassification");
  nlohmann::json j = nlohmann::json::parse(kLlama32Config);
  j.erase("hidden_size");
  EXPECT_EQ(ParseError(j.dump()), "some/config.json: 'hidden_size' is missing");
  EXPECT_EQ(ParseError(LlamaWith("num_hidden_layers", "\"16\"")),
            "some/config.json: 'num_hidden_layers' must be a positive integer, got \"16\"");
  EXPECT_EQ(ParseError(LlamaWith("num_key_value_heads", "5")),
            "some/config.json: 'num_key_value_heads' (5) must divide num_attention_heads (32)");
  EXPECT_THAT(ParseError(LlamaWith("hidden_act", "\"gelu\"")),
              HasSubstr("'hidden_act' is \"gelu\""));
  EXPECT_THAT(ParseError(LlamaWith("rope_scaling", R"({"rope_type": "yarn", "factor": 4})")),
              HasSubstr("'rope_scaling' has type 'yarn'"));
  EXPECT_THAT(ParseError(LlamaWith("rms_norm_eps", "-1")),
              HasSubstr("'rms_norm_eps' must be a positive number"));
  EXPECT_THAT(ParseError(LlamaWith("eos_token_id", "[1, \"x\"]")),
              HasSubstr("'eos_token_id' must be a token id or a list"));
  EXPECT_THAT(ParseError(LlamaWith("head_dim", "63")), HasSubstr("'head_dim' must be even"));
  nlohmann::json qwen = nlohmann::json::parse(kQwen25MathConfig);
  qwen["use_sliding_window"] = true;
  EXPECT_THAT(ParseError(qwen.dump()), HasSubstr("'use_sliding_window' is true"));
  EXPECT_EQ(ParseError("[]"), "some/config.json: not a JSON object");
}

TEST(ModelConfigTest, GenerationConfigEosOverridesConfigEos) {
  testing::TempDir dir;
  std::ofstream(dir.path() / "config.json") << kQwen25MathConfig;
  std::ofstream(dir.path() / "generation_config.json")
      << R"({"bos_token_id": 151643, "eos_token_id": [151645, 151643], "do_sample": true})";
  auto config = LoadModelConfig(dir.path());
  ASSERT_TRUE(config.ok()) << config.status().ToString();
  EXPECT_EQ(config->eos_token_ids, (std::vector<int32_t>{151645, 151643}));

  std::ofstream(dir.path() / "generation_config.json") << R"({"eos_token_id": "x"})";
  EXPECT_THAT(LoadModelConfig(dir.path()).status().message(),
              HasSubstr("generation_config.json: 'eos_token_id'"));
  testing::TempDir empty;
  EXPECT_EQ(LoadModelConfig(empty.path()).status().code(), StatusCode::kNotFound);
}

TEST(ModelConfigTest, ModelConfigJsonReadsBackToTheSameConfig) {
  for (const char* text :
       {kLlama32Config, kQwen25MathConfig, kQwen3Config, kMistralConfig, kQwenPrmConfig}) {
    const ModelConfig original = Parse(text);
    const ModelConfig again = Parse(ModelConfigJson(original));
    EXPECT_EQ(again.architecture, original.architecture);
    EXPECT_EQ(again.head, original.head);
    EXPECT_EQ(again.hidden_size, original.hidden_size);
    EXPECT_EQ(again.num_kv_heads, original.num_kv_heads);
    EXPECT_EQ(again.head_dim, original.head_dim);
    EXPECT_EQ(again.rope_scaling.kind, original.rope_scaling.kind);
    EXPECT_DOUBLE_EQ(again.rope_scaling.factor, original.rope_scaling.factor);
    EXPECT_EQ(again.sliding_window, original.sliding_window);
    EXPECT_EQ(again.qkv_bias, original.qkv_bias);
    EXPECT_EQ(again.qk_norm, original.qk_norm);
    EXPECT_EQ(again.tie_word_embeddings, original.tie_word_embeddings);
    EXPECT_EQ(again.eos_token_ids, original.eos_token_ids);
    EXPECT_EQ(again.torch_dtype, original.torch_dtype);
  }
}

}  // namespace
}  // namespace ponder
