#include "models/core/prefix_cache.h"

#include <gtest/gtest.h>

#include <string>

namespace ponder {
namespace {

constexpr uint64_t kTree = 9;

PrefixMark Mark(NodeId node, int64_t end) { return {{kTree, node}, end}; }

// The payload of a segment is its tokens as text, so a test can see what came back.
std::string Text(std::span<const int32_t> tokens) {
  std::string s;
  for (int32_t t : tokens) s += std::to_string(t) + ",";
  return s;
}

class PrefixCacheTest : public ::testing::Test {
 protected:
  // Caches the segment of marks[i] of `context`.
  void Put(PrefixCache<std::string>& cache, const std::vector<int32_t>& context,
           const std::vector<PrefixMark>& marks, size_t i, int64_t bytes = 10) {
    const int64_t start = i == 0 ? 0 : marks[i - 1].end;
    std::span<const int32_t> segment(context.data() + start,
                                     static_cast<size_t>(marks[i].end - start));
    cache.Insert(marks[i].key, std::span(context).first(static_cast<size_t>(marks[i].end)), start,
                 Text(segment), bytes);
  }

  // root (prompt 1 2 3) -> node 1 (4 5) -> node 2 (6) and node 3 (7 8)
  std::vector<int32_t> path2_ = {1, 2, 3, 4, 5, 6};
  std::vector<PrefixMark> marks2_ = {Mark(0, 3), Mark(1, 5), Mark(2, 6)};
  std::vector<int32_t> path3_ = {1, 2, 3, 4, 5, 7, 8};
  std::vector<PrefixMark> marks3_ = {Mark(0, 3), Mark(1, 5), Mark(3, 7)};
};

TEST_F(PrefixCacheTest, SiblingsShareTheirAncestorsSegments) {
  PrefixCache<std::string> cache(1000);
  for (size_t i = 0; i < marks2_.size(); ++i) Put(cache, path2_, marks2_, i);
  auto hit = cache.Lookup(path3_, marks3_);
  EXPECT_EQ(hit.marks, 2u);
  EXPECT_EQ(hit.end, 5);
  ASSERT_EQ(hit.payloads.size(), 2u);
  EXPECT_EQ(hit.payloads[0], "1,2,3,");
  EXPECT_EQ(hit.payloads[1], "4,5,");
  EXPECT_EQ(cache.Lookup(path2_, marks2_).end, 6);
  EXPECT_EQ(cache.bytes(), 30);
}

TEST_F(PrefixCacheTest, ReuseIsCheckedTokenForToken) {
  PrefixCache<std::string> cache(1000);
  for (size_t i = 0; i < marks2_.size(); ++i) Put(cache, path2_, marks2_, i);
  std::vector<int32_t> other = {1, 2, 3, 4, 9, 6};  // node 1's tokens differ
  EXPECT_EQ(cache.Lookup(other, marks2_).end, 3);
  std::vector<PrefixMark> shifted = {Mark(0, 2), Mark(1, 5)};  // a different boundary
  EXPECT_EQ(cache.Lookup(path2_, shifted).marks, 0u);
  std::vector<PrefixMark> skipping = {Mark(1, 5)};  // node 1 without its parent
  EXPECT_EQ(cache.Lookup(path2_, skipping).marks, 0u);
}

TEST_F(PrefixCacheTest, ASegmentIsReusedOnlyAfterTheContextItWasComputedAfter) {
  PrefixCache<std::string> cache(1000);
  for (size_t i = 0; i < marks2_.size(); ++i) Put(cache, path2_, marks2_, i);
  // The root's key now holds another prompt of the same length (a reused key).
  const std::vector<int32_t> other = {1, 2, 9, 4, 5, 6};
  Put(cache, other, marks2_, 0);
  // Node 1's segment (4 5) matches token for token, but its state was computed after
  // 1 2 3, not 1 2 9: only the root may be reused.
  EXPECT_EQ(cache.Lookup(other, marks2_).end, 3);
  EXPECT_EQ(cache.Lookup(path2_, marks2_).end, 0) << "the root no longer holds 1 2 3";
}

TEST_F(PrefixCacheTest, EvictsLeastRecentlyUsedWithinTheCapacity) {
  PrefixCache<std::string> cache(30);
  for (size_t i = 0; i < marks2_.size(); ++i) Put(cache, path2_, marks2_, i);
  EXPECT_EQ(cache.Lookup(path2_, {marks2_.data(), 1}).end, 3);  // the root is now most recent
  Put(cache, path3_, marks3_, 2);                               // evicts node 1, the LRU
  EXPECT_EQ(cache.evictions(), 1);
  EXPECT_EQ(cache.size(), 3u);
  EXPECT_EQ(cache.bytes(), 30);
  EXPECT_EQ(cache.Lookup(path3_, marks3_).end, 3) << "node 3 is unusable without node 1";
  Put(cache, path3_, marks3_, 1);  // recomputing node 1 makes node 3 usable again
  EXPECT_EQ(cache.Lookup(path3_, marks3_).end, 7);
  EXPECT_FALSE(cache.Insert({kTree, 50}, path2_, 0, "too big", 31));
  EXPECT_LE(cache.bytes(), cache.capacity());
}

TEST_F(PrefixCacheTest, ForgetFreesNodesAndZeroCapacityCachesNothing) {
  PrefixCache<std::string> cache(1000);
  for (size_t i = 0; i < marks2_.size(); ++i) Put(cache, path2_, marks2_, i);
  std::vector<CacheKey> drop = {{kTree, 1}, {kTree, 2}, {kTree + 1, 0}};
  cache.Forget(drop);
  EXPECT_EQ(cache.size(), 1u);
  EXPECT_EQ(cache.bytes(), 10);
  EXPECT_EQ(cache.Lookup(path2_, marks2_).end, 3);

  PrefixCache<std::string> none(0);
  Put(none, path2_, marks2_, 0);
  EXPECT_EQ(none.size(), 0u);
}

}  // namespace
}  // namespace ponder
