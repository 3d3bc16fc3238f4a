#include "models/tokenizer/added_tokens.h"

#include <algorithm>

#include "models/tokenizer/unicode.h"
#include "models/tokenizer/utf8.h"

namespace ponder::tokenizer {
namespace {

// The code point ending text[0, end): the text is valid UTF-8, so step back
// over continuation bytes.
char32_t LastChar(std::string_view text, size_t end) {
  size_t begin = end - 1;
  while (begin > 0 && (static_cast<uint8_t>(text[begin]) & 0xC0) == 0x80) --begin;
  const size_t length = Utf8CharLength(text, begin);
  return length == 0 ? 0xFFFD : DecodeUtf8Char(text, begin, length);
}

char32_t FirstChar(std::string_view text, size_t begin) {
  const size_t length = Utf8CharLength(text, begin);
  return length == 0 ? 0xFFFD : DecodeUtf8Char(text, begin, length);
}

size_t CharBefore(std::string_view text, size_t end) {
  size_t begin = end - 1;
  while (begin > 0 && (static_cast<uint8_t>(text[begin]) & 0xC0) == 0x80) --begin;
  return begin;
}

}  // namespace

AddedTokenMatcher::AddedTokenMatcher(std::vector<AddedToken> tokens,
                                     std::vector<std::string> patterns)
    : tokens_(std::move(tokens)) {
  trie_.emplace_back();
  for (size_t t = 0; t < patterns.size(); ++t) {
    const std::string& pattern = patterns[t];
    if (pattern.empty()) continue;
    first_byte_[static_cast<uint8_t>(pattern[0])] = true;
    int32_t node = 0;
    for (char c : pattern) {
      const auto byte = static_cast<uint8_t>(c);
      int32_t child = Child(node, byte);
      if (child < 0) {
        child = static_cast<int32_t>(trie_.size());
        trie_.emplace_back();
        auto& children = trie_[node].children;
        children.insert(
            std::lower_bound(children.begin(), children.end(), std::make_pair(byte, int32_t{-1})),
            {byte, child});
      }
      node = child;
    }
    // The first token with a given pattern keeps it, as the first pattern wins in a trie.
    if (trie_[node].token < 0) trie_[node].token = static_cast<int32_t>(t);
  }
}

int32_t AddedTokenMatcher::Child(int32_t node, uint8_t byte) const {
  const auto& children = trie_[node].children;
  auto it = std::lower_bound(children.begin(), children.end(), std::make_pair(byte, int32_t{-1}));
  return it != children.end() && it->first == byte ? it->second : -1;
}

bool AddedTokenMatcher::FindLeftmostLongest(std::string_view text, size_t from,
                                            Match& match) const {
  for (size_t begin = from; begin < text.size(); ++begin) {
    if (!first_byte_[static_cast<uint8_t>(text[begin])]) continue;
    int32_t node = 0;
    int32_t best = -1;
    size_t best_end = 0;
    for (size_t i = begin; i < text.size(); ++i) {
      node = Child(node, static_cast<uint8_t>(text[i]));
      if (node < 0) break;
      if (trie_[node].token >= 0) {
        best = trie_[node].token;
        best_end = i + 1;
      }
    }
    if (best >= 0) {
      match = {begin, best_end, best};
      return true;
    }
  }
  return false;
}

void AddedTokenMatcher::Split(std::string_view text, std::vector<TextSegment>& out) const {
  if (text.empty()) {
    out.push_back({0, 0, -1});
    return;
  }
  size_t consumed = 0;  // end of the last segment emitted
  size_t search_from = 0;
  Match match{};
  while (!tokens_.empty() && FindLeftmostLongest(text, search_from, match)) {
    // Like Hugging Face, searching resumes after the match even when the match is discarded.
    search_from = match.end;
    const AddedToken& token = tokens_[match.token];
    size_t begin = match.begin;
    size_t end = match.end;
    if (begin < consumed) continue;  // inside whitespace that an rstrip already took
    if (token.single_word) {
      const bool word_before = begin > 0 && IsUnicodeWordChar(LastChar(text, begin));
      const bool word_after = end < text.size() && IsUnicodeWordChar(FirstChar(text, end));
      if (word_before || word_after) continue;
    }
    if (token.lstrip) {
      while (begin > consumed && IsUnicodeWhitespace(LastChar(text, begin))) {
        begin = CharBefore(text, begin);
      }
    }
    if (token.rstrip) {
      while (end < text.size() && IsUnicodeWhitespace(FirstChar(text, end))) {
        const size_t length = Utf8CharLength(text, end);
        end += length == 0 ? 1 : length;
      }
    }
    if (consumed < begin) out.push_back({consumed, begin, -1});
    out.push_back({begin, end, token.id});
    consumed = end;
  }
  if (consumed < text.size()) out.push_back({consumed, text.size(), -1});
}

}  // namespace ponder::tokenizer
