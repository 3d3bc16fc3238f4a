// Chat formats: how a conversation becomes the prompt text an instruct model
// was trained on. ponder does not run Jinja; it recognises the family of a
// model's chat_template (tokenizer_config.json) and renders that family's
// format in C++:
//   - ChatML (Qwen2, Qwen2.5, Qwen2.5-Math, Qwen3):
//       <|im_start|>role\ncontent<|im_end|>\n ... then <|im_start|>assistant\n
//     with the template's default system prompt when the conversation has
//     none, and Qwen3's <think> handling.
//   - Llama 3 (3.0, and 3.1/3.2 with their "Cutting Knowledge Date" system
//     header): <|begin_of_text|><|start_header_id|>role<|end_header_id|>\n\n
//     content<|eot_id|> ... then <|start_header_id|>assistant<|end_header_id|>\n\n
//   - plain: the contents joined by blank lines, no markers.
// Thread-safe (pure functions of their arguments).
#pragma once

#include <filesystem>
#include <span>
#include <string>
#include <string_view>

#include "search/base/params.h"
#include "search/base/status.h"

namespace ponder {

enum class ChatFamily { kPlain, kChatML, kLlama3 };

struct ChatFormat {
  ChatFamily family = ChatFamily::kPlain;
  // ChatML: the system message used when the conversation does not start with one
  // (Qwen2.5's "You are Qwen, created by Alibaba Cloud. ..."); empty for none.
  std::string default_system_prompt;
  // ChatML: the template knows Qwen3's thinking switch and <think> blocks.
  bool qwen3_thinking = false;
  // Llama 3.1+: a system turn with "Cutting Knowledge Date" and "Today Date" always comes first.
  bool llama3_date_header = false;
  // Llama 3: the text that opens the prompt.
  std::string bos_text = "<|begin_of_text|>";
};

struct ChatMessage {
  std::string role;  // "system", "user" or "assistant"
  std::string content;
};

struct ChatRenderOptions {
  // End with the opening of an assistant turn, for the model to complete.
  bool add_generation_prompt = true;
  // Qwen3: false renders an empty <think></think> block so the model answers directly.
  bool enable_thinking = true;
  // Llama 3.1+: the "Today Date" line. The templates fall back to this date when
  // not given one; a fixed date keeps prompts reproducible.
  std::string date_string = "26 Jul 2024";

  void Bind(ParamBinder& binder);
  Status Validate() const;
};

// The format of a Jinja chat template's text; `source` names it in errors
// (an unrecognised template is an error listing the supported families).
StatusOr<ChatFormat> ChatFormatFromTemplate(std::string_view template_text,
                                            std::string_view source);

// The chat format of a model folder: tokenizer_config.json's chat_template
// (a string, or the entry named "default" of a list), else chat_template.jinja.
StatusOr<ChatFormat> LoadChatFormat(const std::filesystem::path& dir);

// A format by name: "plain", "chatml", "llama3" (configs that name one).
StatusOr<ChatFormat> ChatFormatByName(std::string_view name);

// The prompt text of `messages`. Roles must be system, user or assistant; a
// system message is only allowed first.
StatusOr<std::string> RenderChat(const ChatFormat& format, std::span<const ChatMessage> messages,
                                 const ChatRenderOptions& options);

}  // namespace ponder
