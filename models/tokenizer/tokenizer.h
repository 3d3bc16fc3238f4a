// Tokenizer: text to token ids and back, for the model families ponder loads.
//
// Implementations: byte-level BPE from tokenizer.json (GPT-2, Qwen2/Qwen3,
// Llama 3), SentencePiece-converted BPE from tokenizer.json (Llama 2, Mistral,
// TinyLlama), and tokenizer.model (SentencePiece protobuf) read natively.
// Thread-safety: a loaded tokenizer is immutable; every method may be called
// concurrently.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "search/base/status.h"

namespace ponder {

struct SpecialTokens {
  std::optional<int32_t> bos;
  std::optional<int32_t> eos;
  std::optional<int32_t> pad;
  std::optional<int32_t> unk;
  // Every id that ends a generation: `eos` first, then the other end ids that
  // generation_config.json and config.json list (Llama 3 Instruct ends turns
  // with <|eot_id|> but lists <|end_of_text|> too). Empty when eos is unknown.
  std::vector<int32_t> eos_ids;
  // Whether the model's reference tokenizer puts `bos` before a prompt
  // (tokenizer_config.json's add_bos_token, else what the tokenizer file's
  // post-processor or SentencePiece convention does).
  bool add_bos = false;
};

class Tokenizer {
 public:
  virtual ~Tokenizer() = default;

  // The ids of `text` with no special tokens added (a caller adds BOS when its
  // model wants one). Added/special tokens written literally in the text are
  // matched as the reference implementation matches them.
  virtual StatusOr<std::vector<int32_t>> Encode(std::string_view text) const = 0;

  // The text of `ids`, as bytes (a cut-off multi-byte character may leave
  // invalid UTF-8 at the end). Special tokens are kept in the text.
  virtual StatusOr<std::string> Decode(std::span<const int32_t> ids) const = 0;

  virtual int32_t vocab_size() const = 0;
  // The id of a token by its exact vocabulary string (e.g. "<|im_end|>"), if any.
  virtual std::optional<int32_t> TokenId(std::string_view token) const = 0;
  virtual const SpecialTokens& special_tokens() const = 0;
};

// Loads the tokenizer of a model or tokenizer folder: tokenizer.json if present,
// else tokenizer.model; special tokens from tokenizer_config.json, config.json
// and generation_config.json when present (docs/tokenizers.md has the order).
StatusOr<std::unique_ptr<Tokenizer>> LoadTokenizer(const std::filesystem::path& dir);

}  // namespace ponder
