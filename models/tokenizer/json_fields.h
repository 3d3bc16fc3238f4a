// Typed reads of JSON fields whose errors name the field's path, e.g.
// "pre_tokenizer.pretokenizers[1].pattern: missing". Internal to the tokenizer
// library (it includes nlohmann/json, which the public headers avoid).
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "search/base/status.h"

namespace ponder::tokenizer {

using Json = nlohmann::json;

// Parses JSON text; a malformed text is an error naming `source` and where
// the text goes wrong; the top level must be an object.
StatusOr<Json> ParseJsonObject(std::string_view text, std::string_view source);

// "parent.key", or "key" when parent is empty.
std::string JoinPath(std::string_view parent, std::string_view key);
// "parent[index]".
std::string IndexPath(std::string_view parent, size_t index);

// The field `key` of `object`, or nullptr when it is absent or null.
const Json* FindField(const Json& object, std::string_view key);

// A required field of any type (not null).
StatusOr<const Json*> RequireField(const Json& object, std::string_view key, std::string_view path);
// A required object field.
StatusOr<const Json*> RequireObject(const Json& object, std::string_view key,
                                    std::string_view path);
StatusOr<std::string> RequireString(const Json& object, std::string_view key,
                                    std::string_view path);
// An optional string: `fallback` when absent or null.
StatusOr<std::string> OptionalString(const Json& object, std::string_view key,
                                     std::string_view path, std::string_view fallback);
// An optional boolean: `fallback` when absent or null.
StatusOr<bool> OptionalBool(const Json& object, std::string_view key, std::string_view path,
                            bool fallback);
// An optional integer: `fallback` when absent or null.
StatusOr<int64_t> OptionalInt(const Json& object, std::string_view key, std::string_view path,
                              int64_t fallback);

// "a string", "an object", ... for messages.
std::string DescribeJsonType(const Json& value);

}  // namespace ponder::tokenizer
