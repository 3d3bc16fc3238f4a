// Safetensors: reading the checkpoint format Hugging Face models ship in.
//
// Format (github.com/huggingface/safetensors, "Format"): an 8-byte
// little-endian header length N; N bytes of a UTF-8 JSON object (possibly
// padded with trailing spaces) mapping each tensor name to
// {"dtype", "shape", "data_offsets": [begin, end]} plus an optional
// "__metadata__" object of strings; then the data buffer, which the tensors'
// offsets (relative to its start) must cover exactly, without holes or
// overlaps.
//
// Everything is validated before a byte of tensor data is touched: the
// header length against the file size, the JSON, every dtype (F32, F16 and
// BF16 are read; any other is an error), every shape (non-negative, no
// overflow), every offset pair against the shape times the dtype size and
// against the buffer. Errors name the file and the tensor.
//
// Thread-safety: a parsed file is immutable; reads from any thread.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <map>
#include <span>
#include <string>
#include <vector>

#include "models/weights/dtype.h"
#include "models/weights/mapped_file.h"
#include "search/base/status.h"

namespace ponder {

struct TensorInfo {
  std::string name;
  DType dtype = DType::kF32;
  std::vector<int64_t> shape;       // empty for a scalar
  std::span<const std::byte> data;  // exactly numel() * DTypeSize(dtype) bytes

  int64_t numel() const;
};

// The tensors of a safetensors byte buffer, pointing into that buffer (which
// must outlive the result), in the header's order of data offsets.
struct SafetensorsContents {
  std::vector<TensorInfo> tensors;
  std::map<std::string, std::string> metadata;  // "__metadata__"
};

// Parses and validates `bytes`; `source` names the file in errors.
StatusOr<SafetensorsContents> ParseSafetensors(std::span<const std::byte> bytes,
                                               const std::string& source);

// A memory-mapped, validated safetensors file.
class SafetensorsFile {
 public:
  static StatusOr<SafetensorsFile> Open(const std::filesystem::path& path);

  const std::filesystem::path& path() const { return path_; }
  const std::vector<TensorInfo>& tensors() const { return contents_.tensors; }
  const std::map<std::string, std::string>& metadata() const { return contents_.metadata; }
  // nullptr when the file has no tensor of that name.
  const TensorInfo* Find(std::string_view name) const;

 private:
  SafetensorsFile(std::filesystem::path path, MappedFile file, SafetensorsContents contents);

  std::filesystem::path path_;
  MappedFile file_;
  SafetensorsContents contents_;
  std::map<std::string, size_t, std::less<>> by_name_;
};

}  // namespace ponder
