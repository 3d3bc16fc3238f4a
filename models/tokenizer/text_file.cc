#include "models/tokenizer/text_file.h"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

namespace ponder::tokenizer {

StatusOr<std::string> ReadTextFile(const std::filesystem::path& path) {
  std::error_code error;
  if (!std::filesystem::exists(path, error)) {
    return NotFoundError(path.string() + ": no such file");
  }
  if (std::filesystem::is_directory(path, error)) {
    return InvalidArgumentError(path.string() + ": is a folder, not a file");
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) return InvalidArgumentError(path.string() + ": cannot open: " + std::strerror(errno));
  std::ostringstream buffer;
  buffer << in.rdbuf();
  if (in.bad()) return DataLossError(path.string() + ": read failed");
  return std::move(buffer).str();
}

}  // namespace ponder::tokenizer
