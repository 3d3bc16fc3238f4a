// The LibTorch RewardModel: a Transformer trunk with a process-reward or value
// head read at every position; per-position scores are cached with the keys
// and values, so scoring a child reuses its parent's work.
#include <mutex>

#include "models/core/generation.h"
#include "models/torch/torch_models.h"
#include "models/torch/transformer.h"

namespace ponder {
namespace {

using torch_internal::Guarded;
using torch_internal::PositionHead;
using torch_internal::PrefillRow;
using torch_internal::SegmentCache;
using torch_internal::Transformer;

// The head as a function of hidden states [n, hidden] -> scores [n, 1], in float32.
StatusOr<PositionHead> MakeHead(const Transformer& model, const RewardHeadSpec& spec,
                                const std::string& config_path) {
  const ModelConfig& c = model.config();
  const torch_internal::HeadWeights& w = model.head();
  auto wrong = [&](std::string_view expected) {
    return InvalidArgumentError(config_path + ": architecture '" + c.architecture + "' cannot be " +
                                "read as a " + std::string(RewardKindName(spec.kind)) +
                                " model; that needs " + std::string(expected));
  };
  switch (spec.kind) {
    case RewardKind::kMathShepherd: {
      if (c.head != ModelHead::kCausalLm) return wrong("a *ForCausalLM checkpoint");
      for (const auto& [field, t] :
           {std::pair{"good_token", spec.good_token}, std::pair{"bad_token", spec.bad_token}}) {
        if (t < 0 || t >= c.vocab_size) {
          return InvalidArgumentError(
              config_path + ": Math-Shepherd " + field + " " + std::to_string(t) +
              " is outside the vocabulary (vocab_size " + std::to_string(c.vocab_size) + ")");
        }
      }
      const at::Tensor rows =
          at::tensor(std::vector<int64_t>{spec.good_token, spec.bad_token}).to(model.device());
      const at::Tensor good_bad = w.lm_head.index_select(0, rows).to(at::kFloat);
      return PositionHead([good_bad](const at::Tensor& h) {
        return at::softmax(at::linear(h.to(at::kFloat), good_bad), -1).narrow(-1, 0, 1);
      });
    }
    case RewardKind::kTwoClassPrm: {
      if (c.head != ModelHead::kProcessReward) return wrong("Qwen2ForProcessRewardModel");
      const at::Tensor w0 = w.score0_w.to(at::kFloat), b0 = w.score0_b.to(at::kFloat);
      const at::Tensor w2 = w.score2_w.to(at::kFloat), b2 = w.score2_b.to(at::kFloat);
      return PositionHead([w0, b0, w2, b2](const at::Tensor& h) {
        const at::Tensor logits =
            at::linear(at::relu(at::linear(h.to(at::kFloat), w0, b0)), w2, b2);
        return at::softmax(logits, -1).narrow(-1, 1, 1);
      });
    }
    case RewardKind::kValue: {
      if (c.head != ModelHead::kSequenceScore) {
        return wrong("a *ForSequenceClassification checkpoint with num_labels 1");
      }
      const at::Tensor score = w.score_w.to(at::kFloat);
      return PositionHead(
          [score](const at::Tensor& h) { return at::linear(h.to(at::kFloat), score); });
    }
  }
  return InternalError("unknown reward kind");
}

class TorchRewardModel final : public RewardModel {
 public:
  TorchRewardModel(std::unique_ptr<Transformer> model, PositionHead head, RewardKind kind,
                   const TorchModelOptions& options)
      : model_(std::move(model)),
        head_(std::move(head)),
        kind_(kind),
        cache_(options.kv_cache_bytes()),
        chunk_(options.prefill_chunk) {
    info_.vocab_size = model_->config().vocab_size;
    info_.context_length = model_->config().max_position_embeddings;
  }

  std::vector<StatusOr<ScoreAtResult>> ScoreAt(std::span<const ScoreAtRequest> requests) override {
    std::lock_guard lock(mu_);
    std::vector<StatusOr<ScoreAtResult>> results;
    std::vector<PrefillRow> rows;
    std::vector<size_t> origin;
    for (size_t i = 0; i < requests.size(); ++i) {
      Status status = Validate(requests[i]);
      results.emplace_back(status.ok() ? StatusOr<ScoreAtResult>(ScoreAtResult{})
                                       : StatusOr<ScoreAtResult>(status));
      if (!status.ok()) continue;
      rows.push_back({requests[i].tokens, requests[i].marks});
      origin.push_back(i);
    }
    if (rows.empty()) return results;
    Status status = Guarded("scoring", [&] {
      c10::InferenceMode inference;
      torch_internal::PrefillResult prefill =
          torch_internal::Prefill(*model_, &cache_, rows, &head_, 0, chunk_);
      for (size_t k = 0; k < rows.size(); ++k) {
        const at::Tensor scores =
            prefill.outputs[k].select(1, 0).to(at::kCPU).to(at::kDouble).contiguous();
        const double* data = scores.data_ptr<double>();
        ScoreAtResult& out = *results[origin[k]];
        for (int64_t p : requests[origin[k]].positions) out.scores.push_back(data[p]);
        out.prefill_tokens = prefill.counts[k].computed;
        out.reused_prefill_tokens = prefill.counts[k].reused;
      }
      return OkStatus();
    });
    if (!status.ok()) {
      for (size_t i : origin) results[i] = status;
    }
    return results;
  }

  void Forget(std::span<const CacheKey> keys) override {
    std::lock_guard lock(mu_);
    cache_.Forget(keys);
  }
  RewardKind kind() const override { return kind_; }
  int64_t context_length() const override { return info_.context_length; }

 private:
  Status Validate(const ScoreAtRequest& r) const {
    PONDER_RETURN_IF_ERROR(ValidateTokens(r.tokens, info_, 0));
    for (int64_t p : r.positions) {
      if (p < 0 || p >= static_cast<int64_t>(r.tokens.size())) {
        return InvalidArgumentError("score position " + std::to_string(p) +
                                    " is outside the input of " + std::to_string(r.tokens.size()) +
                                    " tokens");
      }
    }
    return ValidatePrefixMarks(r.marks, static_cast<int64_t>(r.tokens.size()));
  }

  std::mutex mu_;
  std::unique_ptr<Transformer> model_;
  PositionHead head_;
  RewardKind kind_;
  SegmentCache cache_;
  int64_t chunk_;
  LanguageModelInfo info_;
};

}  // namespace

StatusOr<std::unique_ptr<RewardModel>> LoadTorchRewardModel(const std::filesystem::path& dir,
                                                            const TorchModelOptions& options,
                                                            const RewardHeadSpec& spec) {
  PONDER_RETURN_IF_ERROR(spec.Validate());
  PONDER_ASSIGN_OR_RETURN(std::unique_ptr<Transformer> model, Transformer::Load(dir, options));
  PositionHead head;
  PONDER_RETURN_IF_ERROR(Guarded("building the reward head", [&]() -> Status {
    c10::InferenceMode inference;
    PONDER_ASSIGN_OR_RETURN(head, MakeHead(*model, spec, (dir / "config.json").string()));
    return OkStatus();
  }));
  return std::unique_ptr<RewardModel>(
      std::make_unique<TorchRewardModel>(std::move(model), std::move(head), spec.kind, options));
}

}  // namespace ponder
