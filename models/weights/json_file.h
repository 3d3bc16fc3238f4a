// Reading the small JSON files of a model folder (config.json,
// generation_config.json, model.safetensors.index.json) with errors that name
// the file.
#pragma once

#include <filesystem>
#include <nlohmann/json.hpp>

#include "search/base/status.h"

namespace ponder {

// The parsed JSON object in `path`; NotFound if the file is missing,
// InvalidArgument if it is not a JSON object.
StatusOr<nlohmann::json> ReadJsonObject(const std::filesystem::path& path);

}  // namespace ponder
