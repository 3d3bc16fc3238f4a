// LoadTokenizer's choice of file and the special tokens it reads from a model folder.
#include <gtest/gtest.h>

#include "models/tokenizer/tokenizer.h"
#include "tests/fakes/temp_dir.h"
#include "tests/models/tokenizer/reference_cases.h"

namespace ponder {
namespace {

using testing::SharedPath;
using testing::TempDir;

TEST(LoadingTest, SpecialTokensOfTheSharedTokenizers) {
  auto gpt2 = LoadTokenizer(SharedPath("tokenizers/gpt2"));
  ASSERT_TRUE(gpt2.ok()) << gpt2.status().ToString();
  const SpecialTokens& g = (*gpt2)->special_tokens();
  EXPECT_EQ(g.bos, 50256);
  EXPECT_EQ(g.eos, 50256);
  EXPECT_EQ(g.unk, 50256);
  EXPECT_EQ(g.pad, std::nullopt);
  EXPECT_FALSE(g.add_bos);
  EXPECT_EQ(g.eos_ids, std::vector<int32_t>({50256}));
  EXPECT_EQ((*gpt2)->vocab_size(), 50257);

  auto qwen3 = LoadTokenizer(SharedPath("tokenizers/qwen3"));
  ASSERT_TRUE(qwen3.ok());
  const SpecialTokens& q = (*qwen3)->special_tokens();
  EXPECT_EQ(q.bos, std::nullopt);
  EXPECT_EQ(q.eos, 151645);  // <|im_end|>
  EXPECT_EQ(q.pad, 151643);  // <|endoftext|>
  EXPECT_FALSE(q.add_bos);
  EXPECT_EQ((*qwen3)->vocab_size(), 151669);
  EXPECT_EQ((*qwen3)->TokenId("<think>"), 151667);
  EXPECT_EQ((*qwen3)->TokenId("no such token"), std::nullopt);

  auto stories = LoadTokenizer(SharedPath("models/stories260K"));
  ASSERT_TRUE(stories.ok());
  const SpecialTokens& s = (*stories)->special_tokens();
  EXPECT_EQ(s.bos, 1);
  EXPECT_EQ(s.eos, 2);
  EXPECT_EQ(s.unk, 0);
  EXPECT_TRUE(s.add_bos);
  EXPECT_EQ((*stories)->vocab_size(), 512);
}

TEST(LoadingTest, TokenizerModelIsUsedWithoutTokenizerJson) {
  TempDir dir;
  dir.Copy(SharedPath("models/stories260K/tokenizer.model"), "tokenizer.model");
  auto tokenizer = LoadTokenizer(dir.path());
  ASSERT_TRUE(tokenizer.ok()) << tokenizer.status().ToString();
  // The declared ids of the model file, with no config beside it.
  const SpecialTokens& s = (*tokenizer)->special_tokens();
  EXPECT_EQ(s.bos, 1);
  EXPECT_EQ(s.eos, 2);
  EXPECT_EQ(s.unk, 0);
  EXPECT_EQ(s.pad, std::nullopt);  // pad_id -1
  EXPECT_TRUE(s.add_bos);
  // SentencePiece collapses the double space that tokenizer.json keeps.
  auto ids = (*tokenizer)->Encode("Once  upon a time");
  ASSERT_TRUE(ids.ok());
  EXPECT_EQ(*ids, std::vector<int32_t>({403, 407, 261, 378}));
  EXPECT_EQ(*(*tokenizer)->Decode(*ids), "Once upon a time");
  // A file may be named directly.
  auto direct = LoadTokenizer(dir.path() / "tokenizer.model");
  ASSERT_TRUE(direct.ok());
  EXPECT_EQ(*(*direct)->Encode("Lily"), *(*tokenizer)->Encode("Lily"));
}

TEST(LoadingTest, ConfigPrecedenceAndEndIds) {
  TempDir dir;
  dir.Copy(SharedPath("tokenizers/qwen3/tokenizer.json"), "tokenizer.json");
  // Qwen2.5-Instruct's layout: config.json names one eos, generation_config.json two.
  dir.Write("config.json", R"({"bos_token_id": 151643, "eos_token_id": 151643})");
  dir.Write("generation_config.json",
            R"({"eos_token_id": [151645, 151643], "pad_token_id": 151643})");
  auto without_tokenizer_config = LoadTokenizer(dir.path());
  ASSERT_TRUE(without_tokenizer_config.ok()) << without_tokenizer_config.status().ToString();
  const SpecialTokens& a = (*without_tokenizer_config)->special_tokens();
  EXPECT_EQ(a.bos, 151643);
  EXPECT_EQ(a.eos, 151645);  // generation_config.json overrides config.json
  EXPECT_EQ(a.pad, 151643);
  EXPECT_EQ(a.eos_ids, std::vector<int32_t>({151645, 151643}));

  // tokenizer_config.json's strings win, and may be AddedToken objects.
  dir.Write("tokenizer_config.json",
            R"({"eos_token": {"content": "<|endoftext|>", "__type": "AddedToken"},
                "bos_token": null, "add_bos_token": false})");
  auto with_tokenizer_config = LoadTokenizer(dir.path());
  ASSERT_TRUE(with_tokenizer_config.ok()) << with_tokenizer_config.status().ToString();
  const SpecialTokens& b = (*with_tokenizer_config)->special_tokens();
  EXPECT_EQ(b.eos, 151643);
  EXPECT_EQ(b.bos, 151643);  // null leaves config.json's id
  EXPECT_EQ(b.eos_ids, std::vector<int32_t>({151643, 151645}));
  EXPECT_FALSE(b.add_bos);
}

TEST(LoadingTest, APadIdOfMinusOneMeansNoPaddingToken) {
  // Older Llama conversions write pad_token_id -1; an unknown positive id stays an error.
  TempDir dir;
  dir.Copy(SharedPath("models/stories260K/tokenizer.json"), "tokenizer.json");
  dir.Write("config.json", R"({"bos_token_id": 1, "eos_token_id": 2, "pad_token_id": -1})");
  auto tokenizer = LoadTokenizer(dir.path());
  ASSERT_TRUE(tokenizer.ok()) << tokenizer.status().ToString();
  EXPECT_FALSE((*tokenizer)->special_tokens().pad.has_value());
  dir.Write("config.json", R"({"bos_token_id": 1, "eos_token_id": 2, "pad_token_id": 9999})");
  EXPECT_FALSE(LoadTokenizer(dir.path()).ok());
}

}  // namespace
}  // namespace ponder
