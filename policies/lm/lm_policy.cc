#include "policies/lm/lm_policy.h"

#include "models/core/continuation_text.h"

namespace ponder {

void LmPolicyOptions::Bind(ParamBinder& b) {
  prompt.Bind(b);
  b.String("step_delimiter", &step_delimiter, "text that ends a step (kept in the step)");
}

Status LmPolicyOptions::Validate() const {
  if (step_delimiter.empty()) return InvalidArgumentError("step_delimiter must not be empty");
  return prompt.Validate();
}

StatusOr<std::unique_ptr<LmPolicy>> LmPolicy::Create(LanguageModel& model,
                                                     const Tokenizer& tokenizer,
                                                     const LmPolicyOptions& options,
                                                     const std::filesystem::path& model_dir) {
  PONDER_RETURN_IF_ERROR(options.Validate());
  PONDER_ASSIGN_OR_RETURN(PromptEncoder prompt,
                          PromptEncoder::Create(tokenizer, options.prompt, model_dir));
  return std::unique_ptr<LmPolicy>(new LmPolicy(model, tokenizer, options, std::move(prompt)));
}

LmPolicy::LmPolicy(LanguageModel& model, const Tokenizer& tokenizer, LmPolicyOptions options,
                   PromptEncoder prompt)
    : model_(model),
      tokenizer_(tokenizer),
      options_(std::move(options)),
      prompt_(std::move(prompt)) {
  end_tokens_ = tokenizer_.special_tokens().eos_ids;
  if (end_tokens_.empty()) end_tokens_ = model_.info().eos_token_ids;
}

StatusOr<TokenIds> LmPolicy::PromptTokens(const Problem& problem) {
  {
    std::lock_guard lock(mu_);
    auto it = prompt_tokens_.find(problem.prompt);
    if (it != prompt_tokens_.end()) return it->second;
  }
  PONDER_ASSIGN_OR_RETURN(TokenIds tokens, prompt_.Encode(problem.prompt));
  std::lock_guard lock(mu_);
  return prompt_tokens_.emplace(problem.prompt, std::move(tokens)).first->second;
}

StatusOr<GenerateRequest> LmPolicy::ToGenerateRequest(const ExpandRequest& request) {
  PONDER_CHECK(request.problem != nullptr && request.tree != nullptr);
  const Tree& tree = *request.tree;
  GenerateRequest r;
  PONDER_ASSIGN_OR_RETURN(r.context, PromptTokens(*request.problem));
  r.marks.push_back({{tree.id(), kRootNode}, static_cast<int64_t>(r.context.size())});
  for (NodeId id : tree.PathTo(request.node)) {
    const TokenIds& step = tree.at(id).tokens;
    r.context.insert(r.context.end(), step.begin(), step.end());
    // A step without tokens adds nothing to cache under its own key.
    if (!step.empty()) r.marks.push_back({{tree.id(), id}, static_cast<int64_t>(r.context.size())});
  }
  r.n = request.n;
  r.sampling = request.sampling;
  r.seed = request.seed;
  r.end_token_ids = end_tokens_;
  switch (request.mode) {
    case ExpandMode::kStep:
      r.stop_strings = {options_.step_delimiter};
      break;
    case ExpandMode::kToken:
      r.distinct_next_tokens = true;
      break;
    case ExpandMode::kRollout:
      break;
  }
  return r;
}

StatusOr<Expansion> LmPolicy::ToExpansion(const GenerateRequest& request,
                                          GenerateResult result) const {
  Expansion expansion;
  expansion.prefill_tokens = result.prefill_tokens;
  expansion.reused_prefill_tokens = result.reused_prefill_tokens;
  for (Continuation& c : result.continuations) {
    std::span<const int32_t> text_tokens = c.tokens;
    if (c.finish == FinishReason::kEndOfSequence)
      text_tokens = text_tokens.first(text_tokens.size() - 1);
    Proposal p;
    PONDER_ASSIGN_OR_RETURN(p.text, ContinuationText(tokenizer_, request.context, text_tokens));
    p.tokens = std::move(c.tokens);
    p.token_logprobs = std::move(c.logprobs);
    p.finish = c.finish;
    expansion.proposals.push_back(std::move(p));
  }
  return expansion;
}

std::vector<StatusOr<Expansion>> LmPolicy::Propose(std::span<const ExpandRequest> requests) {
  std::vector<StatusOr<Expansion>> out(requests.size(), InternalError("not run"));
  std::vector<GenerateRequest> batch;
  std::vector<size_t> origin;
  for (size_t i = 0; i < requests.size(); ++i) {
    StatusOr<GenerateRequest> r = ToGenerateRequest(requests[i]);
    if (!r.ok()) {
      out[i] = r.status();
      continue;
    }
    batch.push_back(std::move(*r));
    origin.push_back(i);
  }
  std::vector<StatusOr<GenerateResult>> results = model_.Generate(batch);
  for (size_t k = 0; k < batch.size(); ++k) {
    out[origin[k]] = results[k].ok() ? ToExpansion(batch[k], std::move(*results[k]))
                                     : StatusOr<Expansion>(results[k].status());
  }
  return out;
}

void LmPolicy::Forget(const Tree& tree, std::span<const NodeId> nodes) {
  model_.Forget(CacheKeysOf(tree.id(), nodes));
}

}  // namespace ponder
