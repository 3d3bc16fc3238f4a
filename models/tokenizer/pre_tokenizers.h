// tokenizer.json pre-tokenizers: Split (regex or literal, with its delimiter
// behaviour), ByteLevel, Metaspace, Digits and Sequence of these. A
// pre-tokenizer cuts pieces of text into smaller pieces (words) that BPE then
// encodes one by one. Immutable and thread-safe.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "models/tokenizer/json_fields.h"
#include "models/tokenizer/regex.h"
#include "search/base/status.h"

namespace ponder::tokenizer {

struct TextPiece {
  std::string text;
  // Whether the piece begins at the very start of the encoded text (not after
  // an added token); Metaspace's prepend_scheme "first" depends on it.
  bool at_text_start = false;
};

class PreTokenizer {
 public:
  virtual ~PreTokenizer() = default;
  // Replaces `pieces` by their split; empty pieces are dropped.
  virtual Status Split(std::vector<TextPiece>& pieces) const = 0;
  // Whether the pieces come out in GPT-2's byte-level alphabet.
  virtual bool MapsToByteLevel() const { return false; }
};

StatusOr<std::unique_ptr<PreTokenizer>> ParsePreTokenizer(const Json& spec, std::string_view path);

// How a Split keeps the delimiters it finds.
enum class SplitBehavior { kRemoved, kIsolated, kMergedWithPrevious, kMergedWithNext, kContiguous };

struct SplitRule {
  SplitBehavior behavior = SplitBehavior::kIsolated;
  // The matches are the pieces and the text between them the delimiters.
  bool invert = false;
};

// Cuts `piece` at `matches` (sorted, non-overlapping) and appends the
// non-empty parts to `out`, delimiters kept as `rule` says (Hugging Face's
// SplitDelimiterBehavior).
void SplitAtMatches(const TextPiece& piece, const std::vector<ByteSpan>& matches, SplitRule rule,
                    std::vector<TextPiece>& out);

}  // namespace ponder::tokenizer
