#include "models/weights/decoder_layout.h"

namespace ponder {
namespace {

std::string ShapeString(const std::vector<int64_t>& shape) {
  std::string s = "[";
  for (size_t i = 0; i < shape.size(); ++i) s += (i ? ", " : "") + std::to_string(shape[i]);
  return s + "]";
}

// The config fields that decide a tensor's shape, for the error message.
std::string ShapeOrigin(const ModelConfig& c) {
  return "config.json: vocab_size " + std::to_string(c.vocab_size) + ", hidden_size " +
         std::to_string(c.hidden_size) + ", intermediate_size " +
         std::to_string(c.intermediate_size) + ", num_attention_heads " +
         std::to_string(c.num_heads) + ", num_key_value_heads " + std::to_string(c.num_kv_heads) +
         ", head_dim " + std::to_string(c.head_dim);
}

}  // namespace

std::string LayerTensorName(int64_t layer, std::string_view suffix) {
  return "model.layers." + std::to_string(layer) + "." + std::string(suffix);
}

std::vector<ExpectedTensor> ExpectedDecoderTensors(const ModelConfig& c) {
  const int64_t h = c.hidden_size;
  const int64_t q = c.num_heads * c.head_dim;
  const int64_t kv = c.num_kv_heads * c.head_dim;
  const int64_t inter = c.intermediate_size;
  std::vector<ExpectedTensor> out;
  out.push_back({"model.embed_tokens.weight", {c.vocab_size, h}});
  for (int64_t l = 0; l < c.num_layers; ++l) {
    auto add = [&](std::string_view suffix, std::vector<int64_t> shape) {
      out.push_back({LayerTensorName(l, suffix), std::move(shape)});
    };
    add("input_layernorm.weight", {h});
    add("self_attn.q_proj.weight", {q, h});
    add("self_attn.k_proj.weight", {kv, h});
    add("self_attn.v_proj.weight", {kv, h});
    add("self_attn.o_proj.weight", {h, q});
    if (c.qkv_bias) {
      add("self_attn.q_proj.bias", {q});
      add("self_attn.k_proj.bias", {kv});
      add("self_attn.v_proj.bias", {kv});
    }
    if (c.o_bias) add("self_attn.o_proj.bias", {h});
    if (c.qk_norm) {
      add("self_attn.q_norm.weight", {c.head_dim});
      add("self_attn.k_norm.weight", {c.head_dim});
    }
    add("post_attention_layernorm.weight", {h});
    add("mlp.gate_proj.weight", {inter, h});
    add("mlp.up_proj.weight", {inter, h});
    add("mlp.down_proj.weight", {h, inter});
    if (c.mlp_bias) {
      add("mlp.gate_proj.bias", {inter});
      add("mlp.up_proj.bias", {inter});
      add("mlp.down_proj.bias", {h});
    }
  }
  out.push_back({"model.norm.weight", {h}});
  switch (c.head) {
    case ModelHead::kCausalLm:
      if (!c.tie_word_embeddings) out.push_back({"lm_head.weight", {c.vocab_size, h}});
      break;
    case ModelHead::kProcessReward:
      out.push_back({"score.0.weight", {h, h}});
      out.push_back({"score.0.bias", {h}});
      out.push_back({"score.2.weight", {2, h}});
      out.push_back({"score.2.bias", {2}});
      break;
    case ModelHead::kSequenceScore:
      out.push_back({"score.weight", {1, h}});
      break;
  }
  return out;
}

Status CheckDecoderTensors(const ModelConfig& config, const Checkpoint& checkpoint) {
  for (const ExpectedTensor& expected : ExpectedDecoderTensors(config)) {
    std::optional<TensorRef> found = checkpoint.Find(expected.name);
    if (!found) {
      std::string hint;
      if (expected.name == "lm_head.weight") {
        hint =
            " (config.json has tie_word_embeddings false; a tied model reuses "
            "model.embed_tokens.weight)";
      }
      return NotFoundError(checkpoint.description() + ": missing tensor '" + expected.name +
                           "' that " + config.architecture + " needs" + hint);
    }
    if (found->info->shape != expected.shape) {
      return InvalidArgumentError(found->file->path().string() + ": tensor '" + expected.name +
                                  "' has shape " + ShapeString(found->info->shape) + " but " +
                                  ShapeOrigin(config) + " imply " + ShapeString(expected.shape));
    }
  }
  return OkStatus();
}

}  // namespace ponder
