// Writing safetensors files: for tests and benchmarks that build small
// checkpoints of their own, and for tools that export weights.
//
// The output follows the format exactly as ParseSafetensors (safetensors.h)
// reads it: tensors laid out in the given order, the header padded with
// spaces to a multiple of 8 bytes.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <map>
#include <span>
#include <string>
#include <vector>

#include "models/weights/dtype.h"
#include "search/base/status.h"

namespace ponder {

struct TensorToWrite {
  std::string name;
  DType dtype = DType::kF32;
  std::vector<int64_t> shape;
  std::vector<std::byte> data;  // numel * DTypeSize(dtype) bytes, little-endian
};

// A tensor of float values stored as `dtype` (rounded to nearest even).
TensorToWrite FloatTensor(std::string name, std::vector<int64_t> shape,
                          std::span<const float> values, DType dtype = DType::kF32);

// The bytes of a safetensors file; a size mismatch between shape and data is a bug (CHECK).
std::string SerializeSafetensors(std::span<const TensorToWrite> tensors,
                                 const std::map<std::string, std::string>& metadata = {});

Status WriteSafetensors(const std::filesystem::path& path, std::span<const TensorToWrite> tensors,
                        const std::map<std::string, std::string>& metadata = {});

}  // namespace ponder
