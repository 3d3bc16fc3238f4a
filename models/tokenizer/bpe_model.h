// The BPE model of Hugging Face tokenizer.json files: a vocabulary, merges
// ranked by their order, and how characters missing from the vocabulary are
// handled (byte fallback to <0xXX> tokens, an unknown token, or dropped).
//
// Encoding a word starts from its characters and repeatedly applies the
// lowest-ranked merge among adjacent pairs (leftmost first on ties). Pairs wait
// in a heap, so a word of n characters costs O(n log n), not O(n^2). Results of
// words up to 256 bytes are cached.
// Thread-safety: immutable after Create except for the internally locked cache.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "models/tokenizer/string_map.h"
#include "models/tokenizer/word_cache.h"
#include "search/base/status.h"

namespace ponder::tokenizer {

struct BpeConfig {
  // Token strings by id (ids need not be dense; gaps are allowed).
  std::vector<std::pair<std::string, int32_t>> vocab;
  // Merges in rank order.
  std::vector<std::pair<std::string, std::string>> merges;
  std::optional<std::string> unk_token;
  bool fuse_unk = false;
  bool byte_fallback = false;
  // A word that is itself in the vocabulary is one token, whatever the merges say (Llama 3).
  bool ignore_merges = false;
  std::string continuing_subword_prefix;
  std::string end_of_word_suffix;
  // Words cached, 0 to disable.
  size_t cache_capacity = 10000;
};

class BpeModel {
 public:
  // Fails when a merge names a token missing from the vocabulary, when a merged
  // token is not in the vocabulary, or when unk_token is not in it. Messages
  // name the entry ("merges[12]") for the caller to prefix with the file.
  static StatusOr<std::unique_ptr<BpeModel>> Create(BpeConfig config);

  // Appends the ids of `word` (one pre-tokenized piece, in the vocabulary's
  // alphabet) to `out`.
  void Tokenize(std::string_view word, std::vector<int32_t>& out) const;

  std::optional<int32_t> TokenToId(std::string_view token) const;
  // The token string of `id`, or nullptr when no token has that id.
  const std::string* IdToToken(int32_t id) const;
  // One more than the largest id.
  int32_t id_limit() const { return static_cast<int32_t>(id_to_token_.size()); }

 private:
  struct Merge {
    int32_t rank;
    int32_t new_id;
  };
  explicit BpeModel(const BpeConfig& config);

  void SplitIntoSymbols(std::string_view word, std::vector<int32_t>& symbols) const;
  void ApplyMerges(std::vector<int32_t>& symbols) const;
  const Merge* FindMerge(int32_t left, int32_t right) const;

  StringMap<int32_t> token_to_id_;
  std::vector<std::string> id_to_token_;
  std::vector<bool> has_id_;
  std::unordered_map<uint64_t, Merge> merges_;
  std::optional<int32_t> unk_id_;
  bool fuse_unk_;
  bool byte_fallback_;
  bool ignore_merges_;
  std::string continuing_subword_prefix_;
  std::string end_of_word_suffix_;
  std::unique_ptr<WordCache> cache_;
};

}  // namespace ponder::tokenizer
