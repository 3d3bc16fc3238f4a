// A compiled pre-tokenizer regex with the semantics of Hugging Face tokenizers'
// Oniguruma regexes, run by PCRE2 (UTF, UCP, JIT).
//
// Oniguruma's Unicode \s is the White_Space property, which PCRE2's \s lacks
// U+0085 from, and its \w is Alphabetic/Mark/Decimal_Number/
// Connector_Punctuation; Compile rewrites \s, \S, \w and \W to explicit classes
// so both engines agree. Thread-safety: a compiled Regex is immutable and
// FindAll may run concurrently (each thread keeps its own match data).
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "search/base/status.h"

namespace ponder::tokenizer {

// A byte range [begin, end) of a text.
struct ByteSpan {
  size_t begin = 0;
  size_t end = 0;
};

class Regex {
 public:
  // Compiles an Oniguruma-syntax pattern as used in tokenizer.json files.
  static StatusOr<std::shared_ptr<const Regex>> Compile(std::string_view pattern);

  ~Regex();
  Regex(const Regex&) = delete;
  Regex& operator=(const Regex&) = delete;

  // Appends every non-empty, non-overlapping match of `text` (valid UTF-8),
  // leftmost first, to `matches`.
  Status FindAll(std::string_view text, std::vector<ByteSpan>& matches) const;

  const std::string& pattern() const { return pattern_; }

 private:
  struct Code;
  Regex(std::string pattern, Code* code) : pattern_(std::move(pattern)), code_(code) {}

  std::string pattern_;
  Code* code_;
};

// The PCRE2 form of an Oniguruma pattern (exposed for tests).
std::string TranslateOnigurumaPattern(std::string_view pattern);

}  // namespace ponder::tokenizer
