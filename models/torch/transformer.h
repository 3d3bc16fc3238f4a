// Transformer: the decoder trunk of Llama, Mistral, Qwen2 and Qwen3 in ATen,
// with a batched, padded key/value buffer, and the prefill that fills it from
// (and into) the tree-shared prefix cache.
//
// Internal to models/torch: this header includes ATen, so only
// models/torch/*.cc may include it (scripts/check-include-boundaries.sh).
//
// The equations are Hugging Face's (modeling_llama.py and kin):
//   h = x + o_proj(Attn(RoPE(q), RoPE(k), v))       with q/k/v from RMSNorm(x)
//   x' = h + down(silu(gate(RMSNorm(h))) * up(RMSNorm(h)))
// RMSNorm computes in float32 and casts back before the weight; RoPE pairs
// dimension i with i + head_dim/2 (rotate_half); GQA shares each key/value
// head among num_heads/num_kv_heads query heads; attention softmax is in
// float32. q/k/v projections are fused into one matrix, as are gate and up.
//
// Thread-safety: a loaded Transformer is immutable; Forward only writes the
// caller's KvBatch. Callers serialise use of one PrefixCache.
#pragma once

#include <ATen/ATen.h>

#include <filesystem>
#include <functional>
#include <memory>
#include <span>
#include <vector>

#include "models/core/generation.h"
#include "models/core/prefix_cache.h"
#include "models/torch/torch_options.h"
#include "models/weights/checkpoint.h"
#include "models/weights/model_config.h"

namespace ponder::torch_internal {

// Keys and values of a batch of rows, left-aligned: row r holds positions
// [0, lengths[r]); the rest of the buffer is finite filler that masks hide.
struct KvBatch {
  at::Tensor kv;  // [layers, 2, rows, kv_heads, capacity, head_dim]
  std::vector<int64_t> lengths;

  int64_t rows() const { return static_cast<int64_t>(lengths.size()); }
  int64_t capacity() const { return kv.size(4); }
};

struct LayerWeights {
  at::Tensor input_norm, qkv, qkv_bias, q_norm, k_norm, o, o_bias;
  at::Tensor post_norm, gate_up, gate_up_bias, down, down_bias;
};

// The checkpoint's head tensors, as config.head says.
struct HeadWeights {
  at::Tensor lm_head;             // kCausalLm: [vocab, hidden] (the embedding when tied)
  at::Tensor score0_w, score0_b;  // kProcessReward: [hidden, hidden], [hidden]
  at::Tensor score2_w, score2_b;  // kProcessReward: [2, hidden], [2]
  at::Tensor score_w;             // kSequenceScore: [1, hidden]
};

class Transformer {
 public:
  // Reads dir/config.json and the checkpoint, checks every tensor's shape,
  // and converts the weights to options.dtype on options.device.
  static StatusOr<std::unique_ptr<Transformer>> Load(const std::filesystem::path& dir,
                                                     const TorchModelOptions& options);

  const ModelConfig& config() const { return config_; }
  const HeadWeights& head() const { return head_; }
  at::TensorOptions tensor_options() const {
    return at::TensorOptions().dtype(dtype_).device(device_);
  }
  at::Device device() const { return device_; }
  // Bytes of keys and values per cached token.
  int64_t kv_bytes_per_token() const;

  KvBatch NewBatch(int64_t rows, int64_t capacity) const;
  // Keeps rows `rows` of the batch, in that order (repeats fork a row).
  void SelectRows(KvBatch& batch, std::span<const int64_t> rows) const;

  // Appends tokens[r] to row r at positions lengths[r]..., growing the buffer
  // if needed, and returns the final-normed hidden states [rows, S, hidden]
  // for S = the longest tokens[r]; entries past a row's own count are filler.
  at::Tensor Forward(KvBatch& batch, std::span<const std::span<const int32_t>> tokens) const;

  // Next-token logits of hidden states [..., hidden], as float32.
  at::Tensor Logits(const at::Tensor& hidden) const;

 private:
  Transformer(ModelConfig config, at::Device device, at::ScalarType dtype);
  Status LoadWeights(const Checkpoint& checkpoint);
  at::Tensor RmsNorm(const at::Tensor& x, const at::Tensor& weight) const;
  void EnsureCapacity(KvBatch& batch, int64_t capacity) const;

  ModelConfig config_;
  at::Device device_;
  at::ScalarType dtype_;
  at::Tensor embed_;
  std::vector<LayerWeights> layers_;
  at::Tensor final_norm_;
  HeadWeights head_;
  at::Tensor inv_freq_;  // [head_dim / 2] float32, rope_theta and rope_scaling applied
};

// A cached segment of one search node's context.
struct Segment {
  at::Tensor kv;       // [layers, 2, kv_heads, length, head_dim]
  at::Tensor outputs;  // [length, k] per-position head outputs, or undefined
};
using SegmentCache = PrefixCache<Segment>;

// Maps hidden states [n, hidden] to per-position outputs [n, k] (float32).
using PositionHead = std::function<at::Tensor(const at::Tensor& hidden)>;

struct PrefillRow {
  std::span<const int32_t> tokens;
  std::span<const PrefixMark> marks;
};

struct PrefillResult {
  KvBatch batch;                    // lengths[r] == rows[r].tokens.size()
  at::Tensor last_hidden;           // [rows, hidden]: each row's last token (without a head)
  std::vector<at::Tensor> outputs;  // with a head: per row, [tokens, k] for every position
  std::vector<PrefillCount> counts;
};

// Computes every row's tokens, taking cached segments along its marks and
// caching the marked segments it computes (cache may be null). Without a
// head, a fully cached row still recomputes its last token for last_hidden;
// with one, its outputs come from the cache alone. `extra_capacity` reserves
// room for tokens to be generated; `chunk` bounds tokens per forward pass.
PrefillResult Prefill(const Transformer& model, SegmentCache* cache,
                      std::span<const PrefillRow> rows, const PositionHead* head,
                      int64_t extra_capacity, int64_t chunk);

// The device options name, checked to exist; also applies options.threads.
// May throw c10::Error (call it inside Guarded).
StatusOr<at::Device> PrepareDevice(const TorchModelOptions& options);

// Runs `body`, turning a c10::Error or std::exception into an InternalError
// prefixed by `what`: no exception leaves models/torch.
Status Guarded(std::string_view what, const std::function<Status()>& body);

}  // namespace ponder::torch_internal
