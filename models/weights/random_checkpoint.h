// Random checkpoints: a model folder (config.json + model.safetensors) with
// weights drawn from a seeded normal distribution, for tests that check a
// decoder against an independent computation and for benchmarks that need a
// model of a given size without downloading one.
#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "models/weights/model_config.h"
#include "search/base/status.h"

namespace ponder {

struct RandomCheckpointOptions {
  uint64_t seed = 1;
  double stddev = 0.02;       // weights ~ N(0, stddev^2); norm weights ~ 1 + N(0, stddev^2)
  DType dtype = DType::kF32;  // how the tensors are stored
  bool keep_values = false;   // return the stored values (after rounding to dtype)
};

using WeightValues = std::map<std::string, std::vector<float>>;

// config.json text for `config` that ParseModelConfig reads back to the same values.
std::string ModelConfigJson(const ModelConfig& config);

// Writes dir/config.json and dir/model.safetensors holding every tensor
// ExpectedDecoderTensors lists for the config as read back from that file. Returns the values when
// asked to keep them.
StatusOr<WeightValues> WriteRandomCheckpoint(const std::filesystem::path& dir,
                                             const ModelConfig& config,
                                             const RandomCheckpointOptions& options);

}  // namespace ponder
