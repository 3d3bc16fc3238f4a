// Reads a JSONL file one object per line, with errors naming the file, line and field.
#pragma once

#include <filesystem>
#include <functional>
#include <nlohmann/json.hpp>
#include <string>

#include "search/base/status.h"

namespace ponder::experiments {

// Calls `visit(line_number, object)` for each non-blank line; stops at the first error.
Status ReadJsonl(const std::filesystem::path& path,
                 const std::function<Status(int line, const nlohmann::json& object)>& visit);

// The string field `field` of `object`; numbers are written out. `where` is "file:line".
StatusOr<std::string> StringField(const nlohmann::json& object, const std::string& field,
                                  const std::string& where);

}  // namespace ponder::experiments
