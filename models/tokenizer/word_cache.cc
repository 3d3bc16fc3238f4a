#include "models/tokenizer/word_cache.h"

namespace ponder::tokenizer {

bool WordCache::Lookup(std::string_view word, std::vector<int32_t>& out) const {
  if (shard_capacity_ == 0) return false;
  Shard& shard = ShardOf(word);
  std::lock_guard lock(shard.mutex);
  auto it = shard.words.find(word);
  if (it == shard.words.end()) return false;
  out.insert(out.end(), it->second.begin(), it->second.end());
  return true;
}

void WordCache::Insert(std::string_view word, std::span<const int32_t> ids) {
  if (shard_capacity_ == 0) return;
  Shard& shard = ShardOf(word);
  std::lock_guard lock(shard.mutex);
  if (shard.words.size() >= shard_capacity_) return;
  shard.words.emplace(std::string(word), std::vector<int32_t>(ids.begin(), ids.end()));
}

}  // namespace ponder::tokenizer
