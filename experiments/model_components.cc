#include "experiments/model_components.h"

#include <functional>

#include "models/tokenizer/tokenizer.h"
#include "models/torch/torch_models.h"
#include "policies/lm/lm_policy.h"
#include "verifiers/model/model_scorer.h"

namespace ponder::experiments {
namespace {

// Settings that name where a model is.
struct ModelLocation {
  std::string path;       // a Hugging Face folder, or a TorchScript file
  std::string tokenizer;  // folder (or file) of the tokenizer; default: `path`'s folder

  void Bind(ParamBinder& b) {
    b.String("path", &path, "the model: a Hugging Face folder (or a TorchScript file)");
    b.String("tokenizer", &tokenizer, "the tokenizer's folder; default: the model's");
  }
  Status Validate() const {
    if (path.empty()) return InvalidArgumentError("path: the model must be given");
    return OkStatus();
  }
  std::filesystem::path Model(const ComponentEnv& env) const { return env.base_dir / path; }
  std::filesystem::path Tokenizer(const ComponentEnv& env) const {
    if (!tokenizer.empty()) return env.base_dir / tokenizer;
    // A TorchScript file's tokenizer is in its folder; a folder (or a path that does not
    // exist, so that the error names it) is its own.
    const std::filesystem::path model = Model(env);
    return std::filesystem::is_regular_file(model) ? model.parent_path() : model;
  }
};

// What a TorchScript module cannot tell about itself.
struct ScriptInfo {
  int64_t vocab_size = 0;
  int64_t context_length = 2048;
  int bos_token_id = -1;
  int eos_token_id = -1;

  void Bind(ParamBinder& b) {
    b.Int64("vocab_size", &vocab_size, 1, int64_t{1} << 24, "the module's vocabulary size");
    b.Int64("context_length", &context_length, 1, int64_t{1} << 24, "positions it attends over");
    b.Int("bos_token_id", &bos_token_id, -1, 1 << 24, "BOS id (-1: none)");
    b.Int("eos_token_id", &eos_token_id, -1, 1 << 24, "EOS id (-1: the tokenizer's)");
  }
  LanguageModelInfo Info() const {
    LanguageModelInfo info{.vocab_size = vocab_size, .context_length = context_length};
    if (bos_token_id >= 0) info.bos_token_id = bos_token_id;
    if (eos_token_id >= 0) info.eos_token_ids = {eos_token_id};
    return info;
  }
};

struct LmOptions {
  ModelLocation location;
  TorchModelOptions model;
  LmPolicyOptions policy;

  void Bind(ParamBinder& b) {
    location.Bind(b);
    model.Bind(b);
    policy.Bind(b);
  }
  Status Validate() const {
    PONDER_RETURN_IF_ERROR(location.Validate());
    PONDER_RETURN_IF_ERROR(model.Validate());
    return policy.Validate();
  }
};

struct ScriptLmOptions : LmOptions {
  ScriptInfo script;

  void Bind(ParamBinder& b) {
    LmOptions::Bind(b);
    script.Bind(b);
  }
};

struct RewardOptions {
  ModelLocation location;
  TorchModelOptions model;
  RewardHeadSpec head;
  ModelScorerOptions scorer;

  void Bind(ParamBinder& b) {
    location.Bind(b);
    model.Bind(b);
    head.Bind(b);
    scorer.Bind(b);
  }
  Status Validate() const {
    PONDER_RETURN_IF_ERROR(location.Validate());
    PONDER_RETURN_IF_ERROR(model.Validate());
    PONDER_RETURN_IF_ERROR(head.Validate());
    return scorer.Validate();
  }
};

// A policy that owns its model and tokenizer.
class OwningLmPolicy final : public Policy {
 public:
  OwningLmPolicy(std::shared_ptr<const Tokenizer> tokenizer, std::unique_ptr<LanguageModel> model,
                 std::unique_ptr<LmPolicy> policy)
      : tokenizer_(std::move(tokenizer)), model_(std::move(model)), policy_(std::move(policy)) {}
  std::vector<StatusOr<Expansion>> Propose(std::span<const ExpandRequest> requests) override {
    return policy_->Propose(requests);
  }
  void Forget(const Tree& tree, std::span<const NodeId> nodes) override {
    policy_->Forget(tree, nodes);
  }

 private:
  std::shared_ptr<const Tokenizer> tokenizer_;
  std::unique_ptr<LanguageModel> model_;
  std::unique_ptr<LmPolicy> policy_;  // last: it refers to the two above
};

// A scorer that owns its model and tokenizer.
class OwningModelScorer final : public Scorer {
 public:
  OwningModelScorer(std::shared_ptr<const Tokenizer> tokenizer, std::unique_ptr<RewardModel> model,
                    std::unique_ptr<ModelScorer> scorer)
      : tokenizer_(std::move(tokenizer)), model_(std::move(model)), scorer_(std::move(scorer)) {}
  std::vector<StatusOr<Score>> ScoreBatch(std::span<const ScoreRequest> requests) override {
    return scorer_->ScoreBatch(requests);
  }
  void Forget(const Tree& tree, std::span<const NodeId> nodes) override {
    scorer_->Forget(tree, nodes);
  }

 private:
  std::shared_ptr<const Tokenizer> tokenizer_;
  std::unique_ptr<RewardModel> model_;
  std::unique_ptr<ModelScorer> scorer_;  // last: it refers to the two above
};

StatusOr<std::shared_ptr<const Tokenizer>> LoadSharedTokenizer(const ModelLocation& where,
                                                               const ComponentEnv& env) {
  PONDER_ASSIGN_OR_RETURN(std::unique_ptr<Tokenizer> tokenizer,
                          LoadTokenizer(where.Tokenizer(env)));
  return std::shared_ptr<const Tokenizer>(std::move(tokenizer));
}

using LoadLanguageModel =
    std::function<StatusOr<std::unique_ptr<LanguageModel>>(std::shared_ptr<const Tokenizer>)>;
using LoadRewardModel = std::function<StatusOr<std::unique_ptr<RewardModel>>()>;

StatusOr<std::unique_ptr<Policy>> MakeLmPolicy(const LmOptions& o, const ComponentEnv& env,
                                               const LoadLanguageModel& load) {
  PONDER_ASSIGN_OR_RETURN(auto tokenizer, LoadSharedTokenizer(o.location, env));
  PONDER_ASSIGN_OR_RETURN(std::unique_ptr<LanguageModel> model, load(tokenizer));
  PONDER_ASSIGN_OR_RETURN(
      auto policy, LmPolicy::Create(*model, *tokenizer, o.policy, o.location.Tokenizer(env)));
  if (env.shared) env.shared->AddModelPath(o.location.Model(env));
  return std::unique_ptr<Policy>(
      std::make_unique<OwningLmPolicy>(tokenizer, std::move(model), std::move(policy)));
}

struct ScriptRewardOptions : RewardOptions {
  int64_t context_length = 2048;

  void Bind(ParamBinder& b) {
    RewardOptions::Bind(b);
    b.Int64("context_length", &context_length, 1, int64_t{1} << 24, "positions it attends over");
  }
};

StatusOr<std::unique_ptr<Scorer>> MakeModelScorer(const RewardOptions& o, const ComponentEnv& env,
                                                  const LoadRewardModel& load) {
  PONDER_ASSIGN_OR_RETURN(auto tokenizer, LoadSharedTokenizer(o.location, env));
  PONDER_ASSIGN_OR_RETURN(std::unique_ptr<RewardModel> model, load());
  PONDER_ASSIGN_OR_RETURN(
      auto scorer, ModelScorer::Create(*model, *tokenizer, o.scorer, o.location.Tokenizer(env)));
  if (env.shared) env.shared->AddModelPath(o.location.Model(env));
  return std::unique_ptr<Scorer>(
      std::make_unique<OwningModelScorer>(tokenizer, std::move(model), std::move(scorer)));
}

}  // namespace

void RegisterModelComponents(Components& c) {
  RegisterComponent<LmOptions, Policy>(
      c.policies, "policy", "lm",
      "a Hugging Face causal LM (Llama, Mistral, Qwen2/2.5/3) run natively with LibTorch",
      [](const LmOptions& o, const ComponentEnv& env) {
        return MakeLmPolicy(o, env, [&](std::shared_ptr<const Tokenizer> tokenizer) {
          return LoadTorchLanguageModel(o.location.Model(env), o.model, std::move(tokenizer));
        });
      });
  RegisterComponent<ScriptLmOptions, Policy>(
      c.policies, "policy", "torchscript",
      "a TorchScript module returning next-token logits (docs/models.md)",
      [](const ScriptLmOptions& o, const ComponentEnv& env) {
        return MakeLmPolicy(o, env, [&](std::shared_ptr<const Tokenizer> tokenizer) {
          return LoadTorchScriptLanguageModel(o.location.Model(env), o.model, o.script.Info(),
                                              std::move(tokenizer));
        });
      });
  RegisterComponent<RewardOptions, Scorer>(
      c.scorers, "scorer", "reward_model",
      "a PRM (Math-Shepherd, Qwen2.5-Math-PRM) or value model checkpoint, natively with LibTorch",
      [](const RewardOptions& o, const ComponentEnv& env) {
        return MakeModelScorer(
            o, env, [&] { return LoadTorchRewardModel(o.location.Model(env), o.model, o.head); });
      });
  RegisterComponent<ScriptRewardOptions, Scorer>(
      c.scorers, "scorer", "torchscript_scorer",
      "a TorchScript module returning a score per position (docs/models.md)",
      [](const ScriptRewardOptions& o, const ComponentEnv& env) {
        return MakeModelScorer(o, env, [&] {
          return LoadTorchScriptRewardModel(o.location.Model(env), o.model, o.head.kind,
                                            o.context_length);
        });
      });
}

}  // namespace ponder::experiments
