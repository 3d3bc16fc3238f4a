// Reads a whole file into memory, with errors that name it.
#pragma once

#include <filesystem>
#include <string>

#include "search/base/status.h"

namespace ponder::tokenizer {

// The bytes of `path`; NotFound when it does not exist, InvalidArgument when
// it cannot be read (a folder, no permission).
StatusOr<std::string> ReadTextFile(const std::filesystem::path& path);

}  // namespace ponder::tokenizer
