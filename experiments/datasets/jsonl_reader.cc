#include "experiments/datasets/jsonl_reader.h"

#include <fstream>

namespace ponder::experiments {

Status ReadJsonl(const std::filesystem::path& path,
                 const std::function<Status(int line, const nlohmann::json& object)>& visit) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return NotFoundError(path.string() + ": cannot open the dataset file");
  std::string text;
  int line = 0, objects = 0;
  while (std::getline(in, text)) {
    ++line;
    if (text.find_first_not_of(" \t\r") == std::string::npos) continue;
    ++objects;
    const std::string where = path.string() + ":" + std::to_string(line);
    // The parser rejects invalid UTF-8 inside strings, so non-UTF-8 text is reported here.
    nlohmann::json object;
    try {
      object = nlohmann::json::parse(text);
    } catch (const nlohmann::json::exception& e) {
      return InvalidArgumentError(where + ": not a valid JSON line (" + e.what() + ")");
    }
    if (!object.is_object()) return InvalidArgumentError(where + ": expected a JSON object");
    PONDER_RETURN_IF_ERROR(visit(line, object));
  }
  if (objects == 0) return InvalidArgumentError(path.string() + ": the dataset file is empty");
  return OkStatus();
}

StatusOr<std::string> StringField(const nlohmann::json& object, const std::string& field,
                                  const std::string& where) {
  auto it = object.find(field);
  if (it == object.end() || it->is_null()) {
    return InvalidArgumentError(where + ": missing field '" + field + "'");
  }
  if (it->is_string()) return it->get<std::string>();
  if (it->is_number()) return it->dump();
  return InvalidArgumentError(where + ": field '" + field + "' must be a string, got " +
                              std::string(it->type_name()));
}

}  // namespace ponder::experiments
