#include "models/tokenizer/chat_format.h"

#include <gtest/gtest.h>

#include <vector>

#include "models/tokenizer/tokenizer.h"
#include "tests/models/tokenizer/reference_cases.h"

namespace ponder {
namespace {

using testing::SharedPath;

const std::vector<ChatMessage> kQuestion = {
    {"system", "Please reason step by step."},
    {"user", "What is 1+1?"},
};

TEST(ChatFormatTest, Qwen3TemplateIsChatMLWithThinking) {
  auto format = LoadChatFormat(SharedPath("tokenizers/qwen3"));
  ASSERT_TRUE(format.ok()) << format.status().ToString();
  EXPECT_EQ(format->family, ChatFamily::kChatML);
  EXPECT_TRUE(format->qwen3_thinking);
  EXPECT_EQ(format->default_system_prompt, "");  // Qwen3's template has no fallback system turn

  auto prompt = RenderChat(*format, kQuestion, {});
  ASSERT_TRUE(prompt.ok()) << prompt.status().ToString();
  EXPECT_EQ(*prompt,
            "<|im_start|>system\nPlease reason step by step.<|im_end|>\n"
            "<|im_start|>user\nWhat is 1+1?<|im_end|>\n"
            "<|im_start|>assistant\n");

  ChatRenderOptions no_thinking;
  no_thinking.enable_thinking = false;
  auto direct = RenderChat(*format, {&kQuestion[1], 1}, no_thinking);
  ASSERT_TRUE(direct.ok());
  EXPECT_EQ(*direct,
            "<|im_start|>user\nWhat is 1+1?<|im_end|>\n"
            "<|im_start|>assistant\n<think>\n\n</think>\n\n");
}

TEST(ChatFormatTest, Qwen3DropsThinkingOfEarlierTurns) {
  auto format = LoadChatFormat(SharedPath("tokenizers/qwen3"));
  ASSERT_TRUE(format.ok());
  const std::vector<ChatMessage> conversation = {
      {"user", "1+1?"},
      {"assistant", "<think>\nadd them\n</think>\n\n2"},
      {"user", "2+2?"},
      {"assistant", "<think>\nagain\n</think>\n\n4"},
  };
  ChatRenderOptions options;
  options.add_generation_prompt = false;
  auto prompt = RenderChat(*format, conversation, options);
  ASSERT_TRUE(prompt.ok());
  EXPECT_EQ(*prompt,
            "<|im_start|>user\n1+1?<|im_end|>\n"
            "<|im_start|>assistant\n2<|im_end|>\n"
            "<|im_start|>user\n2+2?<|im_end|>\n"
            "<|im_start|>assistant\n<think>\nagain\n</think>\n\n4<|im_end|>\n");
}

TEST(ChatFormatTest, RenderedChatMLTokenizesToItsSpecialTokens) {
  auto tokenizer = LoadTokenizer(SharedPath("tokenizers/qwen3"));
  ASSERT_TRUE(tokenizer.ok());
  auto format = LoadChatFormat(SharedPath("tokenizers/qwen3"));
  ASSERT_TRUE(format.ok());
  auto prompt = RenderChat(*format, kQuestion, {});
  ASSERT_TRUE(prompt.ok());
  auto ids = (*tokenizer)->Encode(*prompt);
  ASSERT_TRUE(ids.ok());
  const int32_t im_start = *(*tokenizer)->TokenId("<|im_start|>");
  const int32_t im_end = *(*tokenizer)->TokenId("<|im_end|>");
  EXPECT_EQ(ids->front(), im_start);
  EXPECT_EQ(std::count(ids->begin(), ids->end(), im_start), 3);
  EXPECT_EQ(std::count(ids->begin(), ids->end(), im_end), 2);
  EXPECT_EQ((*tokenizer)->special_tokens().eos, im_end);
}

// The fallback system turns of Qwen2.5-Instruct and Qwen2.5-Math-Instruct, as their
// templates write them.
TEST(ChatFormatTest, FindsTheDefaultSystemPromptOfQwen25Templates) {
  const std::string qwen25 =
      "{%- else %}\n    {%- if messages[0]['role'] == 'system' %}\n"
      "        {{- '<|im_start|>system\\n' + messages[0]['content'] + '<|im_end|>\\n' }}\n"
      "    {%- else %}\n"
      "        {{- '<|im_start|>system\\nYou are Qwen, created by Alibaba Cloud. You are a "
      "helpful assistant.<|im_end|>\\n' }}\n    {%- endif %}\n";
  auto format = ChatFormatFromTemplate(qwen25, "qwen2.5");
  ASSERT_TRUE(format.ok());
  EXPECT_EQ(format->family, ChatFamily::kChatML);
  EXPECT_FALSE(format->qwen3_thinking);
  EXPECT_EQ(format->default_system_prompt,
            "You are Qwen, created by Alibaba Cloud. You are a helpful assistant.");
  auto prompt = RenderChat(*format, {&kQuestion[1], 1}, {});
  ASSERT_TRUE(prompt.ok());
  EXPECT_EQ(*prompt,
            "<|im_start|>system\nYou are Qwen, created by Alibaba Cloud. You are a helpful "
            "assistant.<|im_end|>\n<|im_start|>user\nWhat is 1+1?<|im_end|>\n"
            "<|im_start|>assistant\n");
  // A system message of the conversation replaces the fallback.
  auto with_system = RenderChat(*format, kQuestion, {});
  ASSERT_TRUE(with_system.ok());
  EXPECT_TRUE(with_system->starts_with("<|im_start|>system\nPlease reason step by step."));

  const std::string math =
      "{{- '<|im_start|>system\\nPlease reason step by step, and put your final answer within "
      "\\\\boxed{}.<|im_end|>\\n' }}";
  auto math_format = ChatFormatFromTemplate(math, "qwen2.5-math");
  ASSERT_TRUE(math_format.ok());
  EXPECT_EQ(math_format->default_system_prompt,
            "Please reason step by step, and put your final answer within \\boxed{}.");
}

TEST(ChatFormatTest, Llama30Format) {
  const std::string llama30 =
      "{% set loop_messages = messages %}{% for message in loop_messages %}{% set content = "
      "'<|start_header_id|>' + message['role'] + '<|end_header_id|>\\n\\n'+ message['content'] | "
      "trim + '<|eot_id|>' %}{% if loop.index0 == 0 %}{% set content = bos_token + content %}"
      "{% endif %}{{ content }}{% endfor %}{% if add_generation_prompt %}{{ "
      "'<|start_header_id|>assistant<|end_header_id|>\\n\\n' }}{% endif %}";
  auto format = ChatFormatFromTemplate(llama30, "llama3");
  ASSERT_TRUE(format.ok());
  EXPECT_EQ(format->family, ChatFamily::kLlama3);
  EXPECT_FALSE(format->llama3_date_header);
  const std::vector<ChatMessage> messages = {{"system", " Be brief. "}, {"user", "Hi\n"}};
  auto prompt = RenderChat(*format, messages, {});
  ASSERT_TRUE(prompt.ok());
  EXPECT_EQ(*prompt,
            "<|begin_of_text|><|start_header_id|>system<|end_header_id|>\n\nBe brief.<|eot_id|>"
            "<|start_header_id|>user<|end_header_id|>\n\nHi<|eot_id|>"
            "<|start_header_id|>assistant<|end_header_id|>\n\n");
}

TEST(ChatFormatTest, Llama31FormatHasTheDateHeader) {
  const std::string llama31 =
      "{{- bos_token }}\n{%- if not date_string is defined %}{%- set date_string = \"26 Jul "
      "2024\" %}{%- endif %}\n{{- \"<|start_header_id|>system<|end_header_id|>\\n\\n\" }}\n"
      "{{- \"Cutting Knowledge Date: December 2023\\n\" }}\n"
      "{{- \"Today Date: \" + date_string + \"\\n\\n\" }}";
  auto format = ChatFormatFromTemplate(llama31, "llama3.2");
  ASSERT_TRUE(format.ok());
  EXPECT_TRUE(format->llama3_date_header);
  ChatRenderOptions options;
  options.add_generation_prompt = false;
  auto prompt = RenderChat(*format, {&kQuestion[1], 1}, options);
  ASSERT_TRUE(prompt.ok());
  EXPECT_EQ(*prompt,
            "<|begin_of_text|><|start_header_id|>system<|end_header_id|>\n\n"
            "Cutting Knowledge Date: December 2023\nToday Date: 26 Jul 2024\n\n<|eot_id|>"
            "<|start_header_id|>user<|end_header_id|>\n\nWhat is 1+1?<|eot_id|>");
  auto with_system = RenderChat(*format, kQuestion, options);
  ASSERT_TRUE(with_system.ok());
  EXPECT_NE(with_system->find("Today Date: 26 Jul 2024\n\nPlease reason step by step.<|eot_id|>"),
            std::string::npos);
}

TEST(ChatFormatTest, PlainJoinsContents) {
  auto format = ChatFormatByName("plain");
  ASSERT_TRUE(format.ok());
  auto prompt = RenderChat(*format, kQuestion, {});
  ASSERT_TRUE(prompt.ok());
  EXPECT_EQ(*prompt, "Please reason step by step.\n\nWhat is 1+1?");
}

TEST(ChatFormatTest, Errors) {
  EXPECT_FALSE(ChatFormatByName("vicuna").ok());
  auto unknown = ChatFormatFromTemplate("{{ '[INST] ' + message['content'] }}", "mistral");
  ASSERT_FALSE(unknown.ok());
  EXPECT_NE(unknown.status().message().find("mistral: unrecognised chat template"),
            std::string::npos);
  // GPT-2 has no chat template at all.
  auto none = LoadChatFormat(SharedPath("tokenizers/gpt2"));
  ASSERT_FALSE(none.ok());
  EXPECT_EQ(none.status().code(), StatusCode::kNotFound);

  const ChatFormat chatml = *ChatFormatByName("chatml");
  const std::vector<ChatMessage> late_system = {{"user", "a"}, {"system", "b"}};
  auto late = RenderChat(chatml, late_system, {});
  ASSERT_FALSE(late.ok());
  EXPECT_NE(late.status().message().find("messages[1].role"), std::string::npos);
  const std::vector<ChatMessage> tool = {{"tool", "x"}};
  EXPECT_FALSE(RenderChat(chatml, tool, {}).ok());
}

}  // namespace
}  // namespace ponder
