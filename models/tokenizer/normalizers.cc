#include "models/tokenizer/normalizers.h"

#include <vector>

#include "models/tokenizer/text_pattern.h"
#include "models/tokenizer/unicode.h"

namespace ponder::tokenizer {
namespace {

class UnicodeNormalizer final : public Normalizer {
 public:
  explicit UnicodeNormalizer(NormalizationForm form) : form_(form) {}
  Status Normalize(std::string& text) const override {
    PONDER_ASSIGN_OR_RETURN(text, NormalizeUnicode(text, form_));
    return OkStatus();
  }

 private:
  NormalizationForm form_;
};

// Prepends a string to non-empty text (SentencePiece's dummy "▁" prefix).
class PrependNormalizer final : public Normalizer {
 public:
  explicit PrependNormalizer(std::string prefix) : prefix_(std::move(prefix)) {}
  Status Normalize(std::string& text) const override {
    if (!text.empty()) text.insert(0, prefix_);
    return OkStatus();
  }

 private:
  std::string prefix_;
};

class ReplaceNormalizer final : public Normalizer {
 public:
  ReplaceNormalizer(TextPattern pattern, std::string content)
      : pattern_(std::move(pattern)), content_(std::move(content)) {}
  Status Normalize(std::string& text) const override {
    PONDER_ASSIGN_OR_RETURN(text, pattern_.ReplaceAll(text, content_));
    return OkStatus();
  }

 private:
  TextPattern pattern_;
  std::string content_;
};

class SequenceNormalizer final : public Normalizer {
 public:
  explicit SequenceNormalizer(std::vector<std::unique_ptr<Normalizer>> steps)
      : steps_(std::move(steps)) {}
  Status Normalize(std::string& text) const override {
    for (const auto& step : steps_) PONDER_RETURN_IF_ERROR(step->Normalize(text));
    return OkStatus();
  }

 private:
  std::vector<std::unique_ptr<Normalizer>> steps_;
};

}  // namespace

StatusOr<std::unique_ptr<Normalizer>> ParseNormalizer(const Json& spec, std::string_view path) {
  PONDER_ASSIGN_OR_RETURN(std::string type, RequireString(spec, "type", path));
  if (type == "NFC") return std::make_unique<UnicodeNormalizer>(NormalizationForm::kNFC);
  if (type == "NFD") return std::make_unique<UnicodeNormalizer>(NormalizationForm::kNFD);
  if (type == "NFKC") return std::make_unique<UnicodeNormalizer>(NormalizationForm::kNFKC);
  if (type == "NFKD") return std::make_unique<UnicodeNormalizer>(NormalizationForm::kNFKD);
  if (type == "Prepend") {
    PONDER_ASSIGN_OR_RETURN(std::string prefix, RequireString(spec, "prepend", path));
    return std::make_unique<PrependNormalizer>(std::move(prefix));
  }
  if (type == "Replace") {
    PONDER_ASSIGN_OR_RETURN(const Json* pattern_spec, RequireField(spec, "pattern", path));
    PONDER_ASSIGN_OR_RETURN(TextPattern pattern,
                            TextPattern::Parse(*pattern_spec, JoinPath(path, "pattern")));
    PONDER_ASSIGN_OR_RETURN(std::string content, RequireString(spec, "content", path));
    return std::make_unique<ReplaceNormalizer>(std::move(pattern), std::move(content));
  }
  if (type == "Sequence") {
    PONDER_ASSIGN_OR_RETURN(const Json* list, RequireField(spec, "normalizers", path));
    const std::string list_path = JoinPath(path, "normalizers");
    if (!list->is_array()) {
      return InvalidArgumentError(list_path + ": expected an array, found " +
                                  DescribeJsonType(*list));
    }
    std::vector<std::unique_ptr<Normalizer>> steps;
    for (size_t i = 0; i < list->size(); ++i) {
      PONDER_ASSIGN_OR_RETURN(auto step, ParseNormalizer((*list)[i], IndexPath(list_path, i)));
      steps.push_back(std::move(step));
    }
    return std::make_unique<SequenceNormalizer>(std::move(steps));
  }
  return InvalidArgumentError(JoinPath(path, "type") + ": unsupported normalizer \"" + type +
                              "\" (supported: NFC, NFD, NFKC, NFKD, Prepend, Replace, Sequence)");
}

}  // namespace ponder::tokenizer
