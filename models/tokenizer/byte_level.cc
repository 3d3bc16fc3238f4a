#include "models/tokenizer/byte_level.h"

#include <algorithm>

#include "models/tokenizer/utf8.h"

namespace ponder::tokenizer {

ByteLevelAlphabet::ByteLevelAlphabet() {
  char_to_byte_.fill(-1);
  char32_t next_shifted = 0x100;
  for (int b = 0; b < 256; ++b) {
    const bool printable = (b >= 0x21 && b <= 0x7E) || (b >= 0xA1 && b <= 0xAC) || b >= 0xAE;
    const char32_t c = printable ? static_cast<char32_t>(b) : next_shifted++;
    std::string utf8;
    AppendUtf8(c, utf8);
    utf8_length_[b] = static_cast<uint8_t>(utf8.size());
    std::copy(utf8.begin(), utf8.end(), byte_to_utf8_[b].begin());
    char_to_byte_[c] = static_cast<int16_t>(b);
  }
}

const ByteLevelAlphabet& ByteLevelAlphabet::Get() {
  static const ByteLevelAlphabet* const alphabet = new ByteLevelAlphabet();
  return *alphabet;
}

void ByteLevelAlphabet::Encode(std::string_view bytes, std::string& out) const {
  // Every character is one or two UTF-8 bytes: size the output once, then fill it.
  size_t size = out.size();
  for (char b : bytes) size += utf8_length_[static_cast<uint8_t>(b)];
  size_t at = out.size();
  out.resize(size);
  for (char b : bytes) {
    const auto byte = static_cast<uint8_t>(b);
    out[at++] = byte_to_utf8_[byte][0];
    if (utf8_length_[byte] == 2) out[at++] = byte_to_utf8_[byte][1];
  }
}

bool ByteLevelAlphabet::Decode(std::string_view text, std::string& out) const {
  const size_t original_size = out.size();
  size_t pos = 0;
  while (pos < text.size()) {
    const size_t length = Utf8CharLength(text, pos);
    const char32_t c = length == 0 ? kMaxCodePoint : DecodeUtf8Char(text, pos, length);
    if (c >= kMaxCodePoint || char_to_byte_[c] < 0) {
      out.resize(original_size);
      return false;
    }
    out.push_back(static_cast<char>(char_to_byte_[c]));
    pos += length;
  }
  return true;
}

std::string ByteFallbackToken(uint8_t byte) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  return std::string("<0x") + kHex[byte >> 4] + kHex[byte & 15] + ">";
}

int ParseByteFallbackToken(std::string_view token) {
  const auto hex = [](char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return -1;
  };
  if (token.size() != 6 || !token.starts_with("<0x") || token[5] != '>') return -1;
  const int high = hex(token[3]);
  const int low = hex(token[4]);
  return high < 0 || low < 0 ? -1 : high * 16 + low;
}

}  // namespace ponder::tokenizer
