#include "models/core/prompt.h"

namespace ponder {

void PromptOptions::Bind(ParamBinder& b) {
  static constexpr std::string_view kFormats[] = {"plain", "chat"};
  b.Choice("format", &format, kFormats, "plain text, or the model's chat format");
  b.String("chat_family", &chat_family, "auto (from the chat template), chatml, llama3 or plain");
  b.String("system_prompt", &system_prompt, "chat: the system turn (empty: template default)");
  b.String("suffix", &suffix, "text after the formatted question");
}

Status PromptOptions::Validate() const {
  if (format != "plain" && format != "chat") {
    return InvalidArgumentError("prompt format must be plain or chat, got '" + format + "'");
  }
  return OkStatus();
}

StatusOr<PromptEncoder> PromptEncoder::Create(const Tokenizer& tokenizer,
                                              const PromptOptions& options,
                                              const std::filesystem::path& model_dir) {
  PONDER_RETURN_IF_ERROR(options.Validate());
  ChatFormat chat;
  if (options.format == "chat") {
    if (options.chat_family == "auto") {
      PONDER_ASSIGN_OR_RETURN(chat, LoadChatFormat(model_dir));
    } else {
      PONDER_ASSIGN_OR_RETURN(chat, ChatFormatByName(options.chat_family));
    }
  }
  return PromptEncoder(tokenizer, options, std::move(chat));
}

StatusOr<std::string> PromptEncoder::Text(std::string_view question) const {
  if (options_.format == "plain") return std::string(question) + options_.suffix;
  std::vector<ChatMessage> messages;
  if (!options_.system_prompt.empty()) messages.push_back({"system", options_.system_prompt});
  messages.push_back({"user", std::string(question)});
  PONDER_ASSIGN_OR_RETURN(std::string text, RenderChat(chat_, messages, ChatRenderOptions{}));
  return text + options_.suffix;
}

StatusOr<TokenIds> PromptEncoder::EncodeWith(std::string_view question,
                                             std::string_view continuation) const {
  PONDER_ASSIGN_OR_RETURN(std::string text, Text(question));
  text += continuation;
  PONDER_ASSIGN_OR_RETURN(std::vector<int32_t> ids, tokenizer_->Encode(text));
  const SpecialTokens& special = tokenizer_->special_tokens();
  TokenIds tokens;
  if (options_.format == "plain" && special.add_bos && special.bos) tokens.push_back(*special.bos);
  tokens.insert(tokens.end(), ids.begin(), ids.end());
  return tokens;
}

}  // namespace ponder
