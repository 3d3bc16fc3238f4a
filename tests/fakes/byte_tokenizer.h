// ByteTokenizer: one token per byte (ids 0-255), plus BOS 256 and EOS 257,
// which decode to "<s>" and "</s>". For tests of code that needs a tokenizer
// but not a real vocabulary. Immutable; thread-safe.
#pragma once

#include "models/tokenizer/tokenizer.h"

namespace ponder::testing {

class ByteTokenizer final : public Tokenizer {
 public:
  static constexpr int32_t kBos = 256;
  static constexpr int32_t kEos = 257;

  ByteTokenizer() { special_.bos = kBos, special_.eos = kEos; }

  StatusOr<std::vector<int32_t>> Encode(std::string_view text) const override {
    std::vector<int32_t> ids;
    for (char c : text) ids.push_back(static_cast<uint8_t>(c));
    return ids;
  }
  StatusOr<std::string> Decode(std::span<const int32_t> ids) const override {
    std::string text;
    for (int32_t id : ids) {
      if (id == kBos) {
        text += "<s>";
      } else if (id == kEos) {
        text += "</s>";
      } else if (id >= 0 && id < 256) {
        text.push_back(static_cast<char>(id));
      } else {
        return InvalidArgumentError("token id " + std::to_string(id) + " is not a byte");
      }
    }
    return text;
  }
  int32_t vocab_size() const override { return 258; }
  std::optional<int32_t> TokenId(std::string_view token) const override {
    if (token == "<s>") return kBos;
    if (token == "</s>") return kEos;
    if (token.size() == 1) return static_cast<uint8_t>(token[0]);
    return std::nullopt;
  }
  const SpecialTokens& special_tokens() const override { return special_; }

 private:
  SpecialTokens special_;
};

}  // namespace ponder::testing
