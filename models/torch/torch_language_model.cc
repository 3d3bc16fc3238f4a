// The LibTorch LanguageModel: RunGeneration (models/core/generation.h) over a
// Transformer whose prefill goes through the tree-shared prefix cache.
#include <mutex>

#include "models/core/generation.h"
#include "models/torch/torch_models.h"
#include "models/torch/transformer.h"

namespace ponder {
namespace {

using torch_internal::Guarded;
using torch_internal::KvBatch;
using torch_internal::PrefillRow;
using torch_internal::SegmentCache;
using torch_internal::Transformer;

// Rows being decoded: their keys/values and their next-token logits on the CPU.
class TorchSession final : public DecodeSession {
 public:
  TorchSession(const Transformer& model, KvBatch batch, const at::Tensor& logits)
      : model_(model), batch_(std::move(batch)) {
    SetLogits(logits);
  }

  int64_t rows() const override { return batch_.rows(); }
  std::span<const float> logits() const override {
    return {logits_.data_ptr<float>(), static_cast<size_t>(logits_.numel())};
  }

  Status Select(std::span<const int64_t> rows) override {
    return Guarded("selecting rows", [&] {
      c10::InferenceMode inference;
      model_.SelectRows(batch_, rows);
      std::vector<int64_t> index(rows.begin(), rows.end());
      logits_ = logits_.index_select(
          0, at::from_blob(index.data(), {static_cast<int64_t>(index.size())}, at::kLong));
      return OkStatus();
    });
  }

  Status Step(std::span<const int32_t> tokens) override {
    return Guarded("decoding", [&] {
      c10::InferenceMode inference;
      std::vector<std::span<const int32_t>> one(tokens.size());
      for (size_t r = 0; r < tokens.size(); ++r) one[r] = tokens.subspan(r, 1);
      SetLogits(model_.Logits(model_.Forward(batch_, one).select(1, 0)));
      return OkStatus();
    });
  }

 private:
  void SetLogits(const at::Tensor& logits) { logits_ = logits.to(at::kCPU).contiguous(); }

  const Transformer& model_;
  KvBatch batch_;
  at::Tensor logits_;  // [rows, vocab] float32 on the CPU
};

constexpr int64_t kReservedDecodeTokens = 128;

LanguageModelInfo InfoOf(const ModelConfig& c) {
  return {.vocab_size = c.vocab_size,
          .context_length = c.max_position_embeddings,
          .bos_token_id = c.bos_token_id,
          .eos_token_ids = c.eos_token_ids};
}

class TorchLanguageModel final : public LoopLanguageModel {
 public:
  TorchLanguageModel(std::unique_ptr<Transformer> model, const TorchModelOptions& options,
                     std::shared_ptr<const Tokenizer> tokenizer)
      : LoopLanguageModel(InfoOf(model->config()), std::move(tokenizer)),
        model_(std::move(model)),
        cache_(options.kv_cache_bytes()),
        chunk_(options.prefill_chunk) {}

  StatusOr<std::vector<float>> PositionLogits(std::span<const int32_t> tokens) override {
    std::lock_guard lock(mu_);
    PONDER_RETURN_IF_ERROR(ValidateTokens(tokens, info_, 0));
    std::vector<float> out;
    PONDER_RETURN_IF_ERROR(Guarded("computing logits", [&] {
      c10::InferenceMode inference;
      KvBatch batch = model_->NewBatch(1, static_cast<int64_t>(tokens.size()));
      std::vector<std::span<const int32_t>> all = {tokens};
      const at::Tensor logits =
          model_->Logits(model_->Forward(batch, all).select(0, 0)).to(at::kCPU).contiguous();
      out.assign(logits.data_ptr<float>(), logits.data_ptr<float>() + logits.numel());
      return OkStatus();
    }));
    return out;
  }

  void Forget(std::span<const CacheKey> keys) override {
    std::lock_guard lock(mu_);
    cache_.Forget(keys);
  }

 private:
  StatusOr<std::unique_ptr<DecodeSession>> Prefill(std::span<const GenerateRequest* const> requests,
                                                   std::vector<PrefillCount>* counts) override {
    std::unique_ptr<DecodeSession> session;
    PONDER_RETURN_IF_ERROR(Guarded("prefill", [&] {
      c10::InferenceMode inference;
      std::vector<PrefillRow> rows;
      int64_t extra = 0;
      for (const GenerateRequest* r : requests) {
        rows.push_back({r->context, r->marks});
        extra = std::max<int64_t>(extra, r->distinct_next_tokens ? 0 : r->sampling.max_tokens);
      }
      // Room for the first tokens to be generated; the buffer doubles when a row
      // outgrows it, so a large max_tokens does not allocate (and zero) it all up front.
      extra = std::min<int64_t>(extra, kReservedDecodeTokens);
      torch_internal::PrefillResult prefill =
          torch_internal::Prefill(*model_, &cache_, rows, nullptr, extra, chunk_);
      *counts = prefill.counts;
      session = std::make_unique<TorchSession>(*model_, std::move(prefill.batch),
                                               model_->Logits(prefill.last_hidden));
      return OkStatus();
    }));
    return session;
  }

  std::unique_ptr<Transformer> model_;
  SegmentCache cache_;
  int64_t chunk_;
};

}  // namespace

StatusOr<std::unique_ptr<LanguageModel>> LoadTorchLanguageModel(
    const std::filesystem::path& dir, const TorchModelOptions& options,
    std::shared_ptr<const Tokenizer> tokenizer) {
  PONDER_ASSIGN_OR_RETURN(std::unique_ptr<Transformer> model, Transformer::Load(dir, options));
  if (model->config().head != ModelHead::kCausalLm) {
    return InvalidArgumentError((dir / "config.json").string() + ": '" +
                                model->config().architecture +
                                "' is a reward or value model, not a causal LM");
  }
  return std::unique_ptr<LanguageModel>(
      std::make_unique<TorchLanguageModel>(std::move(model), options, std::move(tokenizer)));
}

}  // namespace ponder
