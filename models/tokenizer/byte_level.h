// GPT-2's byte-level alphabet: a reversible map from each of the 256 byte
// values to a printable Unicode character, so that byte-level BPE vocabularies
// can be written as text. Bytes 0x21-0x7E, 0xA1-0xAC and 0xAE-0xFF map to the
// code point of the same value; the other 68 bytes map to U+0100.. in byte
// order. Immutable and thread-safe.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace ponder::tokenizer {

class ByteLevelAlphabet {
 public:
  static const ByteLevelAlphabet& Get();

  // Appends the byte-level characters of `bytes` to `out`.
  void Encode(std::string_view bytes, std::string& out) const;
  // Appends the bytes that the characters of `text` stand for to `out` and
  // returns true; returns false (leaving `out` unchanged) if `text` has a
  // character outside the alphabet or is not valid UTF-8.
  bool Decode(std::string_view text, std::string& out) const;

 private:
  ByteLevelAlphabet();
  static constexpr char32_t kMaxCodePoint = 0x100 + 68;

  std::array<std::string, 256> byte_to_utf8_;
  std::array<int16_t, kMaxCodePoint> char_to_byte_{};
};

}  // namespace ponder::tokenizer
