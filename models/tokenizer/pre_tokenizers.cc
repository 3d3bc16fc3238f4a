#include "models/tokenizer/pre_tokenizers.h"

#include "models/tokenizer/byte_level.h"
#include "models/tokenizer/text_pattern.h"
#include "models/tokenizer/unicode.h"
#include "models/tokenizer/utf8.h"

namespace ponder::tokenizer {
namespace {

// GPT-2's word pattern, which ByteLevel applies when use_regex is true.
constexpr std::string_view kGpt2Pattern =
    R"('s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+)";

class SplitPreTokenizer final : public PreTokenizer {
 public:
  SplitPreTokenizer(TextPattern pattern, SplitRule rule)
      : pattern_(std::move(pattern)), rule_(rule) {}
  Status Split(std::vector<TextPiece>& pieces) const override {
    std::vector<TextPiece> out;
    std::vector<ByteSpan> matches;
    for (const TextPiece& piece : pieces) {
      matches.clear();
      PONDER_RETURN_IF_ERROR(pattern_.FindAll(piece.text, matches));
      SplitAtMatches(piece, matches, rule_, out);
    }
    pieces = std::move(out);
    return OkStatus();
  }

 private:
  TextPattern pattern_;
  SplitRule rule_;
};

class ByteLevelPreTokenizer final : public PreTokenizer {
 public:
  ByteLevelPreTokenizer(std::shared_ptr<const Regex> regex, bool add_prefix_space)
      : regex_(std::move(regex)), add_prefix_space_(add_prefix_space) {}
  Status Split(std::vector<TextPiece>& pieces) const override {
    std::vector<TextPiece> words;
    std::vector<ByteSpan> matches;
    for (TextPiece& piece : pieces) {
      if (add_prefix_space_ && !piece.text.starts_with(' ')) piece.text = " " + piece.text;
      if (regex_ == nullptr) {
        words.push_back(std::move(piece));
        continue;
      }
      matches.clear();
      PONDER_RETURN_IF_ERROR(regex_->FindAll(piece.text, matches));
      SplitAtMatches(piece, matches, {SplitBehavior::kIsolated, false}, words);
    }
    const ByteLevelAlphabet& alphabet = ByteLevelAlphabet::Get();
    pieces.clear();
    for (TextPiece& word : words) {
      if (word.text.empty()) continue;
      TextPiece mapped{std::string(), word.at_text_start};
      alphabet.Encode(word.text, mapped.text);
      pieces.push_back(std::move(mapped));
    }
    return OkStatus();
  }
  bool MapsToByteLevel() const override { return true; }

 private:
  std::shared_ptr<const Regex> regex_;
  bool add_prefix_space_;
};

enum class PrependScheme { kAlways, kFirst, kNever };

// Replaces spaces by the replacement character ("▁"), prepends one as the
// scheme says, and splits before each replacement character.
class MetaspacePreTokenizer final : public PreTokenizer {
 public:
  MetaspacePreTokenizer(std::string replacement, PrependScheme scheme, bool split)
      : replacement_(std::move(replacement)), scheme_(scheme), split_(split) {}
  Status Split(std::vector<TextPiece>& pieces) const override {
    std::vector<TextPiece> out;
    const TextPattern space = TextPattern::Literal(" ");
    const TextPattern delimiter = TextPattern::Literal(replacement_);
    std::vector<ByteSpan> matches;
    for (const TextPiece& piece : pieces) {
      PONDER_ASSIGN_OR_RETURN(std::string text, space.ReplaceAll(piece.text, replacement_));
      const bool prepend = scheme_ == PrependScheme::kAlways ||
                           (scheme_ == PrependScheme::kFirst && piece.at_text_start);
      if (prepend && !text.starts_with(replacement_)) text.insert(0, replacement_);
      TextPiece rewritten{std::move(text), piece.at_text_start};
      if (!split_) {
        if (!rewritten.text.empty()) out.push_back(std::move(rewritten));
        continue;
      }
      matches.clear();
      PONDER_RETURN_IF_ERROR(delimiter.FindAll(rewritten.text, matches));
      SplitAtMatches(rewritten, matches, {SplitBehavior::kMergedWithNext, false}, out);
    }
    pieces = std::move(out);
    return OkStatus();
  }

 private:
  std::string replacement_;
  PrependScheme scheme_;
  bool split_;
};

// Splits out numeric characters (Unicode N*): each one alone, or runs of them.
class DigitsPreTokenizer final : public PreTokenizer {
 public:
  explicit DigitsPreTokenizer(bool individual) : individual_(individual) {}
  Status Split(std::vector<TextPiece>& pieces) const override {
    std::vector<TextPiece> out;
    std::vector<ByteSpan> matches;
    for (const TextPiece& piece : pieces) {
      matches.clear();
      const std::string& text = piece.text;
      size_t pos = 0;
      while (pos < text.size()) {
        size_t length = Utf8CharLength(text, pos);
        if (length == 0) length = 1;
        if (IsUnicodeNumeric(DecodeUtf8Char(text, pos, length))) {
          matches.push_back({pos, pos + length});
        }
        pos += length;
      }
      const SplitBehavior behavior =
          individual_ ? SplitBehavior::kIsolated : SplitBehavior::kContiguous;
      SplitAtMatches(piece, matches, {behavior, false}, out);
    }
    pieces = std::move(out);
    return OkStatus();
  }

 private:
  bool individual_;
};

class SequencePreTokenizer final : public PreTokenizer {
 public:
  explicit SequencePreTokenizer(std::vector<std::unique_ptr<PreTokenizer>> steps)
      : steps_(std::move(steps)) {}
  Status Split(std::vector<TextPiece>& pieces) const override {
    for (const auto& step : steps_) PONDER_RETURN_IF_ERROR(step->Split(pieces));
    return OkStatus();
  }
  bool MapsToByteLevel() const override {
    for (const auto& step : steps_) {
      if (step->MapsToByteLevel()) return true;
    }
    return false;
  }

 private:
  std::vector<std::unique_ptr<PreTokenizer>> steps_;
};

StatusOr<SplitBehavior> ParseBehavior(const Json& spec, std::string_view path) {
  PONDER_ASSIGN_OR_RETURN(std::string name, RequireString(spec, "behavior", path));
  if (name == "Removed") return SplitBehavior::kRemoved;
  if (name == "Isolated") return SplitBehavior::kIsolated;
  if (name == "MergedWithPrevious") return SplitBehavior::kMergedWithPrevious;
  if (name == "MergedWithNext") return SplitBehavior::kMergedWithNext;
  if (name == "Contiguous") return SplitBehavior::kContiguous;
  return InvalidArgumentError(JoinPath(path, "behavior") + ": unknown split behavior \"" + name +
                              "\" (expected Removed, Isolated, MergedWithPrevious, "
                              "MergedWithNext or Contiguous)");
}

StatusOr<PrependScheme> ParsePrependScheme(const Json& spec, std::string_view path) {
  // Files written before prepend_scheme existed say add_prefix_space instead.
  if (FindField(spec, "prepend_scheme") == nullptr) {
    PONDER_ASSIGN_OR_RETURN(bool add_prefix, OptionalBool(spec, "add_prefix_space", path, true));
    return add_prefix ? PrependScheme::kAlways : PrependScheme::kNever;
  }
  PONDER_ASSIGN_OR_RETURN(std::string name, RequireString(spec, "prepend_scheme", path));
  if (name == "always") return PrependScheme::kAlways;
  if (name == "first") return PrependScheme::kFirst;
  if (name == "never") return PrependScheme::kNever;
  return InvalidArgumentError(JoinPath(path, "prepend_scheme") + ": unknown scheme \"" + name +
                              "\" (expected always, first or never)");
}

}  // namespace

void SplitAtMatches(const TextPiece& piece, const std::vector<ByteSpan>& matches, SplitRule rule,
                    std::vector<TextPiece>& out) {
  // The piece as consecutive parts covering all of it, each a delimiter or not.
  struct Part {
    size_t begin, end;
    bool delimiter;
  };
  std::vector<Part> parts;
  parts.reserve(2 * matches.size() + 1);
  size_t last = 0;
  for (const ByteSpan& m : matches) {
    if (m.begin > last) parts.push_back({last, m.begin, rule.invert});
    parts.push_back({m.begin, m.end, !rule.invert});
    last = m.end;
  }
  if (last < piece.text.size()) parts.push_back({last, piece.text.size(), rule.invert});

  const auto emit = [&](size_t begin, size_t end) {
    if (end <= begin) return;
    out.push_back({piece.text.substr(begin, end - begin), piece.at_text_start && begin == 0});
  };
  // For the merging behaviours: the part being built, flushed when the next one starts.
  size_t open_begin = 0;
  size_t open_end = 0;
  const size_t n = parts.size();
  for (size_t i = 0; i < n; ++i) {
    const Part& p = parts[i];
    const bool previous_delimiter = i > 0 && parts[i - 1].delimiter;
    switch (rule.behavior) {
      case SplitBehavior::kRemoved:
        if (!p.delimiter) emit(p.begin, p.end);
        break;
      case SplitBehavior::kIsolated:
        emit(p.begin, p.end);
        break;
      case SplitBehavior::kMergedWithPrevious:
        // A delimiter joins the part before it unless that part is a delimiter too.
        if (i > 0 && p.delimiter && !previous_delimiter) {
          open_end = p.end;
        } else {
          emit(open_begin, open_end);
          open_begin = p.begin;
          open_end = p.end;
        }
        break;
      case SplitBehavior::kMergedWithNext: {
        // A delimiter joins the part after it unless that part is a delimiter too.
        const bool joins_next = p.delimiter && i + 1 < n && !parts[i + 1].delimiter;
        const bool joined = i > 0 && previous_delimiter && !p.delimiter;
        if (joins_next) continue;
        emit(joined ? parts[i - 1].begin : p.begin, p.end);
        break;
      }
      case SplitBehavior::kContiguous:
        // Neighbouring parts of the same kind join.
        if (i > 0 && p.delimiter == previous_delimiter) {
          open_end = p.end;
        } else {
          emit(open_begin, open_end);
          open_begin = p.begin;
          open_end = p.end;
        }
        break;
    }
  }
  emit(open_begin, open_end);
}

StatusOr<std::unique_ptr<PreTokenizer>> ParsePreTokenizer(const Json& spec, std::string_view path) {
  PONDER_ASSIGN_OR_RETURN(std::string type, RequireString(spec, "type", path));
  if (type == "Split") {
    PONDER_ASSIGN_OR_RETURN(const Json* pattern_spec, RequireField(spec, "pattern", path));
    PONDER_ASSIGN_OR_RETURN(TextPattern pattern,
                            TextPattern::Parse(*pattern_spec, JoinPath(path, "pattern")));
    PONDER_ASSIGN_OR_RETURN(SplitBehavior behavior, ParseBehavior(spec, path));
    PONDER_ASSIGN_OR_RETURN(bool invert, OptionalBool(spec, "invert", path, false));
    return std::make_unique<SplitPreTokenizer>(std::move(pattern), SplitRule{behavior, invert});
  }
  if (type == "ByteLevel") {
    PONDER_ASSIGN_OR_RETURN(bool add_prefix_space,
                            OptionalBool(spec, "add_prefix_space", path, true));
    PONDER_ASSIGN_OR_RETURN(bool use_regex, OptionalBool(spec, "use_regex", path, true));
    std::shared_ptr<const Regex> regex;
    if (use_regex) {
      auto compiled = Regex::Compile(kGpt2Pattern);
      if (!compiled.ok()) return compiled.status();
      regex = *std::move(compiled);
    }
    return std::make_unique<ByteLevelPreTokenizer>(std::move(regex), add_prefix_space);
  }
  if (type == "Metaspace") {
    PONDER_ASSIGN_OR_RETURN(std::string replacement, RequireString(spec, "replacement", path));
    PONDER_ASSIGN_OR_RETURN(PrependScheme scheme, ParsePrependScheme(spec, path));
    PONDER_ASSIGN_OR_RETURN(bool split, OptionalBool(spec, "split", path, true));
    return std::make_unique<MetaspacePreTokenizer>(std::move(replacement), scheme, split);
  }
  if (type == "Digits") {
    PONDER_ASSIGN_OR_RETURN(bool individual, OptionalBool(spec, "individual_digits", path, false));
    return std::make_unique<DigitsPreTokenizer>(individual);
  }
  if (type == "Sequence") {
    PONDER_ASSIGN_OR_RETURN(const Json* list, RequireField(spec, "pretokenizers", path));
    const std::string list_path = JoinPath(path, "pretokenizers");
    if (!list->is_array()) {
      return InvalidArgumentError(list_path + ": expected an array, found " +
                                  DescribeJsonType(*list));
    }
    std::vector<std::unique_ptr<PreTokenizer>> steps;
    for (size_t i = 0; i < list->size(); ++i) {
      PONDER_ASSIGN_OR_RETURN(auto step, ParsePreTokenizer((*list)[i], IndexPath(list_path, i)));
      steps.push_back(std::move(step));
    }
    return std::make_unique<SequencePreTokenizer>(std::move(steps));
  }
  return InvalidArgumentError(JoinPath(path, "type") + ": unsupported pre-tokenizer \"" + type +
                              "\" (supported: Split, ByteLevel, Metaspace, Digits, Sequence)");
}

}  // namespace ponder::tokenizer
