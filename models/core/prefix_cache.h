// PrefixCache: the bookkeeping of a tree-shared prefix cache, independent of
// what is stored (a backend's keys/values, as a Payload).
//
// One entry per search node: the segment of the context that node added
// (tokens [start, end) beyond its parent's context), the payload computed for
// it, and the whole context [0, end) it was computed after. A request's marks
// (language_model.h) name the nodes on its path; the usable prefix is the
// longest run of marks, from the first, whose entries exist, tile the context
// and were computed after exactly the request's tokens [0, end): a key reused
// for other tokens, or an ancestor's key re-cached with other tokens, is a
// miss, never another context's state. Entries are evicted least-recently-used
// first to keep the payloads' bytes within the capacity; an evicted ancestor
// only makes its descendants unusable until it is computed again.
//
// Thread-safety: none; the owning model serialises access.
#pragma once

#include <cstdint>
#include <list>
#include <map>
#include <span>
#include <vector>

#include "models/core/language_model.h"

namespace ponder {

template <class Payload>
class PrefixCache {
 public:
  explicit PrefixCache(int64_t capacity_bytes) : capacity_(capacity_bytes) {}

  struct Hit {
    size_t marks = 0;               // marks[0, marks) are cached
    int64_t end = 0;                // the tokens they cover: context[0, end)
    std::vector<Payload> payloads;  // one per cached mark, in order
  };

  // The longest cached prefix of `context` along `marks`; marks it recently used.
  Hit Lookup(std::span<const int32_t> context, std::span<const PrefixMark> marks) {
    Hit hit;
    for (const PrefixMark& mark : marks) {
      auto it = entries_.find(mark.key);
      if (it == entries_.end()) break;
      const Entry& e = it->second;
      if (e.start != hit.end || static_cast<int64_t>(e.context.size()) != mark.end ||
          !std::equal(e.context.begin(), e.context.end(), context.begin())) {
        break;
      }
      Touch(it->second);
      hit.payloads.push_back(e.payload);
      hit.end = mark.end;
      ++hit.marks;
    }
    return hit;
  }

  // Stores the segment [start, context.size()) of node `key`, whose whole
  // context is `context`, replacing any older entry, evicting others as needed.
  // Returns false (and stores nothing) when `bytes` alone exceeds the capacity.
  bool Insert(CacheKey key, std::span<const int32_t> context, int64_t start, Payload payload,
              int64_t bytes) {
    Erase(key);
    if (bytes > capacity_) return false;
    while (bytes_ + bytes > capacity_ && !lru_.empty()) {
      Erase(lru_.back());
      ++evictions_;
    }
    lru_.push_front(key);
    entries_.emplace(key, Entry{start, std::vector<int32_t>(context.begin(), context.end()),
                                std::move(payload), bytes, lru_.begin()});
    bytes_ += bytes;
    return true;
  }

  void Forget(std::span<const CacheKey> keys) {
    for (const CacheKey& key : keys) Erase(key);
  }

  int64_t bytes() const { return bytes_; }
  int64_t capacity() const { return capacity_; }
  size_t size() const { return entries_.size(); }
  int64_t evictions() const { return evictions_; }

 private:
  struct Entry {
    int64_t start;
    std::vector<int32_t> context;  // [0, end): the segment's tokens and all before them
    Payload payload;
    int64_t bytes;
    typename std::list<CacheKey>::iterator lru;
  };

  void Touch(Entry& e) { lru_.splice(lru_.begin(), lru_, e.lru); }

  void Erase(CacheKey key) {
    auto it = entries_.find(key);
    if (it == entries_.end()) return;
    bytes_ -= it->second.bytes;
    lru_.erase(it->second.lru);
    entries_.erase(it);
  }

  int64_t capacity_;
  int64_t bytes_ = 0;
  int64_t evictions_ = 0;
  std::map<CacheKey, Entry> entries_;
  std::list<CacheKey> lru_;  // most recently used first
};

}  // namespace ponder
