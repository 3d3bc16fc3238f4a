#include "verifiers/code/apps_dataset.h"

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

namespace ponder {
namespace {

using nlohmann::json;

StatusOr<std::string> StringField(const json& record, const char* key, std::string_view origin,
                                  bool required) {
  auto it = record.find(key);
  if (it == record.end() || it->is_null()) {
    if (!required) return std::string();
    return InvalidArgumentError(std::string(origin) + ": key \"" + key + "\" is missing");
  }
  if (!it->is_string()) {
    return InvalidArgumentError(std::string(origin) + ": key \"" + key + "\" must be a string");
  }
  return it->get<std::string>();
}

}  // namespace

std::string AppsProblem::TestsJson(size_t count) const {
  json tests = json::object();
  tests["inputs"] = json::array();
  tests["outputs"] = json::array();
  for (size_t i = 0; i < inputs_json.size() && i < count; ++i) {
    tests["inputs"].push_back(json::parse(inputs_json[i]));
    tests["outputs"].push_back(json::parse(outputs_json[i]));
  }
  if (!fn_name.empty()) tests["fn_name"] = fn_name;
  return tests.dump();
}

StatusOr<AppsProblem> ParseAppsProblem(std::string_view json_line, std::string_view origin) {
  json record = json::parse(json_line, nullptr, /*allow_exceptions=*/false);
  if (record.is_discarded() || !record.is_object()) {
    return InvalidArgumentError(std::string(origin) + ": not a JSON object");
  }
  AppsProblem p;
  PONDER_ASSIGN_OR_RETURN(p.id, StringField(record, "id", origin, true));
  const std::string where = std::string(origin) + " (" + p.id + ")";
  PONDER_ASSIGN_OR_RETURN(p.difficulty, StringField(record, "difficulty", where, false));
  PONDER_ASSIGN_OR_RETURN(p.fn_name, StringField(record, "fn_name", where, false));
  PONDER_ASSIGN_OR_RETURN(p.question, StringField(record, "question", where, false));
  PONDER_ASSIGN_OR_RETURN(p.starter_code, StringField(record, "starter_code", where, false));
  for (const char* key : {"inputs", "outputs"}) {
    if (!record.contains(key) || !record[key].is_array()) {
      return InvalidArgumentError(where + ": key \"" + key + "\" must be a list");
    }
  }
  if (record.contains("solutions") && !record["solutions"].is_array()) {
    return InvalidArgumentError(where + ": key \"solutions\" must be a list");
  }
  if (record["inputs"].size() != record["outputs"].size()) {
    return InvalidArgumentError(
        where + ": \"inputs\" has " + std::to_string(record["inputs"].size()) +
        " entries but \"outputs\" has " + std::to_string(record["outputs"].size()));
  }
  for (const json& v : record["inputs"]) p.inputs_json.push_back(v.dump());
  for (const json& v : record["outputs"]) p.outputs_json.push_back(v.dump());
  for (const json& s : record.value("solutions", json::array())) {
    if (!s.is_string()) return InvalidArgumentError(where + ": a solution is not a string");
    p.solutions.push_back(s.get<std::string>());
  }
  return p;
}

StatusOr<std::vector<AppsProblem>> ReadAppsProblems(const std::string& path) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) {
    return InvalidArgumentError("APPS data file " + path + " is a directory");
  }
  std::ifstream in(path);
  if (!in) return NotFoundError("cannot open APPS data file " + path);
  std::vector<AppsProblem> problems;
  std::string line;
  for (int number = 1; std::getline(in, line); ++number) {
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    PONDER_ASSIGN_OR_RETURN(AppsProblem p,
                            ParseAppsProblem(line, path + ":" + std::to_string(number)));
    problems.push_back(std::move(p));
  }
  return problems;
}

}  // namespace ponder
