#include "traces/token_blob.h"

#include <bit>
#include <cstring>

namespace ponder::traces {
namespace {

constexpr size_t kTokenBytes = sizeof(int32_t);

uint32_t ToLittleEndian(uint32_t v) {
  if constexpr (std::endian::native == std::endian::little) {
    return v;
  } else {
    return (v >> 24) | ((v >> 8) & 0xff00u) | ((v << 8) & 0xff0000u) | (v << 24);
  }
}

}  // namespace

void EncodeTokens(std::span<const int32_t> tokens, std::vector<std::byte>& out) {
  out.resize(tokens.size() * kTokenBytes);
  for (size_t i = 0; i < tokens.size(); ++i) {
    const uint32_t le = ToLittleEndian(static_cast<uint32_t>(tokens[i]));
    std::memcpy(out.data() + i * kTokenBytes, &le, kTokenBytes);
  }
}

StatusOr<TokenIds> DecodeTokens(std::span<const std::byte> blob) {
  if (blob.size() % kTokenBytes != 0) {
    return DataLossError("token blob of " + std::to_string(blob.size()) +
                         " bytes is not a whole number of 4-byte tokens");
  }
  TokenIds tokens(blob.size() / kTokenBytes);
  for (size_t i = 0; i < tokens.size(); ++i) {
    uint32_t le = 0;
    std::memcpy(&le, blob.data() + i * kTokenBytes, kTokenBytes);
    tokens[i] = static_cast<int32_t>(ToLittleEndian(le));  // the swap is its own inverse
  }
  return tokens;
}

}  // namespace ponder::traces
