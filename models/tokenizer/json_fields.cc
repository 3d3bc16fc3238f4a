#include "models/tokenizer/json_fields.h"

namespace ponder::tokenizer {

StatusOr<Json> ParseJsonObject(std::string_view text, std::string_view source) {
  Json root;
  try {
    root = Json::parse(text);
  } catch (const Json::exception& e) {
    // nlohmann reports "parse error at line L, column C: ..."; the exception stops here.
    return InvalidArgumentError(std::string(source) + ": malformed JSON: " + e.what());
  }
  if (!root.is_object()) {
    return InvalidArgumentError(std::string(source) +
                                ": expected a JSON object at the top level, found " +
                                DescribeJsonType(root));
  }
  return root;
}

std::string JoinPath(std::string_view parent, std::string_view key) {
  if (parent.empty()) return std::string(key);
  return std::string(parent) + "." + std::string(key);
}

std::string IndexPath(std::string_view parent, size_t index) {
  return std::string(parent) + "[" + std::to_string(index) + "]";
}

std::string DescribeJsonType(const Json& value) {
  switch (value.type()) {
    case Json::value_t::null:
      return "null";
    case Json::value_t::object:
      return "an object";
    case Json::value_t::array:
      return "an array";
    case Json::value_t::string:
      return "a string";
    case Json::value_t::boolean:
      return "a boolean";
    case Json::value_t::number_integer:
    case Json::value_t::number_unsigned:
      return "an integer";
    case Json::value_t::number_float:
      return "a number";
    default:
      return "an unsupported JSON value";
  }
}

const Json* FindField(const Json& object, std::string_view key) {
  if (!object.is_object()) return nullptr;
  auto it = object.find(key);
  if (it == object.end() || it->is_null()) return nullptr;
  return &*it;
}

StatusOr<const Json*> RequireField(const Json& object, std::string_view key,
                                   std::string_view path) {
  if (!object.is_object()) {
    return InvalidArgumentError(std::string(path.empty() ? "the top level" : path) +
                                " must be an object, not " + DescribeJsonType(object));
  }
  const Json* field = FindField(object, key);
  if (field == nullptr) return InvalidArgumentError(JoinPath(path, key) + ": missing");
  return field;
}

StatusOr<const Json*> RequireObject(const Json& object, std::string_view key,
                                    std::string_view path) {
  PONDER_ASSIGN_OR_RETURN(const Json* field, RequireField(object, key, path));
  if (!field->is_object()) {
    return InvalidArgumentError(JoinPath(path, key) + ": expected an object, found " +
                                DescribeJsonType(*field));
  }
  return field;
}

StatusOr<std::string> RequireString(const Json& object, std::string_view key,
                                    std::string_view path) {
  PONDER_ASSIGN_OR_RETURN(const Json* field, RequireField(object, key, path));
  if (!field->is_string()) {
    return InvalidArgumentError(JoinPath(path, key) + ": expected a string, found " +
                                DescribeJsonType(*field));
  }
  return field->get<std::string>();
}

StatusOr<std::string> OptionalString(const Json& object, std::string_view key,
                                     std::string_view path, std::string_view fallback) {
  const Json* field = FindField(object, key);
  if (field == nullptr) return std::string(fallback);
  if (!field->is_string()) {
    return InvalidArgumentError(JoinPath(path, key) + ": expected a string, found " +
                                DescribeJsonType(*field));
  }
  return field->get<std::string>();
}

StatusOr<bool> OptionalBool(const Json& object, std::string_view key, std::string_view path,
                            bool fallback) {
  const Json* field = FindField(object, key);
  if (field == nullptr) return fallback;
  if (!field->is_boolean()) {
    return InvalidArgumentError(JoinPath(path, key) + ": expected true or false, found " +
                                DescribeJsonType(*field));
  }
  return field->get<bool>();
}

StatusOr<int64_t> OptionalInt(const Json& object, std::string_view key, std::string_view path,
                              int64_t fallback) {
  const Json* field = FindField(object, key);
  if (field == nullptr) return fallback;
  if (!field->is_number_integer()) {
    return InvalidArgumentError(JoinPath(path, key) + ": expected an integer, found " +
                                DescribeJsonType(*field));
  }
  return field->get<int64_t>();
}

}  // namespace ponder::tokenizer
