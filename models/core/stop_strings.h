// StopStringMatcher: notices when generated text reaches a stop string (the
// step delimiter), checking after each token.
//
// Text is decoded from a window of the last tokens only, long enough to hold
// any stop string (a token decodes to at least one byte), so a check costs
// the same however long the continuation grows. Because the check runs after
// every token, a stop string found in the window must end in the newest token.
// While the window still starts at the continuation's first token, it is
// decoded as it reads after the context (continuation_text.h), so a leading
// space that a SentencePiece decoder would strip from a bare text counts.
// Immutable; thread-safe if the tokenizer is.
#pragma once

#include <span>
#include <string>
#include <vector>

#include "models/tokenizer/tokenizer.h"
#include "search/base/status.h"

namespace ponder {

class StopStringMatcher {
 public:
  // `tokenizer` may be null only when `stops` is empty. `context` is what the
  // generated tokens continue. Both must outlive the matcher.
  StopStringMatcher(const Tokenizer* tokenizer, std::vector<std::string> stops,
                    std::span<const int32_t> context = {});

  // Whether the text of `generated` now contains a stop string.
  StatusOr<bool> Matches(std::span<const int32_t> generated) const;

  bool empty() const { return stops_.empty(); }

 private:
  const Tokenizer* tokenizer_;
  std::vector<std::string> stops_;
  std::span<const int32_t> context_;
  size_t window_ = 0;  // tokens decoded per check
};

}  // namespace ponder
