// tokenizer.json normalizers: NFC, NFD, NFKC, NFKD, Prepend, Replace and
// Sequence of these. A normalizer rewrites one piece of text (the text between
// added tokens). Immutable and thread-safe.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "models/tokenizer/json_fields.h"
#include "search/base/status.h"

namespace ponder::tokenizer {

class Normalizer {
 public:
  virtual ~Normalizer() = default;
  virtual Status Normalize(std::string& text) const = 0;
};

// Builds the normalizer described by `spec` (an object with a "type");
// `path` names it in errors ("normalizer", "normalizer.normalizers[1]").
StatusOr<std::unique_ptr<Normalizer>> ParseNormalizer(const Json& spec, std::string_view path);

}  // namespace ponder::tokenizer
