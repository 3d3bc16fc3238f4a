// UTF-8 helpers shared by the tokenizers: validation, one-character steps and
// encoding of code points. Pure functions; thread-safe.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace ponder::tokenizer {

// The byte offset of the first invalid UTF-8 sequence in `text` (overlong
// forms, surrogates and code points above U+10FFFF count as invalid), or
// nullopt when the whole text is valid.
std::optional<size_t> FindInvalidUtf8(std::string_view text);

// The length in bytes of the valid UTF-8 character starting at text[pos], or
// 0 when the bytes there do not form one. Requires pos < text.size().
size_t Utf8CharLength(std::string_view text, size_t pos);

// The code point of the valid character at text[pos] whose length is `length`
// (as returned by Utf8CharLength).
char32_t DecodeUtf8Char(std::string_view text, size_t pos, size_t length);

// Appends the UTF-8 encoding of `code_point` (<= U+10FFFF) to `out`.
void AppendUtf8(char32_t code_point, std::string& out);

}  // namespace ponder::tokenizer
