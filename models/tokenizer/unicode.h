// Unicode facts the tokenizers need beyond UTF-8 (normalization forms and
// character properties), answered by ICU. Thread-safe.
#pragma once

#include <string>
#include <string_view>

#include "search/base/status.h"

namespace ponder::tokenizer {

enum class NormalizationForm { kNFC, kNFD, kNFKC, kNFKD };

// `text` (valid UTF-8) in the given normalization form.
StatusOr<std::string> NormalizeUnicode(std::string_view text, NormalizationForm form);

// The Unicode White_Space property (what Rust's char::is_whitespace and the
// \s of Hugging Face's regexes test).
bool IsUnicodeWhitespace(char32_t c);

// Rust regex's Unicode \w: Alphabetic, Mark, Decimal_Number,
// Connector_Punctuation or Join_Control.
bool IsUnicodeWordChar(char32_t c);

// Rust's char::is_numeric: general category Nd, Nl or No.
bool IsUnicodeNumeric(char32_t c);

}  // namespace ponder::tokenizer
