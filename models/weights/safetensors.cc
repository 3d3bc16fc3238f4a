#include "models/weights/safetensors.h"

#include <algorithm>
#include <limits>
#include <nlohmann/json.hpp>

namespace ponder {
namespace {

using Json = nlohmann::json;

// The reference implementation refuses headers above 100 MB; so do we, before allocating.
constexpr uint64_t kMaxHeaderBytes = 100'000'000;

Status Corrupt(const std::string& source, const std::string& what) {
  return DataLossError(source + ": " + what);
}

std::string Quoted(std::string_view name) {
  std::string quoted;
  quoted.reserve(name.size() + 2);
  quoted.push_back('\'');
  quoted.append(name);
  quoted.push_back('\'');
  return quoted;
}

// A JSON value as a non-negative integer, or nullopt.
std::optional<uint64_t> AsUnsigned(const Json& value) {
  if (value.is_number_unsigned()) return value.get<uint64_t>();
  if (value.is_number_integer() && value.get<int64_t>() >= 0) {
    return static_cast<uint64_t>(value.get<int64_t>());
  }
  return std::nullopt;
}

StatusOr<TensorInfo> ParseTensorEntry(const std::string& source, const std::string& name,
                                      const Json& entry, std::span<const std::byte> buffer,
                                      uint64_t* begin_out) {
  const std::string where = "tensor " + Quoted(name);
  if (!entry.is_object()) return Corrupt(source, where + " is not a JSON object");
  auto dtype_it = entry.find("dtype");
  auto shape_it = entry.find("shape");
  auto offsets_it = entry.find("data_offsets");
  if (dtype_it == entry.end() || !dtype_it->is_string()) {
    return Corrupt(source, where + " has no string 'dtype'");
  }
  if (shape_it == entry.end() || !shape_it->is_array()) {
    return Corrupt(source, where + " has no array 'shape'");
  }
  if (offsets_it == entry.end() || !offsets_it->is_array() || offsets_it->size() != 2) {
    return Corrupt(source, where + " has no 'data_offsets' pair");
  }

  TensorInfo info;
  info.name = name;
  const std::string dtype_name = dtype_it->get<std::string>();
  std::optional<DType> dtype = ParseDType(dtype_name);
  if (!dtype) {
    return InvalidArgumentError(source + ": " + where + " has dtype " + dtype_name +
                                "; ponder reads F32, F16 and BF16 tensors only");
  }
  info.dtype = *dtype;

  // numel * dtype size, with every multiplication checked against overflow.
  uint64_t bytes = static_cast<uint64_t>(DTypeSize(info.dtype));
  for (const Json& dim : *shape_it) {
    std::optional<uint64_t> d = AsUnsigned(dim);
    if (!d || *d > static_cast<uint64_t>(std::numeric_limits<int64_t>::max())) {
      return Corrupt(
          source, where + " has a shape entry that is not a non-negative integer: " + dim.dump());
    }
    if (*d != 0 && bytes > std::numeric_limits<uint64_t>::max() / *d) {
      return Corrupt(source, where + " has a shape whose size overflows: " + shape_it->dump());
    }
    bytes *= *d;
    info.shape.push_back(static_cast<int64_t>(*d));
  }

  std::optional<uint64_t> begin = AsUnsigned((*offsets_it)[0]);
  std::optional<uint64_t> end = AsUnsigned((*offsets_it)[1]);
  if (!begin || !end || *end < *begin) {
    return Corrupt(source, where + " has invalid data_offsets " + offsets_it->dump());
  }
  if (*end - *begin != bytes) {
    return Corrupt(source, where + " has data_offsets " + offsets_it->dump() + " spanning " +
                               std::to_string(*end - *begin) + " bytes, but its dtype " +
                               dtype_name + " and shape " + shape_it->dump() + " need " +
                               std::to_string(bytes));
  }
  if (*end > buffer.size()) {
    return Corrupt(source, where + " ends at byte " + std::to_string(*end) +
                               " of a data buffer of " + std::to_string(buffer.size()) +
                               " bytes (truncated file?)");
  }
  info.data = buffer.subspan(static_cast<size_t>(*begin), static_cast<size_t>(bytes));
  *begin_out = *begin;
  return info;
}

}  // namespace

int64_t TensorInfo::numel() const {
  int64_t n = 1;
  for (int64_t d : shape) n *= d;
  return n;
}

StatusOr<SafetensorsContents> ParseSafetensors(std::span<const std::byte> bytes,
                                               const std::string& source) {
  if (bytes.size() < 8) {
    return Corrupt(source, "file has " + std::to_string(bytes.size()) +
                               " bytes, fewer than the 8-byte header length");
  }
  uint64_t header_len = 0;
  for (int i = 7; i >= 0; --i) header_len = (header_len << 8) | static_cast<uint8_t>(bytes[i]);
  if (header_len > kMaxHeaderBytes) {
    return Corrupt(source, "header length " + std::to_string(header_len) +
                               " exceeds the 100 MB limit (not a safetensors file?)");
  }
  if (header_len > bytes.size() - 8) {
    return Corrupt(source, "header length " + std::to_string(header_len) + " exceeds the " +
                               std::to_string(bytes.size() - 8) +
                               " bytes after it (truncated file?)");
  }
  const auto* header_begin = reinterpret_cast<const char*>(bytes.data() + 8);
  if (header_len == 0 || header_begin[0] != '{') {
    return Corrupt(source, "header does not start with a JSON object");
  }
  Json header = Json::parse(header_begin, header_begin + header_len, nullptr,
                            /*allow_exceptions=*/false);
  if (header.is_discarded() || !header.is_object()) {
    return Corrupt(source, "header is not valid JSON");
  }

  const std::span<const std::byte> buffer = bytes.subspan(8 + static_cast<size_t>(header_len));
  SafetensorsContents contents;
  std::vector<std::pair<uint64_t, size_t>> order;  // (begin offset, tensor index)
  for (const auto& [name, entry] : header.items()) {
    if (name == "__metadata__") {
      if (!entry.is_object()) return Corrupt(source, "'__metadata__' is not a JSON object");
      for (const auto& [key, value] : entry.items()) {
        if (!value.is_string()) {
          return Corrupt(source, "'__metadata__' value of " + Quoted(key) + " is not a string");
        }
        contents.metadata[key] = value.get<std::string>();
      }
      continue;
    }
    uint64_t begin = 0;
    PONDER_ASSIGN_OR_RETURN(TensorInfo info, ParseTensorEntry(source, name, entry, buffer, &begin));
    order.emplace_back(begin, contents.tensors.size());
    contents.tensors.push_back(std::move(info));
  }

  // The tensors must tile the buffer: sorted by offset, each starts where the last ended.
  std::sort(order.begin(), order.end());
  uint64_t expected = 0;
  std::vector<TensorInfo> sorted;
  sorted.reserve(order.size());
  for (const auto& [begin, index] : order) {
    TensorInfo& info = contents.tensors[index];
    if (begin != expected) {
      return Corrupt(
          source,
          "tensor " + Quoted(info.name) + " starts at byte " + std::to_string(begin) +
              " of the data buffer, expected " + std::to_string(expected) +
              (begin < expected ? " (overlaps the previous tensor)" : " (a hole in the buffer)"));
    }
    expected = begin + info.data.size();
    sorted.push_back(std::move(info));
  }
  if (expected != buffer.size()) {
    return Corrupt(source, "the tensors cover " + std::to_string(expected) +
                               " bytes but the data buffer has " + std::to_string(buffer.size()));
  }
  contents.tensors = std::move(sorted);
  return contents;
}

StatusOr<SafetensorsFile> SafetensorsFile::Open(const std::filesystem::path& path) {
  PONDER_ASSIGN_OR_RETURN(MappedFile file, MappedFile::Open(path));
  PONDER_ASSIGN_OR_RETURN(SafetensorsContents contents,
                          ParseSafetensors(file.bytes(), path.string()));
  return SafetensorsFile(path, std::move(file), std::move(contents));
}

SafetensorsFile::SafetensorsFile(std::filesystem::path path, MappedFile file,
                                 SafetensorsContents contents)
    : path_(std::move(path)), file_(std::move(file)), contents_(std::move(contents)) {
  // The spans point into the mapping, which a move leaves in place.
  for (size_t i = 0; i < contents_.tensors.size(); ++i) by_name_[contents_.tensors[i].name] = i;
}

const TensorInfo* SafetensorsFile::Find(std::string_view name) const {
  auto it = by_name_.find(name);
  return it == by_name_.end() ? nullptr : &contents_.tensors[it->second];
}

}  // namespace ponder
