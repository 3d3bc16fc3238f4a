// TorchModelOptions: how a LibTorch model is placed and run. Torch-free, so
// configs and the command line can build it without LibTorch headers.
#pragma once

#include <cstdint>
#include <string>

#include "models/core/reward_model.h"
#include "search/base/params.h"

namespace ponder {

struct TorchModelOptions {
  // "cpu", "cuda" or "cuda:N"; CUDA needs a LibTorch build with CUDA.
  std::string device = "cpu";
  // The dtype weights and activations are computed in: "float32" or "bfloat16".
  // Weights stored in another dtype (F16, BF16, F32) are converted on load.
  std::string dtype = "float32";
  // Intra-op threads (at::set_num_threads, process-wide); 0 keeps LibTorch's default.
  int threads = 0;
  // Memory cap of the tree-shared prefix cache (keys and values of search
  // nodes' contexts); 0 disables caching, so every request recomputes its context.
  double kv_cache_mb = 1024;
  int64_t kv_cache_bytes() const { return static_cast<int64_t>(kv_cache_mb * (1 << 20)); }
  // Context tokens computed per forward pass during prefill, bounding the
  // attention scores' memory for long prompts.
  int prefill_chunk = 512;

  void Bind(ParamBinder& binder);
  Status Validate() const;
};

// What a reward checkpoint's head is and, for Math-Shepherd, which tokens it reads.
struct RewardHeadSpec {
  RewardKind kind = RewardKind::kTwoClassPrm;
  // Math-Shepherd: P(good) = softmax(logit[good], logit[bad])[0] at each step tag
  // (math-shepherd-mistral-7b-prm: the ids of "+" and "-").
  int32_t good_token = -1;
  int32_t bad_token = -1;

  void Bind(ParamBinder& binder);
  Status Validate() const;
};

}  // namespace ponder
