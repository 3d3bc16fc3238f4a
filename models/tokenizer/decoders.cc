#include "models/tokenizer/decoders.h"

#include "models/tokenizer/byte_level.h"
#include "models/tokenizer/text_pattern.h"

namespace ponder::tokenizer {
namespace {

// Maps byte-level characters back to bytes; a token with any other character
// (an added token such as "<|im_end|>" in another script) keeps its own bytes.
class ByteLevelDecoder final : public Decoder {
 public:
  Status DecodeChain(std::vector<std::string>& tokens) const override {
    const ByteLevelAlphabet& alphabet = ByteLevelAlphabet::Get();
    std::string text;
    for (const std::string& token : tokens) {
      if (!alphabet.Decode(token, text)) text += token;
    }
    tokens.assign(1, std::move(text));
    return OkStatus();
  }
};

// Turns the replacement character ("▁") back into spaces; in the first token
// it is dropped instead, unless nothing was prepended when encoding.
class MetaspaceDecoder final : public Decoder {
 public:
  MetaspaceDecoder(std::string replacement, bool drop_first)
      : replacement_(std::move(replacement)), drop_first_(drop_first) {}
  Status DecodeChain(std::vector<std::string>& tokens) const override {
    const TextPattern pattern = TextPattern::Literal(replacement_);
    for (size_t i = 0; i < tokens.size(); ++i) {
      PONDER_ASSIGN_OR_RETURN(tokens[i],
                              pattern.ReplaceAll(tokens[i], i == 0 && drop_first_ ? "" : " "));
    }
    return OkStatus();
  }

 private:
  std::string replacement_;
  bool drop_first_;
};

class ReplaceDecoder final : public Decoder {
 public:
  ReplaceDecoder(TextPattern pattern, std::string content)
      : pattern_(std::move(pattern)), content_(std::move(content)) {}
  Status DecodeChain(std::vector<std::string>& tokens) const override {
    for (std::string& token : tokens) {
      PONDER_ASSIGN_OR_RETURN(token, pattern_.ReplaceAll(token, content_));
    }
    return OkStatus();
  }

 private:
  TextPattern pattern_;
  std::string content_;
};

// "<0x41>" tokens become the byte they name; consecutive ones are joined.
class ByteFallbackDecoder final : public Decoder {
 public:
  Status DecodeChain(std::vector<std::string>& tokens) const override {
    std::vector<std::string> out;
    std::string bytes;
    bool in_bytes = false;
    for (std::string& token : tokens) {
      if (const int byte = ParseByteToken(token); byte >= 0) {
        bytes.push_back(static_cast<char>(byte));
        in_bytes = true;
        continue;
      }
      if (in_bytes) out.push_back(std::move(bytes));
      bytes.clear();
      in_bytes = false;
      out.push_back(std::move(token));
    }
    if (in_bytes) out.push_back(std::move(bytes));
    tokens = std::move(out);
    return OkStatus();
  }

 private:
  static int HexDigit(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return -1;
  }
  static int ParseByteToken(std::string_view token) {
    if (token.size() != 6 || !token.starts_with("<0x") || token[5] != '>') return -1;
    const int high = HexDigit(token[3]);
    const int low = HexDigit(token[4]);
    return high < 0 || low < 0 ? -1 : high * 16 + low;
  }
};

class FuseDecoder final : public Decoder {
 public:
  Status DecodeChain(std::vector<std::string>& tokens) const override {
    std::string text;
    for (const std::string& token : tokens) text += token;
    tokens.assign(1, std::move(text));
    return OkStatus();
  }
};

// Removes up to `start` leading and `stop` trailing copies of `content` from each token.
class StripDecoder final : public Decoder {
 public:
  StripDecoder(std::string content, size_t start, size_t stop)
      : content_(std::move(content)), start_(start), stop_(stop) {}
  Status DecodeChain(std::vector<std::string>& tokens) const override {
    if (content_.empty()) return OkStatus();
    for (std::string& token : tokens) {
      std::string_view view = token;
      for (size_t i = 0; i < start_ && view.starts_with(content_); ++i) {
        view.remove_prefix(content_.size());
      }
      for (size_t i = 0; i < stop_ && view.ends_with(content_); ++i) {
        view.remove_suffix(content_.size());
      }
      token = std::string(view);
    }
    return OkStatus();
  }

 private:
  std::string content_;
  size_t start_;
  size_t stop_;
};

class SequenceDecoder final : public Decoder {
 public:
  explicit SequenceDecoder(std::vector<std::unique_ptr<Decoder>> steps)
      : steps_(std::move(steps)) {}
  Status DecodeChain(std::vector<std::string>& tokens) const override {
    for (const auto& step : steps_) PONDER_RETURN_IF_ERROR(step->DecodeChain(tokens));
    return OkStatus();
  }

 private:
  std::vector<std::unique_ptr<Decoder>> steps_;
};

StatusOr<size_t> NonNegative(const Json& spec, std::string_view key, std::string_view path) {
  PONDER_ASSIGN_OR_RETURN(int64_t value, OptionalInt(spec, key, path, 0));
  if (value < 0) {
    return InvalidArgumentError(JoinPath(path, key) + ": must not be negative, is " +
                                std::to_string(value));
  }
  return static_cast<size_t>(value);
}

}  // namespace

StatusOr<std::unique_ptr<Decoder>> ParseDecoder(const Json& spec, std::string_view path) {
  PONDER_ASSIGN_OR_RETURN(std::string type, RequireString(spec, "type", path));
  if (type == "ByteLevel") return std::make_unique<ByteLevelDecoder>();
  if (type == "ByteFallback") return std::make_unique<ByteFallbackDecoder>();
  if (type == "Fuse") return std::make_unique<FuseDecoder>();
  if (type == "Metaspace") {
    PONDER_ASSIGN_OR_RETURN(std::string replacement, RequireString(spec, "replacement", path));
    bool drop_first = true;
    if (FindField(spec, "prepend_scheme") != nullptr) {
      PONDER_ASSIGN_OR_RETURN(std::string scheme, RequireString(spec, "prepend_scheme", path));
      drop_first = scheme != "never";
    } else {
      PONDER_ASSIGN_OR_RETURN(drop_first, OptionalBool(spec, "add_prefix_space", path, true));
    }
    return std::make_unique<MetaspaceDecoder>(std::move(replacement), drop_first);
  }
  if (type == "Replace") {
    PONDER_ASSIGN_OR_RETURN(const Json* pattern_spec, RequireField(spec, "pattern", path));
    PONDER_ASSIGN_OR_RETURN(TextPattern pattern,
                            TextPattern::Parse(*pattern_spec, JoinPath(path, "pattern")));
    PONDER_ASSIGN_OR_RETURN(std::string content, RequireString(spec, "content", path));
    return std::make_unique<ReplaceDecoder>(std::move(pattern), std::move(content));
  }
  if (type == "Strip") {
    PONDER_ASSIGN_OR_RETURN(std::string content, RequireString(spec, "content", path));
    PONDER_ASSIGN_OR_RETURN(size_t start, NonNegative(spec, "start", path));
    PONDER_ASSIGN_OR_RETURN(size_t stop, NonNegative(spec, "stop", path));
    return std::make_unique<StripDecoder>(std::move(content), start, stop);
  }
  if (type == "Sequence") {
    PONDER_ASSIGN_OR_RETURN(const Json* list, RequireField(spec, "decoders", path));
    const std::string list_path = JoinPath(path, "decoders");
    if (!list->is_array()) {
      return InvalidArgumentError(list_path + ": expected an array, found " +
                                  DescribeJsonType(*list));
    }
    std::vector<std::unique_ptr<Decoder>> steps;
    for (size_t i = 0; i < list->size(); ++i) {
      PONDER_ASSIGN_OR_RETURN(auto step, ParseDecoder((*list)[i], IndexPath(list_path, i)));
      steps.push_back(std::move(step));
    }
    return std::make_unique<SequenceDecoder>(std::move(steps));
  }
  return InvalidArgumentError(JoinPath(path, "type") + ": unsupported decoder \"" + type +
                              "\" (supported: ByteLevel, Metaspace, Replace, ByteFallback, Fuse, "
                              "Strip, Sequence)");
}

}  // namespace ponder::tokenizer
