#include "experiments/model_fingerprint.h"

#include <fstream>
#include <vector>

#include "sandbox/sha256.h"

namespace ponder::experiments {
namespace {

constexpr int64_t kWholeFileLimit = int64_t{64} << 20;
constexpr int64_t kSampledBytes = int64_t{8} << 20;

StatusOr<std::string> FingerprintFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return NotFoundError(path.string() + ": cannot read the model file");
  std::error_code error;
  const int64_t size = static_cast<int64_t>(std::filesystem::file_size(path, error));
  if (error) return NotFoundError(path.string() + ": " + error.message());
  sandbox::Sha256 hash;
  hash.UpdateField(std::to_string(size));
  std::vector<char> buffer(1 << 20);
  auto read = [&](int64_t from, int64_t count) -> Status {
    in.seekg(from);
    while (count > 0) {
      const int64_t n = std::min<int64_t>(count, static_cast<int64_t>(buffer.size()));
      if (!in.read(buffer.data(), n)) return DataLossError(path.string() + ": short read");
      hash.Update(std::string_view(buffer.data(), static_cast<size_t>(n)));
      count -= n;
    }
    return OkStatus();
  };
  if (size <= kWholeFileLimit) {
    PONDER_RETURN_IF_ERROR(read(0, size));
  } else {
    PONDER_RETURN_IF_ERROR(read(0, kSampledBytes));
    PONDER_RETURN_IF_ERROR(read(size - kSampledBytes, kSampledBytes));
  }
  return (size <= kWholeFileLimit ? "sha256:" : "sha256-sampled:") + hash.HexDigest();
}

}  // namespace

StatusOr<std::map<std::string, std::string>> FingerprintModel(const std::filesystem::path& dir) {
  std::map<std::string, std::string> out;
  std::error_code error;
  if (std::filesystem::is_regular_file(dir, error)) {
    PONDER_ASSIGN_OR_RETURN(out[dir.string()], FingerprintFile(dir));
    return out;
  }
  for (const auto& entry : std::filesystem::directory_iterator(dir, error)) {
    if (!entry.is_regular_file()) continue;
    PONDER_ASSIGN_OR_RETURN(out[entry.path().string()], FingerprintFile(entry.path()));
  }
  if (error) return NotFoundError(dir.string() + ": " + error.message());
  return out;
}

}  // namespace ponder::experiments
