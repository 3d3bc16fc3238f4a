#include "models/weights/safetensors_writer.h"

#include <cstring>
#include <fstream>
#include <nlohmann/json.hpp>

namespace ponder {

TensorToWrite FloatTensor(std::string name, std::vector<int64_t> shape,
                          std::span<const float> values, DType dtype) {
  TensorToWrite t{.name = std::move(name), .dtype = dtype, .shape = std::move(shape), .data = {}};
  t.data.resize(values.size() * static_cast<size_t>(DTypeSize(dtype)));
  for (size_t i = 0; i < values.size(); ++i) {
    switch (dtype) {
      case DType::kF32:
        std::memcpy(&t.data[i * 4], &values[i], 4);
        break;
      case DType::kF16: {
        const uint16_t bits = FloatToHalf(values[i]);
        std::memcpy(&t.data[i * 2], &bits, 2);
        break;
      }
      case DType::kBF16: {
        const uint16_t bits = FloatToBFloat16(values[i]);
        std::memcpy(&t.data[i * 2], &bits, 2);
        break;
      }
    }
  }
  return t;
}

std::string SerializeSafetensors(std::span<const TensorToWrite> tensors,
                                 const std::map<std::string, std::string>& metadata) {
  nlohmann::ordered_json header = nlohmann::ordered_json::object();
  if (!metadata.empty()) header["__metadata__"] = metadata;
  uint64_t offset = 0;
  for (const TensorToWrite& t : tensors) {
    int64_t numel = 1;
    for (int64_t d : t.shape) numel *= d;
    PONDER_CHECK(t.data.size() == static_cast<size_t>(numel * DTypeSize(t.dtype)))
        << "tensor " << t.name << " has " << t.data.size() << " bytes for its shape";
    header[t.name] = {{"dtype", std::string(DTypeName(t.dtype))},
                      {"shape", t.shape},
                      {"data_offsets", {offset, offset + t.data.size()}}};
    offset += t.data.size();
  }
  std::string json = header.dump();
  json.append((8 - json.size() % 8) % 8, ' ');
  std::string out;
  out.reserve(8 + json.size() + offset);
  uint64_t len = json.size();
  for (int i = 0; i < 8; ++i) out.push_back(static_cast<char>((len >> (8 * i)) & 0xff));
  out += json;
  for (const TensorToWrite& t : tensors) {
    out.append(reinterpret_cast<const char*>(t.data.data()), t.data.size());
  }
  return out;
}

Status WriteSafetensors(const std::filesystem::path& path, std::span<const TensorToWrite> tensors,
                        const std::map<std::string, std::string>& metadata) {
  const std::string bytes = SerializeSafetensors(tensors, metadata);
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  out.close();
  if (!out) return InternalError(path.string() + ": could not write the safetensors file");
  return OkStatus();
}

}  // namespace ponder
