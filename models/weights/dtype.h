// DType: the element types ponder reads from checkpoints, and conversions
// between their bit patterns and float.
//
// Safetensors files carry many dtypes; ponder's decoders use F32, F16 and
// BF16 only, and every other dtype is rejected when a file is opened.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace ponder {

enum class DType : uint8_t { kF32, kF16, kBF16 };

// Bytes per element.
int DTypeSize(DType dtype);
// The safetensors spelling: "F32", "F16", "BF16".
std::string_view DTypeName(DType dtype);
// Parses a safetensors dtype name; nullopt for any dtype ponder does not read.
std::optional<DType> ParseDType(std::string_view name);

// IEEE half and bfloat16 bit patterns to float (exact) and back (round to nearest even).
float HalfToFloat(uint16_t bits);
float BFloat16ToFloat(uint16_t bits);
uint16_t FloatToHalf(float value);
uint16_t FloatToBFloat16(float value);

}  // namespace ponder
