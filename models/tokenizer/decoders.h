// tokenizer.json decoders: ByteLevel, Metaspace, Replace, ByteFallback, Fuse,
// Strip and Sequence of these. A decoder turns the token strings of a sequence
// into text, as a chain: each step rewrites the list of strings. Outputs are
// bytes: where Hugging Face would put U+FFFD for bytes that are not valid
// UTF-8, the bytes themselves are kept. Immutable and thread-safe.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "models/tokenizer/json_fields.h"
#include "search/base/status.h"

namespace ponder::tokenizer {

class Decoder {
 public:
  virtual ~Decoder() = default;
  virtual Status DecodeChain(std::vector<std::string>& tokens) const = 0;
};

StatusOr<std::unique_ptr<Decoder>> ParseDecoder(const Json& spec, std::string_view path);

}  // namespace ponder::tokenizer
