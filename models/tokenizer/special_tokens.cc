#include "models/tokenizer/special_tokens.h"

#include <algorithm>
#include <optional>
#include <string>
#include <vector>

#include "models/tokenizer/json_fields.h"
#include "models/tokenizer/text_file.h"

namespace ponder::tokenizer {
namespace {

// A JSON file of the folder, or nullopt when the folder has none.
StatusOr<std::optional<Json>> ReadOptionalJson(const std::filesystem::path& path) {
  std::error_code error;
  if (!std::filesystem::exists(path, error)) return std::optional<Json>();
  PONDER_ASSIGN_OR_RETURN(std::string text, ReadTextFile(path));
  PONDER_ASSIGN_OR_RETURN(Json root, ParseJsonObject(text, path.string()));
  return std::optional<Json>(std::move(root));
}

// `*_token_id` as an id or a list of ids (the first one is the main one).
StatusOr<std::vector<int32_t>> ReadIds(const Json& config, std::string_view key,
                                       const std::filesystem::path& file, int32_t vocab_size) {
  std::vector<int32_t> ids;
  const Json* field = FindField(config, key);
  if (field == nullptr) return ids;
  const std::string where = file.string() + ": " + std::string(key);
  const auto add = [&](const Json& value) -> Status {
    if (!value.is_number_integer() || value.get<int64_t>() < 0 ||
        value.get<int64_t>() >= vocab_size) {
      return InvalidArgumentError(where + ": expected a token id in [0, " +
                                  std::to_string(vocab_size) + "), found " + value.dump());
    }
    ids.push_back(static_cast<int32_t>(value.get<int64_t>()));
    return OkStatus();
  };
  if (field->is_array()) {
    for (const Json& value : *field) PONDER_RETURN_IF_ERROR(add(value));
  } else {
    PONDER_RETURN_IF_ERROR(add(*field));
  }
  return ids;
}

// `*_token` as a string or an AddedToken object {"content": ...}; nullopt when absent or null.
StatusOr<std::optional<int32_t>> ReadTokenString(const Json& config, std::string_view key,
                                                 const std::filesystem::path& file,
                                                 const Tokenizer& tokenizer) {
  const Json* field = FindField(config, key);
  if (field == nullptr) return std::optional<int32_t>();
  const std::string where = file.string() + ": " + std::string(key);
  const Json* content = field;
  if (field->is_object()) {
    content = FindField(*field, "content");
    if (content == nullptr) return InvalidArgumentError(where + ".content: missing");
  }
  if (!content->is_string()) {
    return InvalidArgumentError(where + ": expected a token string, found " +
                                DescribeJsonType(*content));
  }
  const std::string text = content->get<std::string>();
  auto id = tokenizer.TokenId(text);
  if (!id)
    return InvalidArgumentError(where + ": \"" + text + "\" is not a token of the tokenizer");
  return std::optional<int32_t>(*id);
}

void AppendUnique(std::vector<int32_t>& ids, std::span<const int32_t> more) {
  for (int32_t id : more) {
    if (std::find(ids.begin(), ids.end(), id) == ids.end()) ids.push_back(id);
  }
}

}  // namespace

StatusOr<SpecialTokens> ReadSpecialTokens(const std::filesystem::path& dir,
                                          const Tokenizer& tokenizer, SpecialTokens defaults) {
  SpecialTokens tokens = std::move(defaults);
  std::vector<int32_t> listed_eos;  // end ids listed by the configs, most specific first
  const int32_t vocab_size = tokenizer.vocab_size();
  for (const char* name : {"config.json", "generation_config.json"}) {
    const std::filesystem::path file = dir / name;
    PONDER_ASSIGN_OR_RETURN(std::optional<Json> config, ReadOptionalJson(file));
    if (!config) continue;
    PONDER_ASSIGN_OR_RETURN(auto bos, ReadIds(*config, "bos_token_id", file, vocab_size));
    PONDER_ASSIGN_OR_RETURN(auto eos, ReadIds(*config, "eos_token_id", file, vocab_size));
    // Older conversions write pad_token_id -1 for "no padding token": not an error.
    const Json* pad_field = FindField(*config, "pad_token_id");
    const bool no_pad =
        pad_field != nullptr && pad_field->is_number_integer() && pad_field->get<int64_t>() < 0;
    PONDER_ASSIGN_OR_RETURN(auto pad, no_pad
                                          ? StatusOr<std::vector<int32_t>>(std::vector<int32_t>())
                                          : ReadIds(*config, "pad_token_id", file, vocab_size));
    if (!bos.empty()) tokens.bos = bos.front();
    if (!eos.empty()) tokens.eos = eos.front();
    if (!pad.empty()) tokens.pad = pad.front();
    eos.insert(eos.end(), listed_eos.begin(), listed_eos.end());
    listed_eos = std::move(eos);
  }
  const std::filesystem::path file = dir / "tokenizer_config.json";
  PONDER_ASSIGN_OR_RETURN(std::optional<Json> config, ReadOptionalJson(file));
  if (config) {
    PONDER_ASSIGN_OR_RETURN(auto bos, ReadTokenString(*config, "bos_token", file, tokenizer));
    PONDER_ASSIGN_OR_RETURN(auto eos, ReadTokenString(*config, "eos_token", file, tokenizer));
    PONDER_ASSIGN_OR_RETURN(auto pad, ReadTokenString(*config, "pad_token", file, tokenizer));
    PONDER_ASSIGN_OR_RETURN(auto unk, ReadTokenString(*config, "unk_token", file, tokenizer));
    if (bos) tokens.bos = bos;
    if (eos) tokens.eos = eos;
    if (pad) tokens.pad = pad;
    if (unk) tokens.unk = unk;
    if (FindField(*config, "add_bos_token") != nullptr) {
      auto add_bos = OptionalBool(*config, "add_bos_token", "", false);
      if (!add_bos.ok()) return add_bos.status().WithContext(file.string());
      tokens.add_bos = *add_bos;
    }
  }
  tokens.eos_ids.clear();
  if (tokens.eos) tokens.eos_ids.push_back(*tokens.eos);
  AppendUnique(tokens.eos_ids, listed_eos);
  if (tokens.add_bos && !tokens.bos) {
    return InvalidArgumentError(dir.string() +
                                ": the tokenizer adds a BOS token but no bos token is known "
                                "(set bos_token in tokenizer_config.json)");
  }
  return tokens;
}

}  // namespace ponder::tokenizer
