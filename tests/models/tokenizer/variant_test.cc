// Tokenizer variants that ../shared has no file for (added-token flags, Llama
// 3's pre-tokenizer and ignore_merges, Metaspace pre-tokenizers, Digits, NFC
// before added tokens), built from the shared files with the overrides in
// testdata/variants.json, against the ids and decodings that Hugging Face's
// tokenizers library gives for them (testdata/variant_cases.jsonl, written by
// oracle/make_variant_cases.js).
#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <memory>
#include <sstream>

#include "models/tokenizer/hf_tokenizer.h"
#include "tests/models/tokenizer/reference_cases.h"

namespace ponder {
namespace {

using nlohmann::json;
using testing::ReadJsonLines;
using testing::SharedPath;

std::string TestData(const std::string& name) {
  return std::string(PONDER_SOURCE_DIR) + "/tests/models/tokenizer/testdata/" + name;
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

// The base tokenizer.json with the variant's dotted-path overrides applied.
std::string BuildVariant(const json& variant) {
  json root = json::parse(ReadFile(SharedPath(variant["base"])));
  for (const auto& [key, value] : variant["set"].items()) {
    json* target = &root;
    std::string rest = key;
    for (size_t dot; (dot = rest.find('.')) != std::string::npos; rest = rest.substr(dot + 1)) {
      target = &(*target)[rest.substr(0, dot)];
    }
    (*target)[rest] = value;
  }
  return root.dump();
}

class VariantTest : public ::testing::TestWithParam<std::string> {};

TEST_P(VariantTest, MatchesHuggingFaceTokenizers) {
  const json variants = json::parse(ReadFile(TestData("variants.json")));
  const json* variant = nullptr;
  for (const json& v : variants) {
    if (v["name"] == GetParam()) variant = &v;
  }
  ASSERT_NE(variant, nullptr);
  auto tokenizer = tokenizer::HfTokenizer::FromJsonText(BuildVariant(*variant), GetParam());
  ASSERT_TRUE(tokenizer.ok()) << tokenizer.status().ToString();
  int cases = 0;
  for (const json& row : ReadJsonLines(TestData("variant_cases.jsonl"))) {
    if (row["variant"] != GetParam()) continue;
    ++cases;
    const std::string text = row["text"];
    auto ids = (*tokenizer)->Encode(text);
    ASSERT_TRUE(ids.ok()) << ids.status().ToString();
    EXPECT_EQ(json(*ids), row["ids"]) << row["text"].dump();
    auto decoded = (*tokenizer)->Decode(row["ids"].get<std::vector<int32_t>>());
    ASSERT_TRUE(decoded.ok()) << decoded.status().ToString();
    // Where Hugging Face wrote U+FFFD for bytes that are not UTF-8, ponder keeps the bytes
    // (docs/tokenizers.md); compare the other decodings exactly.
    const std::string expected = row["decoded"];
    if (expected.find("\xEF\xBF\xBD") == std::string::npos) {
      EXPECT_EQ(*decoded, expected) << row["text"].dump();
    }
  }
  EXPECT_GT(cases, 100);
}

INSTANTIATE_TEST_SUITE_P(Variants, VariantTest,
                         ::testing::Values("gpt2-added-token-flags", "qwen3-normalized-added-token",
                                           "llama3-style-split", "gpt2-prefix-space-digits",
                                           "stories-metaspace-first", "stories-metaspace-split"),
                         [](const auto& info) {
                           std::string name = info.param;
                           std::replace(name.begin(), name.end(), '-', '_');
                           return name;
                         });

}  // namespace
}  // namespace ponder
