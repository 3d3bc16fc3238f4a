// MappedFile: a read-only memory map of a whole file.
//
// Checkpoints are mapped rather than read so that opening a multi-gigabyte
// shard costs nothing until a tensor is used. Movable, not copyable; the
// mapping lives as long as the object. Thread-safe for reads.
#pragma once

#include <cstddef>
#include <filesystem>
#include <span>

#include "search/base/status.h"

namespace ponder {

class MappedFile {
 public:
  static StatusOr<MappedFile> Open(const std::filesystem::path& path);

  MappedFile(MappedFile&& other) noexcept;
  MappedFile& operator=(MappedFile&& other) noexcept;
  MappedFile(const MappedFile&) = delete;
  MappedFile& operator=(const MappedFile&) = delete;
  ~MappedFile();

  std::span<const std::byte> bytes() const { return {data_, size_}; }

 private:
  MappedFile(const std::byte* data, size_t size) : data_(data), size_(size) {}
  void Unmap();

  const std::byte* data_ = nullptr;
  size_t size_ = 0;
};

}  // namespace ponder
