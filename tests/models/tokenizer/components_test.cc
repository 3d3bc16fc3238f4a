// The tokenizer's parts on small inputs: regex translation, split behaviours,
// the byte-level alphabet, BPE merge formats, SentencePiece normalization and
// the protobuf reader.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <thread>

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

TEST(RegexTest, InvalidUtf8NeverMatchesAndIsSafe) {
  // A decoder chain may run a Replace regex over raw bytes from byte-fallback tokens.
  EXPECT_EQ(Matches(R"(\p{L}+)",
                    "ab\xE2\x96"
                    "cd\xFF"),
            std::vector<std::string>({"ab", "cd"}));
  EXPECT_EQ(Matches(R"(.)", "\xC3"), std::vector<std::string>());
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

TEST(ByteLevelTest, ByteFallbackTokens) {
  EXPECT_EQ(ByteFallbackToken(0x0A), "<0x0A>");
  EXPECT_EQ(ParseByteFallbackToken("<0x0A>"), 0x0A);
  EXPECT_EQ(ParseByteFallbackToken("<0xff>"), 0xFF);
  for (const char* bad : {"<0x-1>", "<0x+F>", "<0xG0>", "<0x0A", "<0x0AB>", "0x0A>", ""}) {
    EXPECT_EQ(ParseByteFallbackToken(bad), -1) << bad;
  }
}

TEST(BpeTest, MergesAsPairsEncodeLikeMergesAsStrings) {
  json doc =
      json::parse(testing::ReadFileBytes(testing::SharedPath("models/stories260K/tokenizer.json")));
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
  const std::string group_bytes("\x0B", 1);  // field 1, wire type 3 (start group)
  ProtoReader group(group_bytes);
  ASSERT_TRUE(group.ReadKey().ok());
  EXPECT_FALSE(group.SkipValue().ok());
  const std::string zero_bytes("\x00\x01", 2);
  ProtoReader zero_field(zero_bytes);
  EXPECT_FALSE(zero_field.ReadKey().ok());
}

TEST(ConcurrencyTest, ThreadsSharingATokenizerAgreeWithOneThread) {
  const std::string path = testing::SharedPath("tokenizers/gpt2/tokenizer.json");
  auto alone = HfTokenizer::FromFile(path);
  auto shared = HfTokenizer::FromFile(path);  // its word cache fills from four threads at once
  ASSERT_TRUE(alone.ok() && shared.ok());
  std::vector<std::string> texts;
  for (const auto& row :
       testing::ReadJsonLines(testing::SharedPath("tokenizers/gpt2/reference.jsonl"))) {
    texts.push_back(row["text"]);
  }
  std::vector<std::vector<int32_t>> expected;
  for (const std::string& text : texts) expected.push_back(*(*alone)->Encode(text));
  std::vector<int> mismatches(4, 0);
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int round = 0; round < 3; ++round) {
        for (size_t k = 0; k < texts.size(); ++k) {
          const size_t i = (k * (t + 1) + round) % texts.size();  // a different order per thread
          auto ids = (*shared)->Encode(texts[i]);
          if (!ids.ok() || *ids != expected[i]) ++mismatches[t];
          auto text = (*shared)->Decode(expected[i]);
          if (!text.ok()) ++mismatches[t];
        }
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(mismatches, std::vector<int>(4, 0));
}

}  // namespace
}  // namespace ponder::tokenizer
