// Fingerprints of model folders, stored with every run so a report can tell
// which weights produced it.
//
// Each file's fingerprint is the SHA-256 of its size and content; files larger
// than 64 MiB (weights) are fingerprinted by their size, their first and last
// 8 MiB (a safetensors header, with every tensor's name, shape and offset,
// lies in the first) instead of being read whole, which would take minutes
// for a 7B checkpoint. A fingerprint is an identity check, not a signature.
#pragma once

#include <filesystem>
#include <map>
#include <string>

#include "search/base/status.h"

namespace ponder::experiments {

// file path -> fingerprint, for every regular file directly in `dir` (or `dir` itself when it
// is a file, e.g. a TorchScript module).
StatusOr<std::map<std::string, std::string>> FingerprintModel(const std::filesystem::path& dir);

}  // namespace ponder::experiments
