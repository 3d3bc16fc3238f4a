// SHA-256 (FIPS 180-4), for result-cache keys: a collision would hand one
// program another program's verdicts, so the key is a cryptographic digest.
//
// Not thread-safe per object; use one Sha256 per thread.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace ponder::sandbox {

class Sha256 {
 public:
  Sha256();
  void Update(std::string_view bytes);
  // Appends the length and then the bytes, so concatenated fields cannot be confused.
  void UpdateField(std::string_view bytes);
  // The digest as 64 lowercase hex characters. The object is spent afterwards.
  std::string HexDigest();

 private:
  void Compress(const uint8_t* block);

  std::array<uint32_t, 8> state_;
  std::array<uint8_t, 64> buffer_{};
  size_t buffered_ = 0;
  uint64_t total_bytes_ = 0;
};

}  // namespace ponder::sandbox
