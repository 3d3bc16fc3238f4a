// The tokenizer's parts on small inputs: regex translation, split behaviours,
// the byte-level alphabet, BPE merge formats, SentencePiece normalization and
// the protobuf reader.
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "models/tokenizer/byte_level.h"
#include "models/tokenizer/hf_tokenizer.h"
#include "models/tokenizer/pre_tokenizers.h"
#include "models/tokenizer/protobuf_wire.h"
#include "models/tokenizer/regex.h"
#include "models/tokenizer/sentencepiece_tokenizer.h"
#include "tests/models/tokenizer/reference_cases.h"

namespace ponder::tokenizer {
namespace {

using nlohmann::json;

std::vector<std::string> Matches(const std::string& pattern, const std::string& text) {
  auto regex = Regex::Compile(pattern);
  EXPECT_TRUE(regex.ok()) << regex.status().ToString();
  std::vector<ByteSpan> spans;
  EXPECT_TRUE((*regex)->FindAll(text, spans).ok());
  std::vector<std::string> out;
  for (const ByteSpan& s : spans) out.push_back(text.substr(s.begin, s.end - s.begin));
  return out;
}

TEST(RegexTest, WhitespaceIsUnicodeWhiteSpaceAsInOniguruma) {
  EXPECT_EQ(TranslateOnigurumaPattern(R"(\s+(?!\S))"),
            R"([\t-\r\x{85}\p{Z}]+(?![^\t-\r\x{85}\p{Z}]))");
  EXPECT_EQ(TranslateOnigurumaPattern(R"([^\s\p{L}])"), R"([^\t-\r\x{85}\p{Z}\p{L}])");
  // An escaped bracket does not open a class; a ']' first in a class is a member.
  EXPECT_EQ(TranslateOnigurumaPattern(R"(\[\s[]\s])"),
            R"(\[[\t-\r\x{85}\p{Z}][]\t-\r\x{85}\p{Z}])");
  // U+0085 (NEL) is White_Space; PCRE2's own \s would not match it.
  EXPECT_EQ(Matches(R"(\s+)", "a\xC2\x85 b"), std::vector<std::string>({"\xC2\x85 "}));
  EXPECT_EQ(Matches(R"(\s+(?!\S)|\s+)", "a   b"), std::vector<std::string>({"  ", " "}));
  EXPECT_EQ(Matches(R"((?i:'s|'ll))", "IT'S YOU'LL"), std::vector<std::string>({"'S", "'LL"}));
  EXPECT_EQ(Matches(R"(\p{N}{1,3})", "1234567"), std::vector<std::string>({"123", "456", "7"}));
  EXPECT_EQ(Matches(R"(\w+)", "na\xC3\xAFve_x1"), std::vector<std::string>({"na\xC3\xAFve_x1"}));
}

TEST(RegexTest, EmptyMatchesProduceNoPieces) {
  EXPECT_EQ(Matches("x*", "axxb"), std::vector<std::string>({"xx"}));
  EXPECT_FALSE(Regex::Compile("(?<=a+)b").ok());  // PCRE2 rejects unbounded lookbehind
}

std::vector<std::string> SplitTexts(const std::string& text, const std::vector<ByteSpan>& matches,
                                    SplitBehavior behavior) {
  std::vector<TextPiece> out;
  SplitAtMatches({text, true}, matches, {behavior, false}, out);
  std::vector<std::string> texts;
  for (const auto& p : out) texts.push_back(p.text);
  return texts;
}

TEST(SplitTest, DelimiterBehaviours) {
  // "a--b-" with "-" matches at 1, 2 and 4.
  const std::string text = "a--b-";
  const std::vector<ByteSpan> dashes = {{1, 2}, {2, 3}, {4, 5}};
  using V = std::vector<std::string>;
  EXPECT_EQ(SplitTexts(text, dashes, SplitBehavior::kRemoved), V({"a", "b"}));
  EXPECT_EQ(SplitTexts(text, dashes, SplitBehavior::kIsolated), V({"a", "-", "-", "b", "-"}));
  EXPECT_EQ(SplitTexts(text, dashes, SplitBehavior::kMergedWithPrevious), V({"a-", "-", "b-"}));
  EXPECT_EQ(SplitTexts(text, dashes, SplitBehavior::kMergedWithNext), V({"a", "-", "-b", "-"}));
  EXPECT_EQ(SplitTexts(text, dashes, SplitBehavior::kContiguous), V({"a", "--", "b", "-"}));
}

TEST(ByteLevelTest, EveryByteRoundTrips) {
  const ByteLevelAlphabet& alphabet = ByteLevelAlphabet::Get();
  std::string bytes;
  for (int b = 0; b < 256; ++b) bytes.push_back(static_cast<char>(b));
  std::string mapped, back;
  alphabet.Encode(bytes, mapped);
  EXPECT_EQ(mapped.substr(0, 2), "\xC4\x80");  // byte 0 is U+0100
  EXPECT_EQ(mapped.find(' '), std::string::npos);
  ASSERT_TRUE(alphabet.Decode(mapped, back));
  EXPECT_EQ(back, bytes);
  EXPECT_FALSE(alphabet.Decode("\xE2\x96\x81", back));  // U+2581 is not in the alphabet
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

TEST(BpeTest, MergesAsPairsEncodeLikeMergesAsStrings) {
  json doc = json::parse(ReadFile(testing::SharedPath("models/stories260K/tokenizer.json")));
  auto as_strings = HfTokenizer::FromJsonText(doc.dump(), "strings");
  ASSERT_TRUE(as_strings.ok());
  json pairs = json::array();
  for (const json& merge : doc["model"]["merges"]) {
    const std::string line = merge;
    pairs.push_back({line.substr(0, line.find(' ')), line.substr(line.find(' ') + 1)});
  }
  doc["model"]["merges"] = pairs;
  auto as_pairs = HfTokenizer::FromJsonText(doc.dump(), "pairs");
  ASSERT_TRUE(as_pairs.ok()) << as_pairs.status().ToString();
  for (const char* text :
       {"Once upon a time, there was a big dog named Max.", "  x  ", "\xF0\x9F\x98\x80"}) {
    EXPECT_EQ(*(*as_pairs)->Encode(text), *(*as_strings)->Encode(text)) << text;
  }
  // Without merges every character is its own token (byte fallback for the emoji).
  doc["model"]["merges"] = json::array();
  auto no_merges = HfTokenizer::FromJsonText(doc.dump(), "none");
  ASSERT_TRUE(no_merges.ok());
  EXPECT_EQ((*no_merges)->Encode("ab")->size(), 3u);                // "▁", "a", "b"
  EXPECT_EQ((*no_merges)->Encode("\xF0\x9F\x98\x80")->size(), 5u);  // "▁" + 4 bytes
}

TEST(BpeTest, LongWordsEncodeLikeTheirPieces) {
  // A word far longer than the cache limit takes the uncached path and must agree with the
  // same text split at a space (both are one BPE word per space-free run for GPT-2).
  auto gpt2 = LoadTokenizer(testing::SharedPath("tokenizers/gpt2"));
  ASSERT_TRUE(gpt2.ok());
  std::string word;
  for (int i = 0; i < 200; ++i) word += "abracadabra";
  auto once = (*gpt2)->Encode(word);
  ASSERT_TRUE(once.ok());
  EXPECT_EQ(*(*gpt2)->Decode(*once), word);
  auto again = (*gpt2)->Encode(word);  // not cached: same answer
  EXPECT_EQ(*again, *once);
}

TEST(SentencePieceTest, NormalizerFollowsTheSpec) {
  auto tokenizer = SentencePieceTokenizer::FromFile(
      std::string(PONDER_SOURCE_DIR) + "/tests/models/tokenizer/corpus/tiny_bpe.model");
  ASSERT_TRUE(tokenizer.ok()) << tokenizer.status().ToString();
  const std::string s = "\xE2\x96\x81";
  EXPECT_EQ((*tokenizer)->Normalize("  the   and  "), s + "the" + s + "and");
  EXPECT_EQ((*tokenizer)->Normalize("   "), "");
  EXPECT_EQ((*tokenizer)->Normalize(""), "");
  EXPECT_EQ((*tokenizer)->Normalize("a\tb"), s + "a\tb");
}

TEST(SentencePieceTest, UserDefinedUnusedAndBytePieces) {
  auto tokenizer = SentencePieceTokenizer::FromFile(
      std::string(PONDER_SOURCE_DIR) + "/tests/models/tokenizer/corpus/tiny_bpe.model");
  ASSERT_TRUE(tokenizer.ok());
  const auto id = [&](const std::string& piece) { return *(*tokenizer)->TokenId(piece); };
  const std::string s = "\xE2\x96\x81";
  // "<sep>" is user-defined: one piece, never merged with its neighbours ("and" without "▁"
  // is not a piece, so it ends as "an" + "d").
  EXPECT_EQ(*(*tokenizer)->Encode("the<sep>and"),
            std::vector<int32_t>({id(s + "the"), id("<sep>"), id("an"), id("d")}));
  // "▁th" is UNUSED: "▁t" + "h" may not stop there, so "▁th" + "x" ends as "▁t", "h", bytes.
  EXPECT_EQ(*(*tokenizer)->Encode("thx"),
            std::vector<int32_t>({id(s + "t"), id("h"), id("<0x78>")}));
  EXPECT_EQ(*(*tokenizer)->Decode(*(*tokenizer)->Encode("thx the")), "thx the");
}

TEST(ProtoReaderTest, ReadsEachWireType) {
  // field 1 varint 300, field 2 "hi", field 3 fixed32 1.0f, field 4 fixed64.
  const std::string bytes(
      "\x08\xAC\x02\x12\x02hi\x1D\x00\x00\x80\x3F\x21\x01\x02\x03\x04\x05\x06\x07\x08", 21);
  ProtoReader reader(bytes);
  ASSERT_TRUE(reader.ReadKey().ok());
  EXPECT_EQ(reader.field_number(), 1u);
  EXPECT_EQ(*reader.ReadVarint(), 300u);
  ASSERT_TRUE(reader.ReadKey().ok());
  EXPECT_EQ(*reader.ReadLengthDelimited(), "hi");
  ASSERT_TRUE(reader.ReadKey().ok());
  EXPECT_EQ(*reader.ReadFixed32(), 0x3F800000u);
  ASSERT_TRUE(reader.ReadKey().ok());
  EXPECT_EQ(reader.wire_type(), WireType::kFixed64);
  EXPECT_TRUE(reader.SkipValue().ok());
  EXPECT_TRUE(reader.AtEnd());

  ProtoReader wrong_type(bytes);
  ASSERT_TRUE(wrong_type.ReadKey().ok());
  EXPECT_FALSE(wrong_type.ReadLengthDelimited().ok());
  ProtoReader group(std::string("\x0B", 1));
  ASSERT_TRUE(group.ReadKey().ok());
  EXPECT_FALSE(group.SkipValue().ok());
  ProtoReader zero_field(std::string("\x00\x01", 2));
  EXPECT_FALSE(zero_field.ReadKey().ok());
}

}  // namespace
}  // namespace ponder::tokenizer
