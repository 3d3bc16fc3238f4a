#include "models/core/generation.h"

#include <algorithm>
#include <cmath>

#include "models/core/sampler.h"
#include "models/core/stop_strings.h"

namespace ponder {
namespace {

// A broken checkpoint or an overflow can give NaN or infinite logits; sampling from them
// would be meaningless (and the sampler's checks would abort the process).
Status CheckFinite(std::span<const float> logits) {
  for (float x : logits) {
    if (!std::isfinite(x)) {
      return InternalError("the model produced a non-finite logit (" + std::to_string(x) +
                           "); the checkpoint or its dtype may be broken");
    }
  }
  return OkStatus();
}

// One sample being generated.
struct Row {
  size_t request = 0;  // index into the valid requests
  size_t sample = 0;
  Rng rng{0};
  Continuation continuation;
};

bool IsEndToken(const GenerateRequest& r, int32_t token) {
  return std::find(r.end_token_ids.begin(), r.end_token_ids.end(), token) != r.end_token_ids.end();
}

}  // namespace

Status ValidateTokens(std::span<const int32_t> tokens, const LanguageModelInfo& info,
                      int64_t reserved) {
  if (tokens.empty()) {
    return InvalidArgumentError("the context is empty; a model needs at least one token (BOS)");
  }
  const auto length = static_cast<int64_t>(tokens.size());
  if (length + reserved > info.context_length) {
    return InvalidArgumentError("the context has " + std::to_string(length) +
                                " tokens but the model's context length "
                                "(max_position_embeddings in config.json) is " +
                                std::to_string(info.context_length) +
                                (reserved > 0 ? ", which leaves no room to generate" : ""));
  }
  for (int32_t t : tokens) {
    if (t < 0 || t >= info.vocab_size) {
      return InvalidArgumentError("context token id " + std::to_string(t) +
                                  " is outside the vocabulary of " +
                                  std::to_string(info.vocab_size));
    }
  }
  return OkStatus();
}

Status ValidatePrefixMarks(std::span<const PrefixMark> marks, int64_t length) {
  int64_t previous = 0;
  for (const PrefixMark& m : marks) {
    if (m.end <= previous || m.end > length) {
      return InvalidArgumentError("prefix mark for node " + std::to_string(m.key.node) +
                                  " ends at " + std::to_string(m.end) +
                                  "; marks must increase and lie within the context of " +
                                  std::to_string(length) + " tokens");
    }
    previous = m.end;
  }
  return OkStatus();
}

Status ValidateGenerateRequest(const GenerateRequest& r, const LanguageModelInfo& info,
                               bool has_tokenizer) {
  PONDER_RETURN_IF_ERROR(ValidateTokens(r.context, info, 1));
  const auto length = static_cast<int64_t>(r.context.size());
  PONDER_RETURN_IF_ERROR(ValidatePrefixMarks(r.marks, length));
  if (r.n < 1) return InvalidArgumentError("n must be >= 1, got " + std::to_string(r.n));
  PONDER_RETURN_IF_ERROR(r.sampling.Validate());
  if (!r.stop_strings.empty() && !has_tokenizer) {
    return FailedPreconditionError(
        "the request has stop strings but the model was loaded without a tokenizer to decode "
        "them");
  }
  return OkStatus();
}

std::vector<StatusOr<GenerateResult>> RunGeneration(DecodeBackend& backend,
                                                    const LanguageModelInfo& info,
                                                    const Tokenizer* tokenizer,
                                                    std::span<const GenerateRequest> requests) {
  std::vector<StatusOr<GenerateResult>> results;
  std::vector<const GenerateRequest*> valid;
  std::vector<size_t> origin;  // valid[i] is requests[origin[i]]
  for (size_t i = 0; i < requests.size(); ++i) {
    Status status = ValidateGenerateRequest(requests[i], info, tokenizer != nullptr);
    results.emplace_back(status.ok() ? StatusOr<GenerateResult>(GenerateResult{})
                                     : StatusOr<GenerateResult>(status));
    if (status.ok()) {
      valid.push_back(&requests[i]);
      origin.push_back(i);
    }
  }
  if (valid.empty()) return results;

  auto fail_all = [&](const Status& status) {
    for (size_t i : origin) results[i] = status;
    return results;
  };
  std::vector<PrefillCount> counts(valid.size());
  StatusOr<std::unique_ptr<DecodeSession>> started = backend.Prefill(valid, &counts);
  if (!started.ok()) return fail_all(started.status());
  DecodeSession& session = **started;
  const auto vocab = static_cast<size_t>(info.vocab_size);

  // A request whose logits are not finite, or whose stop strings cannot be checked (a
  // generated id the tokenizer cannot decode), fails alone; the batch goes on without it.
  std::vector<Status> failed(valid.size());
  std::vector<StopStringMatcher> matchers;
  std::vector<std::vector<Continuation>> done(valid.size());
  std::vector<Row> rows;
  std::vector<int64_t> fork;  // session row of each sample
  for (size_t i = 0; i < valid.size(); ++i) {
    const GenerateRequest& r = *valid[i];
    results[origin[i]]->prefill_tokens = counts[i].computed;
    results[origin[i]]->reused_prefill_tokens = counts[i].reused;
    matchers.emplace_back(tokenizer, r.stop_strings, r.context);
    if (r.distinct_next_tokens) {
      Rng rng = Rng(r.seed).Derive(0);
      const std::span<const float> logits = session.logits().subspan(i * vocab, vocab);
      if (Status finite = CheckFinite(logits); !finite.ok()) {
        failed[i] = finite;
        continue;
      }
      for (const TokenChoice& c : ChooseDistinctTokens(logits, r.sampling, r.n, rng)) {
        done[i].push_back({.tokens = {c.token},
                           .logprobs = {c.logprob},
                           .finish = IsEndToken(r, c.token) ? FinishReason::kEndOfSequence
                                                            : FinishReason::kToken});
      }
      continue;
    }
    for (int s = 0; s < r.n; ++s) {
      rows.push_back({.request = i,
                      .sample = static_cast<size_t>(s),
                      .rng = Rng(r.seed).Derive(static_cast<uint64_t>(s)),
                      .continuation = {}});
      fork.push_back(static_cast<int64_t>(i));
      done[i].emplace_back();
    }
  }

  Status status = OkStatus();
  if (!rows.empty()) status = session.Select(fork);
  std::vector<int64_t> keep;
  std::vector<int32_t> next;
  while (status.ok() && !rows.empty()) {
    const std::span<const float> logits = session.logits();
    keep.clear();
    next.clear();
    std::vector<Row> unfinished;
    for (size_t k = 0; k < rows.size(); ++k) {
      Row& row = rows[k];
      if (!failed[row.request].ok()) continue;
      const GenerateRequest& r = *valid[row.request];
      const std::span<const float> row_logits = logits.subspan(k * vocab, vocab);
      if (Status finite = CheckFinite(row_logits); !finite.ok()) {
        failed[row.request] = finite;
        continue;
      }
      const TokenChoice choice = ChooseToken(row_logits, r.sampling, row.rng);
      Continuation& c = row.continuation;
      c.tokens.push_back(choice.token);
      c.logprobs.push_back(choice.logprob);
      const auto total = static_cast<int64_t>(r.context.size() + c.tokens.size());
      bool finished = true;
      if (IsEndToken(r, choice.token)) {
        c.finish = FinishReason::kEndOfSequence;
      } else if (StatusOr<bool> stop = matchers[row.request].Matches(c.tokens); !stop.ok()) {
        failed[row.request] = stop.status();
        continue;
      } else if (*stop) {
        c.finish = FinishReason::kDelimiter;
      } else if (static_cast<int>(c.tokens.size()) >= r.sampling.max_tokens ||
                 total >= info.context_length) {
        c.finish = FinishReason::kLength;
      } else {
        finished = false;
      }
      if (finished) {
        done[row.request][row.sample] = std::move(c);
      } else {
        keep.push_back(static_cast<int64_t>(k));
        next.push_back(choice.token);
        unfinished.push_back(std::move(row));
      }
    }
    if (unfinished.empty()) break;
    if (unfinished.size() < rows.size()) status = session.Select(keep);
    if (status.ok()) status = session.Step(next);
    rows = std::move(unfinished);
  }
  if (!status.ok()) return fail_all(status);
  for (size_t i = 0; i < valid.size(); ++i) {
    if (failed[i].ok()) {
      results[origin[i]]->continuations = std::move(done[i]);
    } else {
      results[origin[i]] = failed[i];
    }
  }
  return results;
}

}  // namespace ponder
