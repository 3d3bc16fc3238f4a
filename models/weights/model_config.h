// ModelConfig: a decoder's hyper-parameters, read from a Hugging Face
// config.json (and generation_config.json when present).
//
// Supported `architectures` (the first entry decides):
//   LlamaForCausalLM    Llama 2 and 3 (rope_scaling "llama3" or "linear"),
//                       optional attention_bias / mlp_bias
//   MistralForCausalLM  as Llama, with an optional sliding attention window
//   Qwen2ForCausalLM    q/k/v projections with bias
//   Qwen3ForCausalLM    RMSNorm over each head's q and k (q_norm, k_norm)
//   Qwen2ForProcessRewardModel          Qwen2 trunk + two-class head score.0/score.2
//   {Llama,Mistral,Qwen2,Qwen3}ForSequenceClassification with num_labels 1:
//                       the trunk + a scalar head score.weight (value models)
// Anything else, and any setting ponder cannot honour (another hidden_act, a
// rope_scaling type other than llama3/linear, Qwen's use_sliding_window), is
// an error that names config.json and the field. Thread-safety: plain value.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "models/weights/dtype.h"
#include "search/base/status.h"

namespace ponder {

enum class ModelFamily : uint8_t { kLlama, kMistral, kQwen2, kQwen3 };

// What sits on top of the decoder trunk.
enum class ModelHead : uint8_t {
  kCausalLm,       // lm_head (or the tied embedding): next-token logits
  kProcessReward,  // Qwen2.5-Math-PRM: score.0 (hidden->hidden), ReLU, score.2 (hidden->2)
  kSequenceScore,  // *ForSequenceClassification, num_labels 1: score.weight (hidden->1)
};

struct RopeScaling {
  enum class Kind : uint8_t { kNone, kLinear, kLlama3 };
  Kind kind = Kind::kNone;
  double factor = 1.0;
  double low_freq_factor = 1.0;                     // llama3
  double high_freq_factor = 4.0;                    // llama3
  int64_t original_max_position_embeddings = 8192;  // llama3
};

struct ModelConfig {
  std::string architecture;  // as config.json names it
  ModelFamily family = ModelFamily::kLlama;
  ModelHead head = ModelHead::kCausalLm;

  int64_t vocab_size = 0;
  int64_t hidden_size = 0;
  int64_t intermediate_size = 0;
  int64_t num_layers = 0;
  int64_t num_heads = 0;
  int64_t num_kv_heads = 0;
  int64_t head_dim = 0;
  int64_t max_position_embeddings = 0;
  double rms_norm_eps = 1e-6;
  double rope_theta = 10000.0;
  RopeScaling rope_scaling;
  std::optional<int64_t> sliding_window;  // Mistral: attend to at most this many positions

  bool tie_word_embeddings = false;
  bool qkv_bias = false;  // q_proj/k_proj/v_proj.bias (Qwen2; Llama attention_bias)
  bool o_bias = false;    // o_proj.bias (Llama attention_bias)
  bool mlp_bias = false;  // gate/up/down_proj.bias (Llama mlp_bias)
  bool qk_norm = false;   // q_norm/k_norm.weight (Qwen3)

  std::optional<DType> torch_dtype;  // the dtype the checkpoint was saved in, if stated
  std::optional<int32_t> bos_token_id;
  // End-of-sequence ids: generation_config.json's when it has them, else config.json's.
  std::vector<int32_t> eos_token_ids;
};

// Parses config.json text; `source` names it in errors.
StatusOr<ModelConfig> ParseModelConfig(std::string_view json_text, const std::string& source);

// Reads dir/config.json, then dir/generation_config.json if present (its
// eos_token_id / bos_token_id take precedence, as in Hugging Face generate).
StatusOr<ModelConfig> LoadModelConfig(const std::filesystem::path& dir);

std::string_view ModelFamilyName(ModelFamily family);

}  // namespace ponder
