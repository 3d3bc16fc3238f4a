#include "models/torch/torch_options.h"

#include <cstdint>

namespace ponder {

void TorchModelOptions::Bind(ParamBinder& b) {
  b.String("device", &device, "cpu, cuda or cuda:N");
  static constexpr std::string_view kDtypes[] = {"float32", "bfloat16"};
  b.Choice("dtype", &dtype, kDtypes, "dtype of weights and activations");
  b.Int("threads", &threads, 0, 1024, "intra-op threads (0: LibTorch's default)");
  b.Double("kv_cache_mb", &kv_cache_mb, 0, 1 << 30,
           "memory cap of the tree-shared prefix cache in MiB (0: no caching)");
  b.Int("prefill_chunk", &prefill_chunk, 1, 1 << 20, "context tokens per prefill forward pass");
}

Status TorchModelOptions::Validate() const {
  if (device != "cpu" && device != "cuda" && device.rfind("cuda:", 0) != 0) {
    return InvalidArgumentError("device must be cpu, cuda or cuda:N, got '" + device + "'");
  }
  if (dtype != "float32" && dtype != "bfloat16") {
    return InvalidArgumentError("dtype must be float32 or bfloat16, got '" + dtype + "'");
  }
  if (threads < 0) return InvalidArgumentError("threads must be >= 0");
  if (!(kv_cache_mb >= 0)) return InvalidArgumentError("kv_cache_mb must be >= 0");
  if (prefill_chunk < 1) return InvalidArgumentError("prefill_chunk must be >= 1");
  return OkStatus();
}

void RewardHeadSpec::Bind(ParamBinder& b) {
  b.Enum<RewardKind>("head", &kind, kRewardKindNames, "how scores are read off the checkpoint");
  b.Int("good_token", &good_token, -1, INT32_MAX, "math-shepherd: the id of the good token");
  b.Int("bad_token", &bad_token, -1, INT32_MAX, "math-shepherd: the id of the bad token");
}

Status RewardHeadSpec::Validate() const {
  if (kind != RewardKind::kMathShepherd) return OkStatus();
  if (good_token < 0 || bad_token < 0) {
    return InvalidArgumentError("a math-shepherd head needs good_token and bad_token");
  }
  if (good_token == bad_token) {
    return InvalidArgumentError("Math-Shepherd good and bad tokens must differ");
  }
  return OkStatus();
}

}  // namespace ponder
