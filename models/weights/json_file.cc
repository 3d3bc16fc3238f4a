#include "models/weights/json_file.h"

#include <fstream>
#include <sstream>

namespace ponder {

StatusOr<nlohmann::json> ReadJsonObject(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return NotFoundError(path.string() + ": cannot open");
  std::stringstream text;
  text << in.rdbuf();
  nlohmann::json json = nlohmann::json::parse(text.str(), nullptr, /*allow_exceptions=*/false);
  if (json.is_discarded()) return InvalidArgumentError(path.string() + ": not valid JSON");
  if (!json.is_object()) return InvalidArgumentError(path.string() + ": not a JSON object");
  return json;
}

}  // namespace ponder
