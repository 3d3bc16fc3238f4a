// Loading LibTorch models: the decoders of Hugging Face checkpoints as
// LanguageModel and RewardModel, and TorchScript modules for custom models.
// This header is torch-free; LibTorch stays inside models/torch/*.cc.
//
// Each loaded model serialises its calls with a mutex, so one instance may be
// shared by several problems' threads; run one model per device for
// parallelism. See docs/models.md for the supported files.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>

#include "models/core/language_model.h"
#include "models/core/reward_model.h"
#include "models/tokenizer/tokenizer.h"
#include "models/torch/torch_options.h"
#include "search/base/status.h"

namespace ponder {

// A causal LM from a Hugging Face folder (config.json, model.safetensors or
// shards). `tokenizer` (may be null) decodes tokens for stop strings; the
// model keeps it alive.
StatusOr<std::unique_ptr<LanguageModel>> LoadTorchLanguageModel(
    const std::filesystem::path& dir, const TorchModelOptions& options,
    std::shared_ptr<const Tokenizer> tokenizer);

// A reward or value model from a Hugging Face folder:
//   kMathShepherd  a *ForCausalLM checkpoint (only two rows of its lm_head are used)
//   kTwoClassPrm   Qwen2ForProcessRewardModel (score.0, ReLU, score.2; P(class 1))
//   kValue         *ForSequenceClassification with num_labels 1 (score.weight)
// Heads are computed in float32 on the trunk's last hidden states.
StatusOr<std::unique_ptr<RewardModel>> LoadTorchRewardModel(const std::filesystem::path& dir,
                                                            const TorchModelOptions& options,
                                                            const RewardHeadSpec& head);

// TorchScript modules (torch::jit::load). Calling convention:
//   policy:  forward(input_ids: Tensor[1, T] int64) -> Tensor[1, T, vocab] logits
//   scorer:  forward(input_ids: Tensor[1, T] int64) -> Tensor[1, T] scores
// Inputs are on the module's device (options.device); outputs are read as
// float32. Nothing is cached between calls: every token recomputes the whole
// sequence, so prefill_tokens counts it all. `info` gives what the module
// cannot tell (vocabulary size, context length, BOS/EOS ids).
StatusOr<std::unique_ptr<LanguageModel>> LoadTorchScriptLanguageModel(
    const std::filesystem::path& file, const TorchModelOptions& options,
    const LanguageModelInfo& info, std::shared_ptr<const Tokenizer> tokenizer);
StatusOr<std::unique_ptr<RewardModel>> LoadTorchScriptRewardModel(const std::filesystem::path& file,
                                                                  const TorchModelOptions& options,
                                                                  RewardKind kind,
                                                                  int64_t context_length);

}  // namespace ponder
