#include "traces/json_columns.h"

#include <nlohmann/json.hpp>

namespace ponder::traces {
namespace {

using Json = nlohmann::json;

Json ToJson(const ParamValue& value) {
  return std::visit(
      [](const auto& v) -> Json {
        using V = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<V, ParamValue::List>) {
          Json list = Json::array();
          for (const ParamValue& item : v) list.push_back(ToJson(item));
          return list;
        } else {
          return Json(v);
        }
      },
      value.value());
}

StatusOr<ParamValue> FromJson(const Json& json, const std::string& key, std::string_view what) {
  switch (json.type()) {
    case Json::value_t::boolean:
      return ParamValue(json.get<bool>());
    case Json::value_t::number_integer:
    case Json::value_t::number_unsigned:
      return ParamValue(json.get<int64_t>());
    case Json::value_t::number_float:
      return ParamValue(json.get<double>());
    case Json::value_t::string:
      return ParamValue(json.get<std::string>());
    case Json::value_t::array: {
      ParamValue::List list;
      for (const Json& item : json) {
        PONDER_ASSIGN_OR_RETURN(ParamValue v, FromJson(item, key, what));
        list.push_back(std::move(v));
      }
      return ParamValue(std::move(list));
    }
    default:
      return DataLossError(std::string(what) + ": key '" + key + "' holds " + json.type_name() +
                           ", not a boolean, number, string or list");
  }
}

StatusOr<Json> ParseObject(std::string_view text, std::string_view what) {
  Json json = Json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (json.is_discarded() || !json.is_object()) {
    return DataLossError(std::string(what) + " is not a JSON object: '" + std::string(text) + "'");
  }
  return json;
}

// dump() would throw on invalid UTF-8; such bytes become U+FFFD instead.
std::string Dump(const Json& json) {
  return json.dump(-1, ' ', false, Json::error_handler_t::replace);
}

}  // namespace

std::string ParamsToJson(const Params& params) {
  Json out = Json::object();
  for (const auto& [key, value] : params.values()) out[key] = ToJson(value);
  return Dump(out);
}

StatusOr<Params> ParamsFromJson(std::string_view json, std::string_view what) {
  PONDER_ASSIGN_OR_RETURN(Json object, ParseObject(json, what));
  Params params;
  for (const auto& [key, value] : object.items()) {
    PONDER_ASSIGN_OR_RETURN(ParamValue v, FromJson(value, key, what));
    params.Set(key, std::move(v));
  }
  return params;
}

std::string StringMapToJson(const std::map<std::string, std::string>& map) {
  return Dump(Json(map));
}

StatusOr<std::map<std::string, std::string>> StringMapFromJson(std::string_view json,
                                                               std::string_view what) {
  PONDER_ASSIGN_OR_RETURN(Json object, ParseObject(json, what));
  std::map<std::string, std::string> out;
  for (const auto& [key, value] : object.items()) {
    if (!value.is_string()) {
      return DataLossError(std::string(what) + ": key '" + key + "' holds " + value.type_name() +
                           ", not a string");
    }
    out[key] = value.get<std::string>();
  }
  return out;
}

std::string CountersToJson(const Counters& counters) {
  Json object = Json::object();
  for (const auto& [key, value] : counters) object[key] = value;
  return Dump(object);
}

StatusOr<Counters> CountersFromJson(std::string_view json, std::string_view what) {
  PONDER_ASSIGN_OR_RETURN(Json object, ParseObject(json, what));
  Counters out;
  for (const auto& [key, value] : object.items()) {
    if (!value.is_number_integer()) {
      return DataLossError(std::string(what) + ": key '" + key + "' holds " + value.type_name() +
                           ", not an integer");
    }
    out[key] = value.get<int64_t>();
  }
  return out;
}

}  // namespace ponder::traces
