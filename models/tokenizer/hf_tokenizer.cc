#include "models/tokenizer/hf_tokenizer.h"

#include <algorithm>
#include <fstream>
#include <sstream>

#include "models/tokenizer/bpe_model.h"
#include "models/tokenizer/decoders.h"
#include "models/tokenizer/json_fields.h"
#include "models/tokenizer/normalizers.h"
#include "models/tokenizer/pre_tokenizers.h"
#include "models/tokenizer/text_file.h"
#include "models/tokenizer/utf8.h"

namespace ponder::tokenizer {
namespace {

// Ids index dense tables, so a corrupt id must not demand gigabytes; real vocabularies are far
// below this (the largest common ones have about 256k tokens).
constexpr int64_t kMaxTokenId = (int64_t{1} << 24) - 1;

StatusOr<std::vector<std::pair<std::string, int32_t>>> ReadVocab(const Json& model) {
  PONDER_ASSIGN_OR_RETURN(const Json* vocab, RequireObject(model, "vocab", "model"));
  std::vector<std::pair<std::string, int32_t>> entries;
  entries.reserve(vocab->size());
  for (auto it = vocab->begin(); it != vocab->end(); ++it) {
    if (!it->is_number_integer() || it->get<int64_t>() < 0 || it->get<int64_t>() > kMaxTokenId) {
      return InvalidArgumentError("model.vocab[\"" + it.key() + "\"]: expected an id in [0, " +
                                  std::to_string(kMaxTokenId) + "], found " + it->dump());
    }
    entries.emplace_back(it.key(), static_cast<int32_t>(it->get<int64_t>()));
  }
  return entries;
}

// Merges are written "a b" (older files) or ["a", "b"] (newer ones).
StatusOr<std::vector<std::pair<std::string, std::string>>> ReadMerges(const Json& model) {
  std::vector<std::pair<std::string, std::string>> merges;
  const Json* list = FindField(model, "merges");
  if (list == nullptr) return merges;
  if (!list->is_array()) {
    return InvalidArgumentError("model.merges: expected an array, found " +
                                DescribeJsonType(*list));
  }
  merges.reserve(list->size());
  for (size_t i = 0; i < list->size(); ++i) {
    const Json& entry = (*list)[i];
    const std::string path = IndexPath("model.merges", i);
    if (entry.is_string()) {
      const std::string& line = entry.get_ref<const std::string&>();
      const size_t space = line.find(' ');
      if (space == std::string::npos || line.find(' ', space + 1) != std::string::npos) {
        return InvalidArgumentError(
            path + ": expected two tokens separated by one space, found \"" + line + "\"");
      }
      merges.emplace_back(line.substr(0, space), line.substr(space + 1));
    } else if (entry.is_array() && entry.size() == 2 && entry[0].is_string() &&
               entry[1].is_string()) {
      merges.emplace_back(entry[0].get<std::string>(), entry[1].get<std::string>());
    } else {
      return InvalidArgumentError(path + ": expected \"a b\" or [\"a\", \"b\"], found " +
                                  entry.dump());
    }
  }
  return merges;
}

StatusOr<std::unique_ptr<BpeModel>> ReadBpeModel(const Json& root,
                                                 const HfTokenizerOptions& options) {
  PONDER_ASSIGN_OR_RETURN(const Json* model, RequireObject(root, "model", ""));
  // Files from before the "type" field was written hold a BPE model whenever they have merges.
  const std::string fallback_type = FindField(*model, "merges") != nullptr ? "BPE" : "";
  PONDER_ASSIGN_OR_RETURN(std::string type, OptionalString(*model, "type", "model", fallback_type));
  if (type != "BPE") {
    return InvalidArgumentError("model.type: unsupported tokenizer model \"" + type +
                                "\" (supported: BPE)");
  }
  if (const Json* dropout = FindField(*model, "dropout"); dropout != nullptr) {
    if (!dropout->is_number() || dropout->get<double>() != 0.0) {
      return InvalidArgumentError("model.dropout: BPE dropout (" + dropout->dump() +
                                  ") makes encoding random and is not supported");
    }
  }
  BpeConfig config;
  config.cache_capacity = static_cast<size_t>(options.word_cache_capacity);
  PONDER_ASSIGN_OR_RETURN(config.vocab, ReadVocab(*model));
  PONDER_ASSIGN_OR_RETURN(config.merges, ReadMerges(*model));
  if (FindField(*model, "unk_token") != nullptr) {
    PONDER_ASSIGN_OR_RETURN(config.unk_token, RequireString(*model, "unk_token", "model"));
  }
  PONDER_ASSIGN_OR_RETURN(config.fuse_unk, OptionalBool(*model, "fuse_unk", "model", false));
  PONDER_ASSIGN_OR_RETURN(config.byte_fallback,
                          OptionalBool(*model, "byte_fallback", "model", false));
  PONDER_ASSIGN_OR_RETURN(config.ignore_merges,
                          OptionalBool(*model, "ignore_merges", "model", false));
  PONDER_ASSIGN_OR_RETURN(config.continuing_subword_prefix,
                          OptionalString(*model, "continuing_subword_prefix", "model", ""));
  PONDER_ASSIGN_OR_RETURN(config.end_of_word_suffix,
                          OptionalString(*model, "end_of_word_suffix", "model", ""));
  auto bpe = BpeModel::Create(std::move(config));
  if (!bpe.ok()) return bpe.status().WithContext("model");
  return bpe;
}

StatusOr<std::vector<AddedToken>> ReadAddedTokens(const Json& root) {
  std::vector<AddedToken> tokens;
  const Json* list = FindField(root, "added_tokens");
  if (list == nullptr) return tokens;
  if (!list->is_array()) {
    return InvalidArgumentError("added_tokens: expected an array, found " +
                                DescribeJsonType(*list));
  }
  for (size_t i = 0; i < list->size(); ++i) {
    const Json& entry = (*list)[i];
    const std::string path = IndexPath("added_tokens", i);
    AddedToken token;
    PONDER_ASSIGN_OR_RETURN(const Json* id, RequireField(entry, "id", path));
    if (!id->is_number_integer() || id->get<int64_t>() < 0 || id->get<int64_t>() > kMaxTokenId) {
      return InvalidArgumentError(path + ".id: expected an id in [0, " +
                                  std::to_string(kMaxTokenId) + "], found " + id->dump());
    }
    token.id = static_cast<int32_t>(id->get<int64_t>());
    PONDER_ASSIGN_OR_RETURN(token.content, RequireString(entry, "content", path));
    if (token.content.empty()) return InvalidArgumentError(path + ".content: empty");
    PONDER_ASSIGN_OR_RETURN(token.special, OptionalBool(entry, "special", path, false));
    PONDER_ASSIGN_OR_RETURN(token.single_word, OptionalBool(entry, "single_word", path, false));
    PONDER_ASSIGN_OR_RETURN(token.lstrip, OptionalBool(entry, "lstrip", path, false));
    PONDER_ASSIGN_OR_RETURN(token.rstrip, OptionalBool(entry, "rstrip", path, false));
    PONDER_ASSIGN_OR_RETURN(token.normalized,
                            OptionalBool(entry, "normalized", path, !token.special));
    tokens.push_back(std::move(token));
  }
  return tokens;
}

// The special token a TemplateProcessing post-processor puts first, if any.
std::optional<std::string> LeadingTemplateToken(const Json& processor) {
  const Json* type = FindField(processor, "type");
  if (type == nullptr || !type->is_string()) return std::nullopt;
  if (*type == "Sequence") {
    const Json* list = FindField(processor, "processors");
    if (list == nullptr || !list->is_array()) return std::nullopt;
    for (const Json& step : *list) {
      if (auto token = LeadingTemplateToken(step)) return token;
    }
    return std::nullopt;
  }
  if (*type != "TemplateProcessing") return std::nullopt;
  const Json* single = FindField(processor, "single");
  if (single == nullptr || !single->is_array() || single->empty()) return std::nullopt;
  const Json* special = FindField((*single)[0], "SpecialToken");
  if (special == nullptr) return std::nullopt;
  const Json* id = FindField(*special, "id");
  if (id == nullptr || !id->is_string()) return std::nullopt;
  return id->get<std::string>();
}

}  // namespace

void HfTokenizerOptions::Bind(ParamBinder& binder) {
  binder.Int64("word_cache_capacity", &word_cache_capacity, 0, int64_t{1} << 24,
               "pre-tokenized words whose BPE ids are cached (0: no cache)");
}

Status HfTokenizerOptions::Validate() const {
  if (word_cache_capacity < 0) return InvalidArgumentError("word_cache_capacity: must be >= 0");
  return OkStatus();
}

HfTokenizer::HfTokenizer() = default;
HfTokenizer::~HfTokenizer() = default;

StatusOr<std::unique_ptr<HfTokenizer>> HfTokenizer::FromFile(const std::filesystem::path& path,
                                                             const HfTokenizerOptions& options) {
  PONDER_ASSIGN_OR_RETURN(std::string text, ReadTextFile(path));
  return FromJsonText(text, path.string(), options);
}

StatusOr<std::unique_ptr<HfTokenizer>> HfTokenizer::FromJsonText(
    std::string_view json_text, std::string_view source, const HfTokenizerOptions& options) {
  const std::string where(source);
  PONDER_RETURN_IF_ERROR(options.Validate().WithContext(where));
  PONDER_ASSIGN_OR_RETURN(Json root, ParseJsonObject(json_text, where));
  std::unique_ptr<HfTokenizer> tokenizer(new HfTokenizer());
  const auto in_file = [&](const Status& status) { return status.WithContext(where); };

  auto model = ReadBpeModel(root, options);
  if (!model.ok()) return in_file(model.status());
  tokenizer->model_ = *std::move(model);

  if (const Json* spec = FindField(root, "normalizer")) {
    auto normalizer = ParseNormalizer(*spec, "normalizer");
    if (!normalizer.ok()) return in_file(normalizer.status());
    tokenizer->normalizer_ = *std::move(normalizer);
  }
  if (const Json* spec = FindField(root, "pre_tokenizer")) {
    auto pre_tokenizer = ParsePreTokenizer(*spec, "pre_tokenizer");
    if (!pre_tokenizer.ok()) return in_file(pre_tokenizer.status());
    tokenizer->pre_tokenizer_ = *std::move(pre_tokenizer);
  }
  if (const Json* spec = FindField(root, "decoder")) {
    auto decoder = ParseDecoder(*spec, "decoder");
    if (!decoder.ok()) return in_file(decoder.status());
    tokenizer->decoder_ = *std::move(decoder);
  }

  auto added = ReadAddedTokens(root);
  if (!added.ok()) return in_file(added.status());
  std::vector<AddedToken> raw_tokens, normalized_tokens;
  std::vector<std::string> raw_patterns, normalized_patterns;
  tokenizer->vocab_size_ = tokenizer->model_->id_limit();
  // Special tokens are matched before the others, as in Hugging Face's AddedVocabulary.
  std::stable_partition(added->begin(), added->end(),
                        [](const AddedToken& t) { return t.special; });
  for (AddedToken& token : *added) {
    tokenizer->vocab_size_ = std::max(tokenizer->vocab_size_, token.id + 1);
    tokenizer->added_by_id_[token.id] = token.content;
    tokenizer->added_by_content_[token.content] = token.id;
    if (token.normalized) {
      std::string pattern = token.content;
      if (tokenizer->normalizer_) {
        if (Status s = tokenizer->normalizer_->Normalize(pattern); !s.ok()) return in_file(s);
      }
      normalized_patterns.push_back(std::move(pattern));
      normalized_tokens.push_back(std::move(token));
    } else {
      raw_patterns.push_back(token.content);
      raw_tokens.push_back(std::move(token));
    }
  }
  tokenizer->raw_matcher_ = AddedTokenMatcher(std::move(raw_tokens), std::move(raw_patterns));
  tokenizer->normalized_matcher_ =
      AddedTokenMatcher(std::move(normalized_tokens), std::move(normalized_patterns));

  if (const Json* processor = FindField(root, "post_processor")) {
    tokenizer->post_processor_bos_ = LeadingTemplateToken(*processor);
    tokenizer->post_processor_adds_bos_ = tokenizer->post_processor_bos_.has_value();
  }
  return tokenizer;
}

Status HfTokenizer::EncodePlain(TextPiece piece, std::vector<int32_t>& ids) const {
  std::vector<TextPiece> words;
  words.push_back(std::move(piece));
  if (pre_tokenizer_) PONDER_RETURN_IF_ERROR(pre_tokenizer_->Split(words));
  for (const TextPiece& word : words) model_->Tokenize(word.text, ids);
  return OkStatus();
}

StatusOr<std::vector<int32_t>> HfTokenizer::Encode(std::string_view text) const {
  if (auto bad = FindInvalidUtf8(text)) {
    return InvalidArgumentError("text to encode is not valid UTF-8 (at byte " +
                                std::to_string(*bad) + ")");
  }
  std::vector<int32_t> ids;
  std::vector<TextSegment> segments;
  raw_matcher_.Split(text, segments);
  std::vector<TextSegment> inner;
  for (const TextSegment& segment : segments) {
    if (segment.id >= 0) {
      ids.push_back(segment.id);
      continue;
    }
    if (segment.end == segment.begin) continue;
    std::string normalized(text.substr(segment.begin, segment.end - segment.begin));
    if (normalizer_) PONDER_RETURN_IF_ERROR(normalizer_->Normalize(normalized));
    inner.clear();
    normalized_matcher_.Split(normalized, inner);
    for (const TextSegment& part : inner) {
      if (part.id >= 0) {
        ids.push_back(part.id);
        continue;
      }
      if (part.end == part.begin) continue;
      TextPiece piece{normalized.substr(part.begin, part.end - part.begin),
                      segment.begin == 0 && part.begin == 0};
      PONDER_RETURN_IF_ERROR(EncodePlain(std::move(piece), ids));
    }
  }
  return ids;
}

StatusOr<std::string> HfTokenizer::Decode(std::span<const int32_t> ids) const {
  std::vector<std::string> tokens;
  tokens.reserve(ids.size());
  for (size_t i = 0; i < ids.size(); ++i) {
    const int32_t id = ids[i];
    if (auto it = added_by_id_.find(id); it != added_by_id_.end()) {
      tokens.push_back(it->second);
    } else if (const std::string* token = model_->IdToToken(id)) {
      tokens.push_back(*token);
    } else {
      return InvalidArgumentError("cannot decode token id " + std::to_string(id) + " at position " +
                                  std::to_string(i) + ": no token has that id (vocabulary size " +
                                  std::to_string(vocab_size_) + ")");
    }
  }
  if (decoder_ == nullptr) {
    std::string text;
    for (size_t i = 0; i < tokens.size(); ++i) {
      if (i > 0) text += ' ';
      text += tokens[i];
    }
    return text;
  }
  PONDER_RETURN_IF_ERROR(decoder_->DecodeChain(tokens));
  std::string text;
  for (const std::string& token : tokens) text += token;
  return text;
}

std::optional<int32_t> HfTokenizer::TokenId(std::string_view token) const {
  if (auto it = added_by_content_.find(std::string(token)); it != added_by_content_.end()) {
    return it->second;
  }
  return model_->TokenToId(token);
}

}  // namespace ponder::tokenizer
