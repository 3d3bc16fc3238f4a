// Added tokens (special tokens such as "<|im_end|>" and extra tokens such as
// "<think>") and how Hugging Face finds them in text before normalization and
// pre-tokenization: leftmost-longest matches, with the single_word, lstrip and
// rstrip flags applied as its AddedVocabulary applies them.
// Immutable and thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace ponder::tokenizer {

struct AddedToken {
  std::string content;
  int32_t id = 0;
  // Matched only when not inside a word (no \w character on either side).
  bool single_word = false;
  // The match takes the whitespace on its left / right with it.
  bool lstrip = false;
  bool rstrip = false;
  // Matched in normalized text (true) or in the raw text (false).
  bool normalized = false;
  bool special = false;
};

// A piece of text: either an added token (id >= 0) or plain text (id < 0).
struct TextSegment {
  size_t begin = 0;
  size_t end = 0;
  int32_t id = -1;
};

class AddedTokenMatcher {
 public:
  AddedTokenMatcher() = default;
  // `patterns[i]` is what token `tokens[i]` looks like in the text it is
  // matched in (its content, normalized for normalized tokens).
  AddedTokenMatcher(std::vector<AddedToken> tokens, std::vector<std::string> patterns);

  bool empty() const { return tokens_.empty(); }

  // Cuts `text` into plain and added-token segments covering all of it, in
  // order. An empty text gives one empty plain segment.
  void Split(std::string_view text, std::vector<TextSegment>& out) const;

 private:
  struct Match {
    size_t begin;
    size_t end;
    int32_t token;  // index into tokens_
  };
  // The leftmost-longest match starting at or after `from`, if any.
  bool FindLeftmostLongest(std::string_view text, size_t from, Match& match) const;
  int32_t Child(int32_t node, uint8_t byte) const;

  struct Node {
    std::vector<std::pair<uint8_t, int32_t>> children;  // sorted by byte
    int32_t token = -1;
  };
  std::vector<AddedToken> tokens_;
  std::vector<Node> trie_;
  bool first_byte_[256] = {};
};

}  // namespace ponder::tokenizer
