// Checkpoint: the weights of a Hugging Face model folder.
//
// Either one `model.safetensors`, or shards listed by
// `model.safetensors.index.json` ({"weight_map": {tensor: shard file}}).
// Every file is memory-mapped and validated on Open (safetensors.h); the index
// is checked against the shards (each listed tensor must be in the file it
// names). Thread-safety: immutable after Open.
#pragma once

#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "models/weights/safetensors.h"
#include "search/base/status.h"

namespace ponder {

struct TensorRef {
  const TensorInfo* info = nullptr;
  const SafetensorsFile* file = nullptr;  // the file holding it, for error messages
};

class Checkpoint {
 public:
  static StatusOr<Checkpoint> Open(const std::filesystem::path& dir);

  // nullopt when no file of the checkpoint holds `name`.
  std::optional<TensorRef> Find(std::string_view name) const;
  const std::vector<std::unique_ptr<SafetensorsFile>>& files() const { return files_; }
  // What to call the checkpoint in errors: the single file, or the index.
  const std::string& description() const { return description_; }

 private:
  Checkpoint() = default;

  std::vector<std::unique_ptr<SafetensorsFile>> files_;
  std::map<std::string, TensorRef, std::less<>> tensors_;
  std::string description_;
};

}  // namespace ponder
