// TorchScript models: custom policies and scorers as torch::jit modules, run
// through the same generation loop as the native decoders (calling convention
// in torch_models.h). They keep no cache: each step recomputes the sequence.
#include <torch/script.h>

#include <mutex>

#include "models/core/generation.h"
#include "models/torch/torch_models.h"
#include "models/torch/transformer.h"

namespace ponder {
namespace {

using torch_internal::Guarded;

struct ScriptModule {
  torch::jit::Module module;
  at::Device device = at::kCPU;
  std::string source;  // the file, for messages

  // forward(input_ids [1, T]) as a float32 CPU tensor, checked to be [1, T, trailing...].
  StatusOr<at::Tensor> Run(std::span<const int32_t> tokens, std::vector<int64_t> trailing) {
    std::vector<int64_t> ids(tokens.begin(), tokens.end());
    const auto length = static_cast<int64_t>(ids.size());
    at::Tensor input = at::from_blob(ids.data(), {1, length}, at::kLong).to(device, false, true);
    torch::jit::IValue out = module.forward({input});
    if (!out.isTensor()) {
      return InvalidArgumentError(source + ": forward must return a Tensor, got " + out.tagKind());
    }
    at::Tensor t = out.toTensor().to(at::kCPU).to(at::kFloat).contiguous();
    std::vector<int64_t> expected = {1, length};
    expected.insert(expected.end(), trailing.begin(), trailing.end());
    if (t.sizes().vec() != expected) {
      return InvalidArgumentError(source + ": forward returned shape " + c10::str(t.sizes()) +
                                  ", expected " + c10::str(c10::IntArrayRef(expected)));
    }
    return t.select(0, 0);
  }
};

StatusOr<ScriptModule> LoadModule(const std::filesystem::path& file,
                                  const TorchModelOptions& options) {
  PONDER_RETURN_IF_ERROR(options.Validate());
  ScriptModule m;
  m.source = file.string();
  PONDER_RETURN_IF_ERROR(
      Guarded(file.string() + ": cannot load the TorchScript module", [&]() -> Status {
        PONDER_ASSIGN_OR_RETURN(m.device, torch_internal::PrepareDevice(options));
        m.module = torch::jit::load(file.string(), m.device);
        m.module.eval();
        return OkStatus();
      }));
  return m;
}

// Rows that recompute their whole sequence for each token.
class ScriptSession final : public DecodeSession {
 public:
  ScriptSession(ScriptModule& module, int64_t vocab, std::vector<TokenIds> rows)
      : module_(module), vocab_(vocab), rows_(std::move(rows)) {}

  Status Compute() {
    logits_.assign(rows_.size() * static_cast<size_t>(vocab_), 0.0f);
    for (size_t r = 0; r < rows_.size(); ++r) {
      PONDER_ASSIGN_OR_RETURN(at::Tensor all, module_.Run(rows_[r], {vocab_}));
      const at::Tensor last = all.select(0, all.size(0) - 1).contiguous();
      std::copy_n(last.data_ptr<float>(), vocab_,
                  logits_.begin() + static_cast<std::ptrdiff_t>(r * vocab_));
    }
    return OkStatus();
  }

  int64_t rows() const override { return static_cast<int64_t>(rows_.size()); }
  std::span<const float> logits() const override { return logits_; }
  Status Select(std::span<const int64_t> rows) override {
    std::vector<TokenIds> kept;
    std::vector<float> logits;
    for (int64_t r : rows) {
      kept.push_back(rows_[static_cast<size_t>(r)]);
      logits.insert(logits.end(), logits_.begin() + r * vocab_, logits_.begin() + (r + 1) * vocab_);
    }
    rows_ = std::move(kept);
    logits_ = std::move(logits);
    return OkStatus();
  }
  Status Step(std::span<const int32_t> tokens) override {
    for (size_t r = 0; r < rows_.size(); ++r) rows_[r].push_back(tokens[r]);
    return Guarded(module_.source, [&] {
      c10::InferenceMode inference;
      return Compute();
    });
  }

 private:
  ScriptModule& module_;
  int64_t vocab_;
  std::vector<TokenIds> rows_;
  std::vector<float> logits_;
};

class ScriptLanguageModel final : public LoopLanguageModel {
 public:
  ScriptLanguageModel(ScriptModule module, LanguageModelInfo info,
                      std::shared_ptr<const Tokenizer> tokenizer)
      : LoopLanguageModel(std::move(info), std::move(tokenizer)), module_(std::move(module)) {}

  StatusOr<std::vector<float>> PositionLogits(std::span<const int32_t> tokens) override {
    std::lock_guard lock(mu_);
    PONDER_RETURN_IF_ERROR(ValidateTokens(tokens, info_, 0));
    std::vector<float> out;
    PONDER_RETURN_IF_ERROR(Guarded(module_.source, [&]() -> Status {
      c10::InferenceMode inference;
      PONDER_ASSIGN_OR_RETURN(at::Tensor logits, module_.Run(tokens, {info_.vocab_size}));
      out.assign(logits.data_ptr<float>(), logits.data_ptr<float>() + logits.numel());
      return OkStatus();
    }));
    return out;
  }

  void Forget(std::span<const CacheKey>) override {}

 private:
  StatusOr<std::unique_ptr<DecodeSession>> Prefill(std::span<const GenerateRequest* const> requests,
                                                   std::vector<PrefillCount>* counts) override {
    std::vector<TokenIds> rows;
    for (size_t i = 0; i < requests.size(); ++i) {
      rows.push_back(requests[i]->context);
      (*counts)[i] = {.computed = static_cast<int64_t>(rows.back().size()), .reused = 0};
    }
    auto session = std::make_unique<ScriptSession>(module_, info_.vocab_size, std::move(rows));
    PONDER_RETURN_IF_ERROR(Guarded(module_.source, [&] {
      c10::InferenceMode inference;
      return session->Compute();
    }));
    return std::unique_ptr<DecodeSession>(std::move(session));
  }

  ScriptModule module_;
};

class ScriptRewardModel final : public RewardModel {
 public:
  ScriptRewardModel(ScriptModule module, RewardKind kind, int64_t context_length)
      : module_(std::move(module)), kind_(kind) {
    info_.context_length = context_length;
    info_.vocab_size = std::numeric_limits<int32_t>::max();
  }

  std::vector<StatusOr<ScoreAtResult>> ScoreAt(std::span<const ScoreAtRequest> requests) override {
    std::lock_guard lock(mu_);
    std::vector<StatusOr<ScoreAtResult>> results;
    for (const ScoreAtRequest& r : requests) results.push_back(ScoreOne(r));
    return results;
  }
  void Forget(std::span<const CacheKey>) override {}
  RewardKind kind() const override { return kind_; }
  int64_t context_length() const override { return info_.context_length; }

 private:
  StatusOr<ScoreAtResult> ScoreOne(const ScoreAtRequest& r) {
    PONDER_RETURN_IF_ERROR(ValidateTokens(r.tokens, info_, 0));
    ScoreAtResult result;
    result.prefill_tokens = static_cast<int64_t>(r.tokens.size());
    PONDER_RETURN_IF_ERROR(Guarded(module_.source, [&]() -> Status {
      c10::InferenceMode inference;
      PONDER_ASSIGN_OR_RETURN(at::Tensor scores, module_.Run(r.tokens, {}));
      for (int64_t p : r.positions) {
        if (p < 0 || p >= scores.size(0)) {
          return InvalidArgumentError("score position " + std::to_string(p) +
                                      " is outside the input of " + std::to_string(scores.size(0)) +
                                      " tokens");
        }
        result.scores.push_back(scores[p].item<double>());
      }
      return OkStatus();
    }));
    return result;
  }

  std::mutex mu_;
  ScriptModule module_;
  RewardKind kind_;
  LanguageModelInfo info_;
};

}  // namespace

StatusOr<std::unique_ptr<LanguageModel>> LoadTorchScriptLanguageModel(
    const std::filesystem::path& file, const TorchModelOptions& options,
    const LanguageModelInfo& info, std::shared_ptr<const Tokenizer> tokenizer) {
  if (info.vocab_size < 1 || info.context_length < 2) {
    return InvalidArgumentError(file.string() +
                                ": a TorchScript policy needs vocab_size >= 1 and "
                                "context_length >= 2");
  }
  PONDER_ASSIGN_OR_RETURN(ScriptModule module, LoadModule(file, options));
  return std::unique_ptr<LanguageModel>(
      std::make_unique<ScriptLanguageModel>(std::move(module), info, std::move(tokenizer)));
}

StatusOr<std::unique_ptr<RewardModel>> LoadTorchScriptRewardModel(const std::filesystem::path& file,
                                                                  const TorchModelOptions& options,
                                                                  RewardKind kind,
                                                                  int64_t context_length) {
  if (context_length < 1) {
    return InvalidArgumentError(file.string() + ": context_length must be >= 1");
  }
  PONDER_ASSIGN_OR_RETURN(ScriptModule module, LoadModule(file, options));
  return std::unique_ptr<RewardModel>(
      std::make_unique<ScriptRewardModel>(std::move(module), kind, context_length));
}

}  // namespace ponder
