#include "models/weights/random_checkpoint.h"

#include <fstream>
#include <nlohmann/json.hpp>

#include "models/weights/decoder_layout.h"
#include "models/weights/safetensors_writer.h"
#include "search/base/rng.h"

namespace ponder {
namespace {

bool IsNormWeight(const std::string& name) {
  return name.ends_with("norm.weight") || name.ends_with("layernorm.weight");
}

float Rounded(float v, DType dtype) {
  switch (dtype) {
    case DType::kF32:
      return v;
    case DType::kF16:
      return HalfToFloat(FloatToHalf(v));
    case DType::kBF16:
      return BFloat16ToFloat(FloatToBFloat16(v));
  }
  return v;
}

}  // namespace

std::string ModelConfigJson(const ModelConfig& c) {
  nlohmann::ordered_json j;
  j["architectures"] = {c.architecture};
  j["model_type"] = std::string(ModelFamilyName(c.family));
  j["vocab_size"] = c.vocab_size;
  j["hidden_size"] = c.hidden_size;
  j["intermediate_size"] = c.intermediate_size;
  j["num_hidden_layers"] = c.num_layers;
  j["num_attention_heads"] = c.num_heads;
  j["num_key_value_heads"] = c.num_kv_heads;
  j["head_dim"] = c.head_dim;
  j["max_position_embeddings"] = c.max_position_embeddings;
  j["rms_norm_eps"] = c.rms_norm_eps;
  j["rope_theta"] = c.rope_theta;
  j["hidden_act"] = "silu";
  j["tie_word_embeddings"] = c.tie_word_embeddings;
  switch (c.rope_scaling.kind) {
    case RopeScaling::Kind::kNone:
      j["rope_scaling"] = nullptr;
      break;
    case RopeScaling::Kind::kLinear:
      j["rope_scaling"] = {{"rope_type", "linear"}, {"factor", c.rope_scaling.factor}};
      break;
    case RopeScaling::Kind::kLlama3:
      j["rope_scaling"] = {
          {"rope_type", "llama3"},
          {"factor", c.rope_scaling.factor},
          {"low_freq_factor", c.rope_scaling.low_freq_factor},
          {"high_freq_factor", c.rope_scaling.high_freq_factor},
          {"original_max_position_embeddings", c.rope_scaling.original_max_position_embeddings}};
      break;
  }
  if (c.family == ModelFamily::kLlama) {
    j["attention_bias"] = c.qkv_bias;
    j["mlp_bias"] = c.mlp_bias;
  }
  if (c.family == ModelFamily::kQwen3) j["attention_bias"] = c.qkv_bias;
  if (c.sliding_window) j["sliding_window"] = *c.sliding_window;
  if (c.head == ModelHead::kSequenceScore) j["num_labels"] = 1;
  if (c.bos_token_id) j["bos_token_id"] = *c.bos_token_id;
  if (!c.eos_token_ids.empty()) j["eos_token_id"] = c.eos_token_ids;
  if (c.torch_dtype) {
    j["torch_dtype"] = *c.torch_dtype == DType::kF32   ? "float32"
                       : *c.torch_dtype == DType::kF16 ? "float16"
                                                       : "bfloat16";
  }
  return j.dump(2);
}

StatusOr<WeightValues> WriteRandomCheckpoint(const std::filesystem::path& dir,
                                             const ModelConfig& config,
                                             const RandomCheckpointOptions& options) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  const std::string json = ModelConfigJson(config);
  {
    std::ofstream out(dir / "config.json");
    out << json;
    if (!out) return InternalError((dir / "config.json").string() + ": could not write");
  }
  // The tensors follow the config as it will be read back (family defaults such as
  // Qwen2's q/k/v bias apply), so the folder always loads.
  PONDER_ASSIGN_OR_RETURN(const ModelConfig written, ParseModelConfig(json, "config.json"));
  Rng rng(options.seed);
  WeightValues kept;
  std::vector<TensorToWrite> tensors;
  std::vector<float> values;
  for (const ExpectedTensor& t : ExpectedDecoderTensors(written)) {
    int64_t numel = 1;
    for (int64_t d : t.shape) numel *= d;
    values.resize(static_cast<size_t>(numel));
    const double mean = IsNormWeight(t.name) ? 1.0 : 0.0;
    for (float& v : values) v = static_cast<float>(mean + options.stddev * rng.Normal());
    tensors.push_back(FloatTensor(t.name, t.shape, values, options.dtype));
    if (options.keep_values) {
      for (float& v : values) v = Rounded(v, options.dtype);
      kept[t.name] = values;
    }
  }
  PONDER_RETURN_IF_ERROR(WriteSafetensors(dir / "model.safetensors", tensors, {{"format", "pt"}}));
  return kept;
}

}  // namespace ponder
