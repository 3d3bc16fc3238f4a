// Tiny random models of each supported family for the LibTorch tests, written
// to a temp folder with their weights kept for ReferenceDecoder.
#pragma once

#include <string>

#include "models/weights/random_checkpoint.h"
#include "tests/fakes/temp_dir.h"
#include "tests/models/torch/reference_decoder.h"

namespace ponder::testing {

// 2 layers, hidden 32, 4 query heads sharing 2 key/value heads of 8 dims,
// intermediate 48, vocabulary 64, context 64; a Llama unless changed.
inline ModelConfig TinyConfig(std::string architecture = "LlamaForCausalLM") {
  ModelConfig c;
  c.architecture = std::move(architecture);
  c.vocab_size = 64;
  c.hidden_size = 32;
  c.intermediate_size = 48;
  c.num_layers = 2;
  c.num_heads = 4;
  c.num_kv_heads = 2;
  c.head_dim = 8;
  c.max_position_embeddings = 64;
  c.rms_norm_eps = 1e-5;
  c.rope_theta = 10000;
  c.bos_token_id = 1;
  c.eos_token_ids = {2};
  return c;
}

// A tiny model on disk, and the reference that computes the same function.
struct TinyModel {
  TempDir dir;
  ModelConfig config;
  WeightValues weights;

  ReferenceDecoder Reference() const { return ReferenceDecoder(config, weights); }
};

// Writes `config` (re-read from its config.json, so the family defaults apply)
// with weights of stddev 0.3 (large enough that every term matters).
inline std::unique_ptr<TinyModel> WriteTinyModel(const ModelConfig& config, uint64_t seed = 1,
                                                 DType dtype = DType::kF32) {
  auto model = std::make_unique<TinyModel>();
  auto weights =
      WriteRandomCheckpoint(model->dir.path(), config,
                            {.seed = seed, .stddev = 0.3, .dtype = dtype, .keep_values = true});
  PONDER_CHECK(weights.ok()) << weights.status().ToString();
  model->weights = std::move(*weights);
  auto reread = LoadModelConfig(model->dir.path());
  PONDER_CHECK(reread.ok()) << reread.status().ToString();
  model->config = *reread;
  return model;
}

}  // namespace ponder::testing
