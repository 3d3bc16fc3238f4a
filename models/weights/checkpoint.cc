#include "models/weights/checkpoint.h"

#include "models/weights/json_file.h"

namespace ponder {
namespace {

constexpr const char* kSingleFile = "model.safetensors";
constexpr const char* kIndexFile = "model.safetensors.index.json";

// Shard names come from a file we do not trust: they must stay inside the folder.
bool IsPlainFileName(const std::string& name) {
  return !name.empty() && name.find('/') == std::string::npos && name != "." && name != "..";
}

}  // namespace

StatusOr<Checkpoint> Checkpoint::Open(const std::filesystem::path& dir) {
  Checkpoint checkpoint;
  const std::filesystem::path index_path = dir / kIndexFile;
  const std::filesystem::path single_path = dir / kSingleFile;
  std::error_code ec;
  if (std::filesystem::exists(single_path, ec)) {
    PONDER_ASSIGN_OR_RETURN(SafetensorsFile file, SafetensorsFile::Open(single_path));
    checkpoint.files_.push_back(std::make_unique<SafetensorsFile>(std::move(file)));
    for (const TensorInfo& t : checkpoint.files_[0]->tensors()) {
      checkpoint.tensors_[t.name] = {&t, checkpoint.files_[0].get()};
    }
    checkpoint.description_ = single_path.string();
    return checkpoint;
  }
  if (!std::filesystem::exists(index_path, ec)) {
    return NotFoundError(dir.string() + ": no " + kSingleFile + " or " + kIndexFile);
  }

  checkpoint.description_ = index_path.string();
  PONDER_ASSIGN_OR_RETURN(nlohmann::json index, ReadJsonObject(index_path));
  auto map_it = index.find("weight_map");
  if (map_it == index.end() || !map_it->is_object()) {
    return InvalidArgumentError(index_path.string() + ": no 'weight_map' object");
  }
  std::map<std::string, size_t> shard_index;  // file name -> position in files_
  for (const auto& [tensor, file_name] : map_it->items()) {
    if (!file_name.is_string() || !IsPlainFileName(file_name.get<std::string>())) {
      return InvalidArgumentError(index_path.string() + ": weight_map entry for '" + tensor +
                                  "' is not a file name in the model folder: " + file_name.dump());
    }
    const std::string name = file_name.get<std::string>();
    auto [it, inserted] = shard_index.emplace(name, checkpoint.files_.size());
    if (inserted) {
      PONDER_ASSIGN_OR_RETURN(SafetensorsFile shard, SafetensorsFile::Open(dir / name));
      checkpoint.files_.push_back(std::make_unique<SafetensorsFile>(std::move(shard)));
    }
    const SafetensorsFile* shard = checkpoint.files_[it->second].get();
    const TensorInfo* info = shard->Find(tensor);
    if (info == nullptr) {
      return DataLossError(index_path.string() + ": maps tensor '" + tensor + "' to " + name +
                           ", which has no such tensor");
    }
    checkpoint.tensors_[tensor] = {info, shard};
  }
  return checkpoint;
}

std::optional<TensorRef> Checkpoint::Find(std::string_view name) const {
  auto it = tensors_.find(name);
  if (it == tensors_.end()) return std::nullopt;
  return it->second;
}

}  // namespace ponder
