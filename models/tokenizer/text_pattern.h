// The "pattern" of tokenizer.json's Split, Replace normalizer and Replace
// decoder: {"String": literal} or {"Regex": oniguruma-pattern}.
// Immutable and thread-safe.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "models/tokenizer/json_fields.h"
#include "models/tokenizer/regex.h"
#include "search/base/status.h"

namespace ponder::tokenizer {

class TextPattern {
 public:
  static StatusOr<TextPattern> Parse(const Json& spec, std::string_view path);
  static TextPattern Literal(std::string literal);

  // Appends the non-empty, non-overlapping matches in `text`, leftmost first.
  Status FindAll(std::string_view text, std::vector<ByteSpan>& matches) const;
  // `text` with every match replaced by `replacement`.
  StatusOr<std::string> ReplaceAll(std::string_view text, std::string_view replacement) const;

 private:
  std::string literal_;
  std::shared_ptr<const Regex> regex_;
};

}  // namespace ponder::tokenizer
