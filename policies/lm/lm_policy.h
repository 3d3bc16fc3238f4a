// LmPolicy: a search::Policy over a LanguageModel and its Tokenizer.
//
// A node's context is the problem's prompt (PromptEncoder: plain or the
// model's chat format) followed by the token ids of the steps on its path, so
// a step is never re-tokenized. Each request carries prefix marks for the root
// (the prompt) and every node on the path, keyed by (tree id, node id), so a
// model with a prefix cache computes each shared prefix once; Forget passes
// dropped nodes on to the model.
//
// Modes: kStep generates up to and including the step delimiter (default
// "\n\n"); kToken asks for n distinct next tokens; kRollout generates to the
// end of the solution or max_tokens. End tokens are the tokenizer's eos ids
// (else the model's); an end token is kept in a proposal's tokens but not its
// text. Step texts are decoded in place (continuation_text.h) so they
// concatenate exactly.
//
// Threading: Propose may be called from several threads; the model serialises
// its own calls. The model and tokenizer must outlive the policy.
#pragma once

#include <filesystem>
#include <map>
#include <memory>
#include <mutex>

#include "models/core/language_model.h"
#include "models/core/prompt.h"
#include "search/policy.h"

namespace ponder {

struct LmPolicyOptions {
  PromptOptions prompt;
  std::string step_delimiter = "\n\n";

  void Bind(ParamBinder& binder);
  Status Validate() const;
};

class LmPolicy final : public Policy {
 public:
  // `model_dir` locates the chat template when the prompt format is "chat".
  static StatusOr<std::unique_ptr<LmPolicy>> Create(LanguageModel& model,
                                                    const Tokenizer& tokenizer,
                                                    const LmPolicyOptions& options,
                                                    const std::filesystem::path& model_dir);

  std::vector<StatusOr<Expansion>> Propose(std::span<const ExpandRequest> requests) override;
  void Forget(const Tree& tree, std::span<const NodeId> nodes) override;

 private:
  LmPolicy(LanguageModel& model, const Tokenizer& tokenizer, LmPolicyOptions options,
           PromptEncoder prompt);
  StatusOr<GenerateRequest> ToGenerateRequest(const ExpandRequest& request);
  StatusOr<Expansion> ToExpansion(const GenerateRequest& request, GenerateResult result) const;
  StatusOr<TokenIds> PromptTokens(const Problem& problem);

  LanguageModel& model_;
  const Tokenizer& tokenizer_;
  LmPolicyOptions options_;
  PromptEncoder prompt_;
  std::vector<int32_t> end_tokens_;
  std::mutex mu_;
  std::map<std::string, TokenIds> prompt_tokens_;  // by question text
};

}  // namespace ponder
