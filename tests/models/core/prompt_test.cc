#include "models/core/prompt.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "models/core/continuation_text.h"

namespace ponder {
namespace {

using ::testing::HasSubstr;

const std::filesystem::path kShared(PONDER_SHARED_DIR);

std::unique_ptr<Tokenizer> Load(const std::filesystem::path& dir) {
  auto tokenizer = LoadTokenizer(dir);
  PONDER_CHECK(tokenizer.ok()) << tokenizer.status().ToString();
  return std::move(*tokenizer);
}

TEST(PromptEncoderTest, PlainPromptsGetBosWhenTheModelWantsIt) {
  const auto stories = Load(kShared / "models/stories260K");
  auto encoder = PromptEncoder::Create(*stories, {}, kShared / "models/stories260K");
  ASSERT_TRUE(encoder.ok());
  // run.c's encoding of the reference prompt (greedy.jsonl), BOS included.
  EXPECT_EQ(*encoder->Encode("Once upon a time"), (TokenIds{1, 403, 407, 261, 378}));

  const auto gpt2 = Load(kShared / "tokenizers/gpt2");
  auto plain = PromptEncoder::Create(*gpt2, {.suffix = "\nAnswer:"}, kShared / "tokenizers/gpt2");
  ASSERT_TRUE(plain.ok());
  EXPECT_EQ(*plain->Text("2+2?"), "2+2?\nAnswer:");
  EXPECT_EQ(*plain->Encode("2+2?"), *gpt2->Encode("2+2?\nAnswer:")) << "GPT-2 adds no BOS";
}

TEST(PromptEncoderTest, ChatPromptsUseTheModelsTemplate) {
  const std::filesystem::path dir = kShared / "tokenizers/qwen3";
  const auto qwen = Load(dir);
  auto chat = PromptEncoder::Create(*qwen, {.format = "chat", .system_prompt = "Be brief."}, dir);
  ASSERT_TRUE(chat.ok()) << chat.status().ToString();
  EXPECT_EQ(*chat->Text("What is 2+2?"),
            "<|im_start|>system\nBe brief.<|im_end|>\n<|im_start|>user\nWhat is 2+2?<|im_end|>\n"
            "<|im_start|>assistant\n");
  const TokenIds ids = *chat->Encode("What is 2+2?");
  EXPECT_EQ(ids.front(), *qwen->TokenId("<|im_start|>")) << "no BOS before a chat template";
  EXPECT_THAT(PromptEncoder::Create(*qwen, {.format = "chat"}, kShared / "models/stories260K")
                  .status()
                  .message(),
              HasSubstr("chat"));
  EXPECT_FALSE(PromptEncoder::Create(*qwen, {.format = "markdown"}, dir).ok());
}

TEST(ContinuationTextTest, StepsDecodedInPlaceConcatenateToTheWholeText) {
  const auto stories = Load(kShared / "models/stories260K");
  const TokenIds all = {1, 403, 407, 261, 378, 432, 383, 286, 261, 376, 298, 315, 421};
  const std::string whole = *stories->Decode(std::span(all).subspan(1));
  // Cut the continuation anywhere: the pieces decoded after their context add up exactly.
  for (size_t cut = 2; cut < all.size(); ++cut) {
    const std::span<const int32_t> context(all.data(), cut);
    const std::string prefix = *stories->Decode(context.subspan(1));
    const std::string rest = *ContinuationText(*stories, context, std::span(all).subspan(cut));
    EXPECT_EQ(prefix + rest, whole) << "cut at " << cut;
  }
  // Alone, a piece after the first would lose its leading space.
  EXPECT_NE(*stories->Decode(std::span(all).subspan(6)),
            *ContinuationText(*stories, std::span(all).first(6), std::span(all).subspan(6)));
}

}  // namespace
}  // namespace ponder
