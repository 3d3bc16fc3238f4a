#include "models/tokenizer/unicode.h"

#include <unicode/bytestream.h>
#include <unicode/normalizer2.h>
#include <unicode/uchar.h>

namespace ponder::tokenizer {
namespace {

const icu::Normalizer2* Instance(NormalizationForm form, UErrorCode& error) {
  switch (form) {
    case NormalizationForm::kNFC:
      return icu::Normalizer2::getNFCInstance(error);
    case NormalizationForm::kNFD:
      return icu::Normalizer2::getNFDInstance(error);
    case NormalizationForm::kNFKC:
      return icu::Normalizer2::getNFKCInstance(error);
    case NormalizationForm::kNFKD:
      return icu::Normalizer2::getNFKDInstance(error);
  }
  return nullptr;
}

// Every code point below U+00C0 is unchanged by all four forms and never
// combines with a following mark (the first composable base letter is U+00C0,
// the first combining mark U+0300), so pure-ASCII text needs no ICU call.
bool IsAscii(std::string_view text) {
  for (char c : text) {
    if (static_cast<unsigned char>(c) >= 0x80) return false;
  }
  return true;
}

}  // namespace

StatusOr<std::string> NormalizeUnicode(std::string_view text, NormalizationForm form) {
  if (IsAscii(text)) return std::string(text);
  UErrorCode error = U_ZERO_ERROR;
  const icu::Normalizer2* normalizer = Instance(form, error);
  if (U_FAILURE(error) || normalizer == nullptr) {
    return InternalError(std::string("ICU normalizer unavailable: ") + u_errorName(error));
  }
  std::string out;
  out.reserve(text.size());
  icu::StringByteSink<std::string> sink(&out);
  normalizer->normalizeUTF8(0, icu::StringPiece(text.data(), static_cast<int32_t>(text.size())),
                            sink, nullptr, error);
  if (U_FAILURE(error)) {
    return InvalidArgumentError(std::string("Unicode normalization failed: ") + u_errorName(error));
  }
  return out;
}

bool IsUnicodeWhitespace(char32_t c) {
  return u_hasBinaryProperty(static_cast<UChar32>(c), UCHAR_WHITE_SPACE);
}

bool IsUnicodeWordChar(char32_t c) {
  const auto cp = static_cast<UChar32>(c);
  if (u_hasBinaryProperty(cp, UCHAR_ALPHABETIC) || u_hasBinaryProperty(cp, UCHAR_JOIN_CONTROL)) {
    return true;
  }
  const int32_t mask = U_GET_GC_MASK(cp);
  return (mask & (U_GC_M_MASK | U_GC_ND_MASK | U_GC_PC_MASK)) != 0;
}

bool IsUnicodeNumeric(char32_t c) {
  return (U_GET_GC_MASK(static_cast<UChar32>(c)) & U_GC_N_MASK) != 0;
}

}  // namespace ponder::tokenizer
