#include "models/core/stop_strings.h"

#include <gtest/gtest.h>

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
