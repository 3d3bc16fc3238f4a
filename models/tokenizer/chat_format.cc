#include "models/tokenizer/chat_format.h"

#include <system_error>

#include "models/tokenizer/json_fields.h"
#include "models/tokenizer/text_file.h"

namespace ponder {

using tokenizer::FindField;
using tokenizer::Json;

namespace {

constexpr std::string_view kSpaces = " \t\n\r\f\v";

std::string_view Trim(std::string_view s, std::string_view chars = kSpaces) {
  const size_t begin = s.find_first_not_of(chars);
  if (begin == std::string_view::npos) return {};
  return s.substr(begin, s.find_last_not_of(chars) - begin + 1);
}

std::string_view TrimLeft(std::string_view s, std::string_view chars) {
  const size_t begin = s.find_first_not_of(chars);
  return begin == std::string_view::npos ? std::string_view() : s.substr(begin);
}

std::string_view TrimRight(std::string_view s, std::string_view chars) {
  const size_t end = s.find_last_not_of(chars);
  return end == std::string_view::npos ? std::string_view() : s.substr(0, end + 1);
}

// The value of a Jinja string literal's body (escapes resolved).
std::string UnescapeJinja(std::string_view body) {
  std::string out;
  for (size_t i = 0; i < body.size(); ++i) {
    if (body[i] != '\\' || i + 1 == body.size()) {
      out += body[i];
      continue;
    }
    const char e = body[++i];
    switch (e) {
      case 'n':
        out += '\n';
        break;
      case 't':
        out += '\t';
        break;
      default:
        out += e;  // \\ \' \"
    }
  }
  return out;
}

// ChatML templates write their fallback system turn as one string literal,
// '<|im_start|>system\nYou are ...<|im_end|>\n'; returns its text, or "".
std::string FindDefaultSystemPrompt(std::string_view text) {
  constexpr std::string_view kOpen = "<|im_start|>system\\n";
  constexpr std::string_view kClose = "<|im_end|>\\n";
  for (size_t at = text.find(kOpen); at != std::string_view::npos; at = text.find(kOpen, at + 1)) {
    if (at == 0 || (text[at - 1] != '\'' && text[at - 1] != '"')) continue;
    const char quote = text[at - 1];
    const size_t body = at + kOpen.size();
    // The literal ends at the next unescaped quote of the same kind.
    size_t end = body;
    while (end < text.size() && text[end] != quote) end += text[end] == '\\' ? 2 : 1;
    if (end >= text.size()) continue;
    const std::string_view literal = text.substr(body, end - body);
    if (!literal.ends_with(kClose)) continue;  // '...system\n' + messages[0]... is not a default
    return UnescapeJinja(literal.substr(0, literal.size() - kClose.size()));
  }
  return "";
}

Status ValidateMessages(std::span<const ChatMessage> messages) {
  for (size_t i = 0; i < messages.size(); ++i) {
    const std::string& role = messages[i].role;
    const std::string where = "messages[" + std::to_string(i) + "].role";
    if (role == "system") {
      if (i != 0) return InvalidArgumentError(where + ": a system message may only come first");
    } else if (role != "user" && role != "assistant") {
      return InvalidArgumentError(where + ": unknown role \"" + role +
                                  "\" (expected system, user or assistant)");
    }
  }
  return OkStatus();
}

void AppendChatMLTurn(std::string_view role, std::string_view content, std::string& out) {
  out += "<|im_start|>";
  out += role;
  out += '\n';
  out += content;
  out += "<|im_end|>\n";
}

// Qwen3 keeps the <think> block only for assistant turns after the last user
// message, and moves an inline "<think>...</think>" out of the answer.
void AppendQwen3AssistantTurn(std::string_view message, bool after_last_query, bool last,
                              std::string& out) {
  std::string_view content = message;
  std::string_view reasoning;
  if (const size_t close = message.rfind("</think>"); close != std::string_view::npos) {
    content = TrimLeft(message.substr(close + 8), "\n");
    std::string_view before = TrimRight(message.substr(0, message.find("</think>")), "\n");
    if (const size_t open = before.rfind("<think>"); open != std::string_view::npos) {
      before = before.substr(open + 7);
    }
    reasoning = TrimLeft(before, "\n");
  }
  out += "<|im_start|>assistant\n";
  if (after_last_query && (last || !reasoning.empty())) {
    out += "<think>\n";
    out += Trim(reasoning, "\n");
    out += "\n</think>\n\n";
    out += TrimLeft(content, "\n");
  } else {
    out += content;
  }
  out += "<|im_end|>\n";
}

std::string RenderChatML(const ChatFormat& format, std::span<const ChatMessage> messages,
                         const ChatRenderOptions& options) {
  std::string out;
  size_t first = 0;
  if (!messages.empty() && messages[0].role == "system") {
    AppendChatMLTurn("system", messages[0].content, out);
    first = 1;
  } else if (!format.default_system_prompt.empty()) {
    AppendChatMLTurn("system", format.default_system_prompt, out);
  }
  size_t last_query = messages.size();
  for (size_t i = 0; i < messages.size(); ++i) {
    if (messages[i].role == "user") last_query = i;
  }
  for (size_t i = first; i < messages.size(); ++i) {
    const ChatMessage& m = messages[i];
    if (format.qwen3_thinking && m.role == "assistant") {
      const bool after_last_query = last_query < messages.size() && i > last_query;
      AppendQwen3AssistantTurn(m.content, after_last_query, i + 1 == messages.size(), out);
    } else {
      AppendChatMLTurn(m.role, m.content, out);
    }
  }
  if (options.add_generation_prompt) {
    out += "<|im_start|>assistant\n";
    if (format.qwen3_thinking && !options.enable_thinking) out += "<think>\n\n</think>\n\n";
  }
  return out;
}

void AppendLlama3Turn(std::string_view role, std::string_view content, std::string& out) {
  out += "<|start_header_id|>";
  out += role;
  out += "<|end_header_id|>\n\n";
  out += content;
  out += "<|eot_id|>";
}

std::string RenderLlama3(const ChatFormat& format, std::span<const ChatMessage> messages,
                         const ChatRenderOptions& options) {
  std::string out = format.bos_text;
  size_t first = 0;
  if (format.llama3_date_header) {
    std::string system = "Cutting Knowledge Date: December 2023\nToday Date: ";
    system += options.date_string;
    system += "\n\n";
    if (!messages.empty() && messages[0].role == "system") {
      system += Trim(messages[0].content);
      first = 1;
    }
    AppendLlama3Turn("system", system, out);
  }
  for (size_t i = first; i < messages.size(); ++i) {
    AppendLlama3Turn(messages[i].role, Trim(messages[i].content), out);
  }
  if (options.add_generation_prompt) out += "<|start_header_id|>assistant<|end_header_id|>\n\n";
  return out;
}

std::string RenderPlain(std::span<const ChatMessage> messages) {
  std::string out;
  for (size_t i = 0; i < messages.size(); ++i) {
    if (i > 0) out += "\n\n";
    out += messages[i].content;
  }
  return out;
}

}  // namespace

void ChatRenderOptions::Bind(ParamBinder& binder) {
  binder.Bool("add_generation_prompt", &add_generation_prompt,
              "end the prompt with the opening of an assistant turn");
  binder.Bool("enable_thinking", &enable_thinking,
              "Qwen3: let the model think first (false renders an empty <think></think>)");
  binder.String("date_string", &date_string, "Llama 3.1+: the \"Today Date\" of the system turn");
}

Status ChatRenderOptions::Validate() const {
  if (date_string.find('\n') != std::string::npos) {
    return InvalidArgumentError("date_string: must be one line");
  }
  return OkStatus();
}

StatusOr<ChatFormat> ChatFormatFromTemplate(std::string_view text, std::string_view source) {
  ChatFormat format;
  if (text.find("<|im_start|>") != std::string_view::npos) {
    format.family = ChatFamily::kChatML;
    format.default_system_prompt = FindDefaultSystemPrompt(text);
    format.qwen3_thinking = text.find("enable_thinking") != std::string_view::npos ||
                            text.find("reasoning_content") != std::string_view::npos;
    return format;
  }
  if (text.find("<|start_header_id|>") != std::string_view::npos) {
    format.family = ChatFamily::kLlama3;
    format.llama3_date_header = text.find("Cutting Knowledge Date") != std::string_view::npos;
    return format;
  }
  return InvalidArgumentError(std::string(source) +
                              ": unrecognised chat template (ponder renders ChatML (Qwen) and "
                              "Llama 3 templates; name a format instead: chatml, llama3 or "
                              "plain)");
}

StatusOr<ChatFormat> LoadChatFormat(const std::filesystem::path& dir) {
  const std::filesystem::path config_path = dir / "tokenizer_config.json";
  std::error_code error;
  std::string template_text;
  std::string source;
  std::optional<std::string> bos_text;
  if (std::filesystem::exists(config_path, error)) {
    PONDER_ASSIGN_OR_RETURN(std::string text, tokenizer::ReadTextFile(config_path));
    PONDER_ASSIGN_OR_RETURN(Json config, tokenizer::ParseJsonObject(text, config_path.string()));
    source = config_path.string() + ": chat_template";
    if (const Json* chat = FindField(config, "chat_template")) {
      if (chat->is_string()) {
        template_text = chat->get<std::string>();
      } else if (chat->is_array()) {
        for (const Json& entry : *chat) {
          const Json* name = FindField(entry, "name");
          const Json* body = FindField(entry, "template");
          if (name && body && *name == "default" && body->is_string()) {
            template_text = body->get<std::string>();
          }
        }
        if (template_text.empty()) {
          return InvalidArgumentError(source + ": the list has no template named \"default\"");
        }
      } else {
        return InvalidArgumentError(source + ": expected a string or a list of templates, found " +
                                    tokenizer::DescribeJsonType(*chat));
      }
    }
    if (const Json* bos = FindField(config, "bos_token"); bos && bos->is_string()) {
      bos_text = bos->get<std::string>();
    }
  }
  if (template_text.empty()) {
    const std::filesystem::path jinja = dir / "chat_template.jinja";
    if (!std::filesystem::exists(jinja, error)) {
      return NotFoundError(dir.string() +
                           ": no chat template (tokenizer_config.json has no chat_template and "
                           "there is no chat_template.jinja)");
    }
    PONDER_ASSIGN_OR_RETURN(template_text, tokenizer::ReadTextFile(jinja));
    source = jinja.string();
  }
  PONDER_ASSIGN_OR_RETURN(ChatFormat format, ChatFormatFromTemplate(template_text, source));
  if (format.family == ChatFamily::kLlama3 && bos_text) format.bos_text = *bos_text;
  return format;
}

StatusOr<ChatFormat> ChatFormatByName(std::string_view name) {
  ChatFormat format;
  if (name == "plain") return format;
  if (name == "chatml") {
    format.family = ChatFamily::kChatML;
    return format;
  }
  if (name == "llama3") {
    format.family = ChatFamily::kLlama3;
    return format;
  }
  return InvalidArgumentError("unknown chat format \"" + std::string(name) +
                              "\" (expected plain, chatml or llama3)");
}

StatusOr<std::string> RenderChat(const ChatFormat& format, std::span<const ChatMessage> messages,
                                 const ChatRenderOptions& options) {
  PONDER_RETURN_IF_ERROR(options.Validate());
  PONDER_RETURN_IF_ERROR(ValidateMessages(messages));
  switch (format.family) {
    case ChatFamily::kChatML:
      return RenderChatML(format, messages, options);
    case ChatFamily::kLlama3:
      return RenderLlama3(format, messages, options);
    case ChatFamily::kPlain:
      break;
  }
  return RenderPlain(messages);
}

}  // namespace ponder
