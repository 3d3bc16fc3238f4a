// A bounded, thread-safe cache from a pre-tokenized word to its BPE ids.
//
// Natural text repeats a small set of words, so most BPE calls become one hash
// lookup. Sixteen independently locked shards keep concurrent encoders from
// queueing on one mutex. When a shard is full it stops taking new words (as
// Hugging Face's cache does): no eviction work on the hot path.
#pragma once

#include <array>
#include <cstdint>
#include <mutex>
#include <span>
#include <string_view>
#include <vector>

#include "models/tokenizer/string_map.h"

namespace ponder::tokenizer {

class WordCache {
 public:
  // `capacity` words in all; 0 disables the cache.
  explicit WordCache(size_t capacity) : shard_capacity_(capacity / kShards) {}

  // Appends the cached ids of `word` to `out` and returns true, or returns false.
  bool Lookup(std::string_view word, std::vector<int32_t>& out) const;
  void Insert(std::string_view word, std::span<const int32_t> ids);

 private:
  static constexpr size_t kShards = 16;
  struct Shard {
    mutable std::mutex mutex;
    StringMap<std::vector<int32_t>> words;
  };
  Shard& ShardOf(std::string_view word) const { return shards_[StringHash{}(word) % kShards]; }

  size_t shard_capacity_;
  mutable std::array<Shard, kShards> shards_;
};

}  // namespace ponder::tokenizer
