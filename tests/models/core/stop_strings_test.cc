#include "models/core/stop_strings.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "tests/fakes/byte_tokenizer.h"

namespace ponder {
namespace {

std::vector<int32_t> Ids(std::string_view text) {
  std::vector<int32_t> ids;
  for (char c : text) ids.push_back(static_cast<uint8_t>(c));
  return ids;
}

TEST(StopStringsTest, MatchesOnlyOnceTheStopStringIsComplete) {
  testing::ByteTokenizer tokenizer;
  StopStringMatcher matcher(&tokenizer, {"\n\n"});
  const std::string text = "x = 1.\n\nNext";
  std::vector<int32_t> generated;
  size_t matched_at = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    generated.push_back(static_cast<uint8_t>(text[i]));
    auto m = matcher.Matches(generated);
    ASSERT_TRUE(m.ok());
    if (*m) {
      matched_at = i;
      break;
    }
  }
  EXPECT_EQ(matched_at, 7u) << "right after the second newline";
}

TEST(StopStringsTest, LooksAtAWindowLongEnoughForTheLongestStop) {
  testing::ByteTokenizer tokenizer;
  StopStringMatcher matcher(&tokenizer, {"END", "\n"});
  EXPECT_TRUE(*matcher.Matches(Ids(std::string(1000, 'a') + "END")));
  EXPECT_FALSE(*matcher.Matches(Ids("EN")));
  EXPECT_TRUE(*matcher.Matches(Ids("a\n")));
}

// A SentencePiece decoder drops the space that starts a text; the first
// generated token's space is real, since the continuation follows its context.
TEST(StopStringsTest, AStopStringStartingWithASpaceMatchesAtTheStartOfAContinuation) {
  auto tokenizer = LoadTokenizer(std::filesystem::path(PONDER_SHARED_DIR) / "models/stories260K");
  ASSERT_TRUE(tokenizer.ok()) << tokenizer.status().ToString();
  const std::vector<int32_t> context = *(*tokenizer)->Encode("Once upon a time");
  const std::vector<int32_t> all = *(*tokenizer)->Encode("Once upon a time there was");
  ASSERT_TRUE(std::equal(context.begin(), context.end(), all.begin()));
  const std::vector<int32_t> generated(all.begin() + static_cast<ptrdiff_t>(context.size()),
                                       all.end());
  ASSERT_EQ(generated.size(), 2u) << "\u2581there, \u2581was";
  StopStringMatcher matcher(tokenizer->get(), {" there"}, context);
  EXPECT_TRUE(*matcher.Matches(std::span(generated).first(1)));
  StopStringMatcher later(tokenizer->get(), {" was"}, context);
  EXPECT_FALSE(*later.Matches(std::span(generated).first(1)));
  EXPECT_TRUE(*later.Matches(generated));
}

TEST(StopStringsTest, NoStopsNeedNoTokenizer) {
  StopStringMatcher matcher(nullptr, {});
  EXPECT_TRUE(matcher.empty());
  EXPECT_FALSE(*matcher.Matches(Ids("anything")));
  StopStringMatcher empties(nullptr, {""});  // an empty stop string would stop everything
  EXPECT_TRUE(empties.empty());
}

TEST(StopStringsTest, DecodeErrorsComeBack) {
  testing::ByteTokenizer tokenizer;
  StopStringMatcher matcher(&tokenizer, {"x"});
  std::vector<int32_t> bad = {1000};
  EXPECT_FALSE(matcher.Matches(bad).ok());
}

}  // namespace
}  // namespace ponder
