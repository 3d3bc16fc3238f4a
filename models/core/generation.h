// The generation loop every LanguageModel backend shares: validation,
// sampling, stop strings, end tokens, length limits, n samples per request and
// distinct next tokens, over a backend that only computes logits.
//
// A backend prefills a batch of contexts into a DecodeSession whose rows it
// then advances one token at a time. The loop forks each request's row into
// its n samples, samples every row, retires the rows that finished, and asks
// for the next logits of the rest, until none is left.
#pragma once

#include <memory>
#include <mutex>
#include <span>
#include <vector>

#include "models/core/language_model.h"
#include "models/tokenizer/tokenizer.h"

namespace ponder {

// Rows of sequences being decoded.
class DecodeSession {
 public:
  virtual ~DecodeSession() = default;
  virtual int64_t rows() const = 0;
  // The next-token logits of every row: rows() x vocab_size floats, row-major;
  // valid until the next Select or Step.
  virtual std::span<const float> logits() const = 0;
  // Keeps rows `rows`, in that order; a row may be listed more than once (forking it).
  virtual Status Select(std::span<const int64_t> rows) = 0;
  // Appends tokens[r] to row r and computes every row's next logits.
  virtual Status Step(std::span<const int32_t> tokens) = 0;
};

struct PrefillCount {
  int64_t computed = 0;
  int64_t reused = 0;
};

class DecodeBackend {
 public:
  virtual ~DecodeBackend() = default;
  // Computes each context (taking what its marks find cached and caching the
  // marked segments it computes); row i of the session is contexts[i].
  // counts->at(i) receives request i's prefill counts.
  virtual StatusOr<std::unique_ptr<DecodeSession>> Prefill(
      std::span<const GenerateRequest* const> requests, std::vector<PrefillCount>* counts) = 0;
};

// Whether `tokens` are a valid input: non-empty, within the vocabulary, and
// leaving `reserved` of the model's context length free (1 to generate a token).
Status ValidateTokens(std::span<const int32_t> tokens, const LanguageModelInfo& info,
                      int64_t reserved);

// Whether `marks` increase strictly and lie within a context of `length` tokens.
Status ValidatePrefixMarks(std::span<const PrefixMark> marks, int64_t length);

// Whether `request` can run on a model described by `info`; `has_tokenizer`
// says whether stop strings can be decoded. Errors say what is wrong with
// which field, e.g. a context longer than the model's context length.
Status ValidateGenerateRequest(const GenerateRequest& request, const LanguageModelInfo& info,
                               bool has_tokenizer);

// Runs `requests` on `backend`; `tokenizer` (may be null) decodes for stop strings.
std::vector<StatusOr<GenerateResult>> RunGeneration(DecodeBackend& backend,
                                                    const LanguageModelInfo& info,
                                                    const Tokenizer* tokenizer,
                                                    std::span<const GenerateRequest> requests);

// A LanguageModel whose Generate runs RunGeneration with itself as the
// backend. One mutex serialises every call: derived classes take mu_ in their
// other public methods (PositionLogits, Forget).
class LoopLanguageModel : public LanguageModel, protected DecodeBackend {
 public:
  std::vector<StatusOr<GenerateResult>> Generate(std::span<const GenerateRequest> requests) final {
    std::lock_guard lock(mu_);
    return RunGeneration(*this, info_, tokenizer_.get(), requests);
  }
  const LanguageModelInfo& info() const final { return info_; }

 protected:
  // `tokenizer` (may be null) decodes for stop strings.
  LoopLanguageModel(LanguageModelInfo info, std::shared_ptr<const Tokenizer> tokenizer)
      : info_(std::move(info)), tokenizer_(std::move(tokenizer)) {}

  std::mutex mu_;
  const LanguageModelInfo info_;

 private:
  std::shared_ptr<const Tokenizer> tokenizer_;
};

}  // namespace ponder
