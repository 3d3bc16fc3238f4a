// A SentencePiece BPE tokenizer read natively from tokenizer.model (no
// libsentencepiece, whose bundled protobuf cannot share a process with
// LibTorch).
//
// Encoding follows SentencePiece: normalize as the model's NormalizerSpec says
// (remove extra whitespace, add the dummy "▁" prefix, escape spaces as "▁";
// only the identity character map is supported), split into characters (a
// user-defined symbol stays whole), merge the adjacent pair whose merged piece
// has the highest score (leftmost on ties) until none is in the vocabulary,
// then map unknown pieces to byte pieces (byte_fallback) or to <unk>. Literal
// "<s>" in the text is plain text, as in SentencePiece.
// Thread-safety: immutable after loading; all methods may run concurrently.
#pragma once

#include <filesystem>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "models/tokenizer/sentencepiece_model.h"
#include "models/tokenizer/string_map.h"
#include "models/tokenizer/tokenizer.h"

namespace ponder::tokenizer {

class SentencePieceTokenizer final : public Tokenizer {
 public:
  static StatusOr<std::unique_ptr<SentencePieceTokenizer>> FromFile(
      const std::filesystem::path& path);
  // Fails for models this class cannot encode faithfully (Unigram, a
  // non-identity character map); `source` names the file in errors.
  static StatusOr<std::unique_ptr<SentencePieceTokenizer>> FromModel(SentencePieceModel model,
                                                                     std::string_view source);

  StatusOr<std::vector<int32_t>> Encode(std::string_view text) const override;
  StatusOr<std::string> Decode(std::span<const int32_t> ids) const override;
  int32_t vocab_size() const override { return static_cast<int32_t>(model_.pieces.size()); }
  std::optional<int32_t> TokenId(std::string_view token) const override;
  const SpecialTokens& special_tokens() const override { return special_tokens_; }

  void set_special_tokens(SpecialTokens tokens) { special_tokens_ = std::move(tokens); }
  // The special tokens the model file itself declares (trainer_spec ids);
  // SentencePiece-based Llama tokenizers prepend BOS.
  SpecialTokens DeclaredSpecialTokens() const;

  // The text SentencePiece's normalizer makes of `text` (exposed for tests).
  std::string Normalize(std::string_view text) const;

 private:
  explicit SentencePieceTokenizer(SentencePieceModel model) : model_(std::move(model)) {}
  // Splits normalized text into initial symbols: user-defined pieces whole, else characters.
  void SplitSymbols(std::string_view text, std::vector<std::string_view>& symbols,
                    std::vector<bool>& frozen) const;
  void EmitPiece(std::string_view piece, std::vector<int32_t>& ids, bool& previous_unknown) const;

  SentencePieceModel model_;
  StringMap<int32_t> mergeable_;           // NORMAL, USER_DEFINED and UNUSED pieces
  StringMap<int32_t> reserved_;            // CONTROL, UNKNOWN and BYTE pieces
  std::vector<std::string> user_defined_;  // longest first
  std::optional<int32_t> unk_id_;
  std::vector<int32_t> byte_ids_;  // byte value -> id of its <0xXX> piece, or -1
  SpecialTokens special_tokens_;
};

}  // namespace ponder::tokenizer
