#include "models/tokenizer/text_pattern.h"

namespace ponder::tokenizer {

StatusOr<TextPattern> TextPattern::Parse(const Json& spec, std::string_view path) {
  if (!spec.is_object() || spec.size() != 1) {
    return InvalidArgumentError(
        std::string(path) + ": expected {\"String\": ...} or {\"Regex\": ...}, found " +
        (spec.is_object() ? "an object with " + std::to_string(spec.size()) + " keys"
                          : DescribeJsonType(spec)));
  }
  if (spec.contains("String")) {
    PONDER_ASSIGN_OR_RETURN(std::string literal, RequireString(spec, "String", path));
    return Literal(std::move(literal));
  }
  if (spec.contains("Regex")) {
    PONDER_ASSIGN_OR_RETURN(std::string pattern, RequireString(spec, "Regex", path));
    auto regex = Regex::Compile(pattern);
    if (!regex.ok()) return regex.status().WithContext(JoinPath(path, "Regex"));
    TextPattern result;
    result.regex_ = *std::move(regex);
    return result;
  }
  return InvalidArgumentError(std::string(path) + ": unknown pattern kind \"" + spec.begin().key() +
                              "\" (expected String or Regex)");
}

TextPattern TextPattern::Literal(std::string literal) {
  TextPattern result;
  result.literal_ = std::move(literal);
  return result;
}

Status TextPattern::FindAll(std::string_view text, std::vector<ByteSpan>& matches) const {
  if (regex_) return regex_->FindAll(text, matches);
  if (literal_.empty()) return OkStatus();
  size_t pos = 0;
  while ((pos = text.find(literal_, pos)) != std::string_view::npos) {
    matches.push_back({pos, pos + literal_.size()});
    pos += literal_.size();
  }
  return OkStatus();
}

StatusOr<std::string> TextPattern::ReplaceAll(std::string_view text,
                                              std::string_view replacement) const {
  std::vector<ByteSpan> matches;
  PONDER_RETURN_IF_ERROR(FindAll(text, matches));
  if (matches.empty()) return std::string(text);
  std::string out;
  out.reserve(text.size() + matches.size() * replacement.size());
  size_t last = 0;
  for (const ByteSpan& m : matches) {
    out.append(text.substr(last, m.begin - last));
    out.append(replacement);
    last = m.end;
  }
  out.append(text.substr(last));
  return out;
}

}  // namespace ponder::tokenizer
