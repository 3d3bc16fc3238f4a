// ponder's tokenizers against the reference ids in ../shared: GPT-2 and Qwen3
// (byte-level BPE, tokenizer.json) and stories260K (SentencePiece BPE, both as
// tokenizer.json and as tokenizer.model). Every case must match.
#include <gtest/gtest.h>

#include <filesystem>
#include <vector>

#include "models/tokenizer/sentencepiece_tokenizer.h"
#include "models/tokenizer/tokenizer.h"
#include "tests/models/tokenizer/reference_cases.h"

namespace ponder {
namespace {

using testing::ReadJsonLines;
using testing::SharedPath;

std::unique_ptr<Tokenizer> Load(const std::string& dir) {
  auto tokenizer = LoadTokenizer(SharedPath(dir));
  EXPECT_TRUE(tokenizer.ok()) << tokenizer.status().ToString();
  return tokenizer.ok() ? *std::move(tokenizer) : nullptr;
}

// Encodes and decodes every case of a byte-level reference file.
void CheckByteLevelReference(const std::string& dir, size_t expected_cases) {
  auto tokenizer = Load(dir);
  ASSERT_NE(tokenizer, nullptr);
  const auto cases = ReadJsonLines(SharedPath(dir + "/reference.jsonl"));
  ASSERT_EQ(cases.size(), expected_cases);
  int mismatches = 0;
  for (const auto& row : cases) {
    const std::string text = row["text"];
    const std::vector<int32_t> expected = row["ids"];
    auto ids = tokenizer->Encode(text);
    ASSERT_TRUE(ids.ok()) << row["id"] << ": " << ids.status().ToString();
    if (*ids != expected) {
      ++mismatches;
      ADD_FAILURE() << row["id"] << " " << row["text"].dump() << "\n  got      "
                    << nlohmann::json(*ids).dump() << "\n  expected " << row["ids"].dump();
    }
    auto decoded = tokenizer->Decode(expected);
    ASSERT_TRUE(decoded.ok()) << row["id"] << ": " << decoded.status().ToString();
    EXPECT_EQ(*decoded, row["decoded"].get<std::string>()) << row["id"];
  }
  EXPECT_EQ(mismatches, 0);
}

TEST(ReferenceTest, Gpt2MatchesEveryCase) { CheckByteLevelReference("tokenizers/gpt2", 186); }

TEST(ReferenceTest, Qwen3MatchesEveryCase) { CheckByteLevelReference("tokenizers/qwen3", 192); }

std::vector<int32_t> WithBos(int32_t bos, const std::vector<int32_t>& ids) {
  std::vector<int32_t> out{bos};
  out.insert(out.end(), ids.begin(), ids.end());
  return out;
}

TEST(ReferenceTest, Stories260KTokenizerJsonMatchesEveryCase) {
  auto tokenizer = Load("models/stories260K");
  ASSERT_NE(tokenizer, nullptr);
  ASSERT_TRUE(tokenizer->special_tokens().bos.has_value());
  const int32_t bos = *tokenizer->special_tokens().bos;
  EXPECT_EQ(bos, 1);
  EXPECT_TRUE(tokenizer->special_tokens().add_bos);
  const auto cases =
      ReadJsonLines(SharedPath("models/stories260K/reference/tokenizer_cases.jsonl"));
  ASSERT_EQ(cases.size(), 294u);
  for (const auto& row : cases) {
    const std::string text = row["text"];
    auto ids = tokenizer->Encode(text);
    ASSERT_TRUE(ids.ok()) << ids.status().ToString();
    EXPECT_EQ(WithBos(bos, *ids), row["ids"].get<std::vector<int32_t>>()) << row["text"].dump();
    // `decoded` was made with special tokens skipped (one case writes "<s>" literally);
    // Decode keeps them, so drop <unk>, <s> and </s> first.
    std::vector<int32_t> plain;
    for (int32_t id : *ids) {
      if (id > 2) plain.push_back(id);
    }
    auto decoded = tokenizer->Decode(plain);
    ASSERT_TRUE(decoded.ok()) << decoded.status().ToString();
    EXPECT_EQ(*decoded, row["decoded"].get<std::string>()) << row["text"].dump();
  }
}

TEST(ReferenceTest, Stories260KTokenizerModelMatchesSentencePiece) {
  auto tokenizer =
      tokenizer::SentencePieceTokenizer::FromFile(SharedPath("models/stories260K/tokenizer.model"));
  ASSERT_TRUE(tokenizer.ok()) << tokenizer.status().ToString();
  const auto cases =
      ReadJsonLines(SharedPath("models/stories260K/reference/tokenizer_cases.jsonl"));
  int same_as_json = 0;
  for (const auto& row : cases) {
    const std::string text = row["text"];
    auto ids = (*tokenizer)->Encode(text);
    ASSERT_TRUE(ids.ok()) << ids.status().ToString();
    const auto expected = row["ids_sentencepiece"].get<std::vector<int32_t>>();
    EXPECT_EQ(WithBos(1, *ids), expected) << row["text"].dump();
    // Where SentencePiece and tokenizer.json agree, decoding gives the text back.
    if (expected == row["ids"].get<std::vector<int32_t>>()) {
      ++same_as_json;
      auto decoded = (*tokenizer)->Decode(*ids);
      ASSERT_TRUE(decoded.ok()) << decoded.status().ToString();
      EXPECT_EQ(*decoded, row["decoded"].get<std::string>()) << row["text"].dump();
    }
  }
  // The README: the two differ only on whitespace runs and literal special tokens.
  EXPECT_GT(same_as_json, 250);
}

}  // namespace
}  // namespace ponder
