#include "models/tokenizer/byte_level.h"

#include "models/tokenizer/utf8.h"

namespace ponder::tokenizer {

ByteLevelAlphabet::ByteLevelAlphabet() {
  char_to_byte_.fill(-1);
  char32_t next_shifted = 0x100;
  for (int b = 0; b < 256; ++b) {
    const bool printable = (b >= 0x21 && b <= 0x7E) || (b >= 0xA1 && b <= 0xAC) || b >= 0xAE;
    const char32_t c = printable ? static_cast<char32_t>(b) : next_shifted++;
    AppendUtf8(c, byte_to_utf8_[b]);
    char_to_byte_[c] = static_cast<int16_t>(b);
  }
}

const ByteLevelAlphabet& ByteLevelAlphabet::Get() {
  static const ByteLevelAlphabet* const alphabet = new ByteLevelAlphabet();
  return *alphabet;
}

void ByteLevelAlphabet::Encode(std::string_view bytes, std::string& out) const {
  for (char b : bytes) out += byte_to_utf8_[static_cast<uint8_t>(b)];
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

}  // namespace ponder::tokenizer
