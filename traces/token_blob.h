// Token ids in the nodes table: a BLOB of little-endian int32 values, 4 bytes
// per token, so a million-node trace stays compact and a browser can decode
// it with one typed-array view.
#pragma once

#include <cstddef>
#include <span>
#include <vector>

#include "search/base/status.h"
#include "search/node.h"

namespace ponder::traces {

// Replaces `out` with the encoding of `tokens` (out is reused to save allocations).
void EncodeTokens(std::span<const int32_t> tokens, std::vector<std::byte>& out);
// An error when `blob` is not a whole number of 4-byte tokens.
StatusOr<TokenIds> DecodeTokens(std::span<const std::byte> blob);

}  // namespace ponder::traces
