// PromptEncoder: a problem's question as the token ids a model reads first,
// either plain text or the model's chat format (models/tokenizer/chat_format.h).
//
// Plain: the question followed by `suffix`, with BOS in front when the
// tokenizer says its model wants one (tokenizer_config.json add_bos_token).
// Chat: a system turn (if given) and the question as the user turn, ending
// with the opening of the assistant turn, followed by `suffix`; the rendered
// template writes its own BOS text where the family has one, so none is added.
// Immutable and thread-safe once created (the tokenizer must be).
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

#include "models/tokenizer/chat_format.h"
#include "models/tokenizer/tokenizer.h"
#include "search/base/params.h"
#include "search/node.h"

namespace ponder {

struct PromptOptions {
  std::string format = "plain";  // "plain" or "chat"
  // Chat only: the chat family ("auto": from the model folder's chat_template,
  // or "chatml", "llama3", "plain").
  std::string chat_family = "auto";
  // Chat only: a system turn; empty uses the template's default, if any.
  std::string system_prompt;
  std::string suffix;  // text after the formatted question (e.g. "Step 1:")

  void Bind(ParamBinder& binder);
  Status Validate() const;
};

class PromptEncoder {
 public:
  // `model_dir` is where a chat template is looked for when chat_family is "auto".
  static StatusOr<PromptEncoder> Create(const Tokenizer& tokenizer, const PromptOptions& options,
                                        const std::filesystem::path& model_dir);

  // The prompt text (without the BOS token).
  StatusOr<std::string> Text(std::string_view question) const;
  // The prompt's token ids, BOS included when the model wants it.
  StatusOr<TokenIds> Encode(std::string_view question) const { return EncodeWith(question, ""); }
  // The prompt followed by `continuation`, tokenized as one text (BOS as in Encode).
  StatusOr<TokenIds> EncodeWith(std::string_view question, std::string_view continuation) const;

 private:
  PromptEncoder(const Tokenizer& tokenizer, PromptOptions options, ChatFormat chat)
      : tokenizer_(&tokenizer), options_(std::move(options)), chat_(std::move(chat)) {}

  const Tokenizer* tokenizer_;
  PromptOptions options_;
  ChatFormat chat_;
};

}  // namespace ponder
