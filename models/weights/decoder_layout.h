// The tensors a decoder checkpoint must hold, as Hugging Face names them, and
// the check that a Checkpoint holds them with the shapes its config implies.
//
//   model.embed_tokens.weight                          [vocab, hidden]
//   model.layers.{l}.input_layernorm.weight            [hidden]
//   model.layers.{l}.self_attn.q_proj.weight           [heads*head_dim, hidden]  (+ .bias)
//   model.layers.{l}.self_attn.k_proj.weight           [kv_heads*head_dim, hidden]  (+ .bias)
//   model.layers.{l}.self_attn.v_proj.weight           [kv_heads*head_dim, hidden]  (+ .bias)
//   model.layers.{l}.self_attn.o_proj.weight           [hidden, heads*head_dim]  (+ .bias)
//   model.layers.{l}.self_attn.q_norm.weight / k_norm  [head_dim]  (Qwen3)
//   model.layers.{l}.post_attention_layernorm.weight   [hidden]
//   model.layers.{l}.mlp.gate_proj / up_proj.weight    [intermediate, hidden]  (+ .bias)
//   model.layers.{l}.mlp.down_proj.weight              [hidden, intermediate]  (+ .bias)
//   model.norm.weight                                  [hidden]
// and the head: lm_head.weight [vocab, hidden] (absent when tied), or
// score.0.weight [hidden, hidden], score.0.bias, score.2.weight [2, hidden],
// score.2.bias (process reward), or score.weight [1, hidden] (value).
// Extra tensors (e.g. rotary_emb.inv_freq in old checkpoints) are ignored.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "models/weights/checkpoint.h"
#include "models/weights/model_config.h"

namespace ponder {

struct ExpectedTensor {
  std::string name;
  std::vector<int64_t> shape;
};

// "model.layers.{layer}.{suffix}".
std::string LayerTensorName(int64_t layer, std::string_view suffix);

// Every tensor `config` needs, trunk first, then the head.
std::vector<ExpectedTensor> ExpectedDecoderTensors(const ModelConfig& config);

// OK when the checkpoint holds every expected tensor with the expected shape;
// otherwise an error naming the file, the tensor, both shapes and the
// config.json fields the expected shape comes from.
Status CheckDecoderTensors(const ModelConfig& config, const Checkpoint& checkpoint);

}  // namespace ponder
