#include "models/torch/transformer.h"

#include <ATen/Parallel.h>

#include <cmath>
#include <limits>
#include <numbers>

#include "models/weights/decoder_layout.h"

namespace ponder::torch_internal {
namespace {

at::ScalarType FileScalarType(DType dtype) {
  switch (dtype) {
    case DType::kF32:
      return at::kFloat;
    case DType::kF16:
      return at::kHalf;
    case DType::kBF16:
      return at::kBFloat16;
  }
  return at::kFloat;
}

// A copy of a mapped checkpoint tensor, converted; the mapping is never aliased.
at::Tensor ToTensor(const TensorInfo& t, const at::TensorOptions& options) {
  at::Tensor view = at::from_blob(const_cast<std::byte*>(t.data.data()), t.shape,
                                  at::TensorOptions().dtype(FileScalarType(t.dtype)));
  return view.to(options, /*non_blocking=*/false, /*copy=*/true);
}

at::Tensor Linear(const at::Tensor& x, const at::Tensor& w, const at::Tensor& b) {
  return b.defined() ? at::linear(x, w, b) : at::linear(x, w);
}

at::Tensor RotateHalf(const at::Tensor& x) {
  const int64_t half = x.size(-1) / 2;
  return at::cat({-x.narrow(-1, half, half), x.narrow(-1, 0, half)}, -1);
}

// Hugging Face's inverse frequencies, in float32 as it computes them, with
// "linear" or "llama3" scaling (_compute_llama3_parameters).
at::Tensor InverseFrequencies(const ModelConfig& c) {
  const at::Tensor exponents =
      at::arange(0, c.head_dim, 2, at::TensorOptions().dtype(at::kLong)).to(at::kFloat) /
      static_cast<double>(c.head_dim);
  at::Tensor inv_freq = 1.0 / at::pow(c.rope_theta, exponents);
  const RopeScaling& s = c.rope_scaling;
  if (s.kind == RopeScaling::Kind::kLinear) return inv_freq / s.factor;
  if (s.kind != RopeScaling::Kind::kLlama3) return inv_freq;
  const double old_context = static_cast<double>(s.original_max_position_embeddings);
  const double low_freq_wavelen = old_context / s.low_freq_factor;
  const double high_freq_wavelen = old_context / s.high_freq_factor;
  const at::Tensor wavelen = 2 * std::numbers::pi / inv_freq;
  at::Tensor scaled = at::where(wavelen > low_freq_wavelen, inv_freq / s.factor, inv_freq);
  const at::Tensor smooth =
      (old_context / wavelen - s.low_freq_factor) / (s.high_freq_factor - s.low_freq_factor);
  const at::Tensor smoothed = (1 - smooth) * scaled / s.factor + smooth * scaled;
  const at::Tensor medium = (wavelen >= high_freq_wavelen).logical_and(wavelen <= low_freq_wavelen);
  return at::where(medium, smoothed, scaled);
}

at::Tensor LongTensor(const std::vector<int64_t>& values, at::IntArrayRef shape,
                      at::Device device) {
  return at::from_blob(const_cast<int64_t*>(values.data()), shape,
                       at::TensorOptions().dtype(at::kLong))
      .to(device, /*non_blocking=*/false, /*copy=*/true);
}

}  // namespace

Status Guarded(std::string_view what, const std::function<Status()>& body) {
  try {
    return body();
  } catch (const std::exception& e) {
    return InternalError(std::string(what) + ": " + e.what());
  }
}

StatusOr<at::Device> PrepareDevice(const TorchModelOptions& options) {
  const at::Device device(options.device);
  if (device.is_cuda() && !at::hasCUDA()) {
    return FailedPreconditionError("device '" + options.device +
                                   "' needs CUDA, but this LibTorch build or machine has none");
  }
  if (options.threads > 0) at::set_num_threads(options.threads);
  return device;
}

Transformer::Transformer(ModelConfig config, at::Device device, at::ScalarType dtype)
    : config_(std::move(config)), device_(device), dtype_(dtype) {}

StatusOr<std::unique_ptr<Transformer>> Transformer::Load(const std::filesystem::path& dir,
                                                         const TorchModelOptions& options) {
  PONDER_RETURN_IF_ERROR(options.Validate());
  PONDER_ASSIGN_OR_RETURN(ModelConfig config, LoadModelConfig(dir));
  PONDER_ASSIGN_OR_RETURN(Checkpoint checkpoint, Checkpoint::Open(dir));
  PONDER_RETURN_IF_ERROR(CheckDecoderTensors(config, checkpoint));
  std::unique_ptr<Transformer> model;
  PONDER_RETURN_IF_ERROR(Guarded("loading " + dir.string(), [&]() -> Status {
    PONDER_ASSIGN_OR_RETURN(const at::Device device, PrepareDevice(options));
    c10::InferenceMode inference;
    const at::ScalarType dtype = options.dtype == "bfloat16" ? at::kBFloat16 : at::kFloat;
    model.reset(new Transformer(std::move(config), device, dtype));
    return model->LoadWeights(checkpoint);
  }));
  return model;
}

Status Transformer::LoadWeights(const Checkpoint& checkpoint) {
  const at::TensorOptions options = tensor_options();
  // CheckDecoderTensors has made sure every name below exists with its shape.
  auto get = [&](const std::string& name) {
    return ToTensor(*checkpoint.Find(name)->info, options);
  };
  const ModelConfig& c = config_;
  embed_ = get("model.embed_tokens.weight");
  for (int64_t l = 0; l < c.num_layers; ++l) {
    auto name = [&](std::string_view suffix) { return LayerTensorName(l, suffix); };
    LayerWeights w;
    w.input_norm = get(name("input_layernorm.weight"));
    w.qkv = at::cat({get(name("self_attn.q_proj.weight")), get(name("self_attn.k_proj.weight")),
                     get(name("self_attn.v_proj.weight"))});
    if (c.qkv_bias) {
      w.qkv_bias = at::cat({get(name("self_attn.q_proj.bias")), get(name("self_attn.k_proj.bias")),
                            get(name("self_attn.v_proj.bias"))});
    }
    w.o = get(name("self_attn.o_proj.weight"));
    if (c.o_bias) w.o_bias = get(name("self_attn.o_proj.bias"));
    if (c.qk_norm) {
      w.q_norm = get(name("self_attn.q_norm.weight"));
      w.k_norm = get(name("self_attn.k_norm.weight"));
    }
    w.post_norm = get(name("post_attention_layernorm.weight"));
    w.gate_up = at::cat({get(name("mlp.gate_proj.weight")), get(name("mlp.up_proj.weight"))});
    w.down = get(name("mlp.down_proj.weight"));
    if (c.mlp_bias) {
      w.gate_up_bias = at::cat({get(name("mlp.gate_proj.bias")), get(name("mlp.up_proj.bias"))});
      w.down_bias = get(name("mlp.down_proj.bias"));
    }
    layers_.push_back(std::move(w));
  }
  final_norm_ = get("model.norm.weight");
  switch (c.head) {
    case ModelHead::kCausalLm:
      head_.lm_head = c.tie_word_embeddings ? embed_ : get("lm_head.weight");
      break;
    case ModelHead::kProcessReward:
      head_.score0_w = get("score.0.weight");
      head_.score0_b = get("score.0.bias");
      head_.score2_w = get("score.2.weight");
      head_.score2_b = get("score.2.bias");
      break;
    case ModelHead::kSequenceScore:
      head_.score_w = get("score.weight");
      break;
  }
  inv_freq_ = InverseFrequencies(c).to(device_);
  return OkStatus();
}

int64_t Transformer::kv_bytes_per_token() const {
  return config_.num_layers * 2 * config_.num_kv_heads * config_.head_dim *
         static_cast<int64_t>(c10::elementSize(dtype_));
}

KvBatch Transformer::NewBatch(int64_t rows, int64_t capacity) const {
  KvBatch batch;
  // Zeros, not empty: masked positions are multiplied by 0, and 0 * NaN is NaN.
  batch.kv =
      at::zeros({config_.num_layers, 2, rows, config_.num_kv_heads, capacity, config_.head_dim},
                tensor_options());
  batch.lengths.assign(static_cast<size_t>(rows), 0);
  return batch;
}

void Transformer::EnsureCapacity(KvBatch& batch, int64_t capacity) const {
  if (capacity <= batch.capacity()) return;
  KvBatch grown = NewBatch(batch.rows(), std::max(capacity, 2 * batch.capacity()));
  grown.kv.narrow(4, 0, batch.capacity()).copy_(batch.kv);
  batch.kv = std::move(grown.kv);
}

void Transformer::SelectRows(KvBatch& batch, std::span<const int64_t> rows) const {
  std::vector<int64_t> index(rows.begin(), rows.end());
  batch.kv =
      batch.kv.index_select(2, LongTensor(index, {static_cast<int64_t>(index.size())}, device_));
  std::vector<int64_t> lengths;
  for (int64_t r : rows) lengths.push_back(batch.lengths[static_cast<size_t>(r)]);
  batch.lengths = std::move(lengths);
}

at::Tensor Transformer::RmsNorm(const at::Tensor& x, const at::Tensor& weight) const {
  const at::Tensor x32 = x.to(at::kFloat);
  const at::Tensor normed =
      x32 * at::rsqrt(x32.pow(2).mean(-1, /*keepdim=*/true) + config_.rms_norm_eps);
  return weight * normed.to(x.scalar_type());
}

at::Tensor Transformer::Forward(KvBatch& batch,
                                std::span<const std::span<const int32_t>> tokens) const {
  const ModelConfig& c = config_;
  const int64_t rows = batch.rows();
  int64_t width = 0;   // S: the longest new run
  int64_t extent = 0;  // T: positions any row attends over after this step
  for (int64_t r = 0; r < rows; ++r) {
    const auto n = static_cast<int64_t>(tokens[r].size());
    width = std::max(width, n);
    extent = std::max(extent, batch.lengths[r] + n);
  }
  EnsureCapacity(batch, extent);

  // Token ids and positions, padded to [rows, width]; the real (row, position)
  // pairs are where keys and values get written.
  std::vector<int64_t> ids(static_cast<size_t>(rows * width), 0);
  std::vector<int64_t> positions(ids.size());
  std::vector<int64_t> real_flat, real_row, real_pos;
  for (int64_t r = 0; r < rows; ++r) {
    for (int64_t j = 0; j < width; ++j) {
      const size_t at = static_cast<size_t>(r * width + j);
      positions[at] = batch.lengths[r] + j;
      if (j < static_cast<int64_t>(tokens[r].size())) {
        ids[at] = tokens[r][j];
        real_flat.push_back(static_cast<int64_t>(at));
        real_row.push_back(r);
        real_pos.push_back(positions[at]);
      }
    }
  }
  const auto n_real = static_cast<int64_t>(real_flat.size());
  const at::Tensor ids_t = LongTensor(ids, {rows, width}, device_);
  const at::Tensor pos_t = LongTensor(positions, {rows, width}, device_);
  const at::Tensor real_flat_t = LongTensor(real_flat, {n_real}, device_);
  const at::Tensor real_row_t = LongTensor(real_row, {n_real}, device_);
  const at::Tensor real_pos_t = LongTensor(real_pos, {n_real}, device_);

  // RoPE angles, computed in float32 as Hugging Face does, then cast.
  const at::Tensor freqs = pos_t.to(at::kFloat).unsqueeze(-1) * inv_freq_;
  const at::Tensor angles = at::cat({freqs, freqs}, -1);
  const at::Tensor cos = angles.cos().to(dtype_).unsqueeze(2);  // [rows, S, 1, head_dim]
  const at::Tensor sin = angles.sin().to(dtype_).unsqueeze(2);

  // Causal (and sliding-window) mask over key positions [0, T): [rows, 1, 1, S, T].
  const at::Tensor keys_at =
      at::arange(extent, at::TensorOptions().dtype(at::kLong).device(device_));
  const at::Tensor distance = pos_t.unsqueeze(-1) - keys_at.view({1, 1, extent});
  at::Tensor allowed = distance >= 0;
  if (c.sliding_window) allowed = allowed.logical_and(distance < *c.sliding_window);
  const at::Tensor mask =
      at::zeros({rows, width, extent}, at::TensorOptions().dtype(at::kFloat).device(device_))
          .masked_fill_(allowed.logical_not(), -std::numeric_limits<float>::infinity())
          .view({rows, 1, 1, width, extent});

  const int64_t heads = c.num_heads, kv_heads = c.num_kv_heads, hd = c.head_dim;
  const int64_t group = heads / kv_heads;
  const int64_t q_size = heads * hd, kv_size = kv_heads * hd;
  const double scale = 1.0 / std::sqrt(static_cast<double>(hd));
  using at::indexing::Slice;

  at::Tensor x = at::embedding(embed_, ids_t);  // [rows, S, hidden]
  for (int64_t l = 0; l < c.num_layers; ++l) {
    const LayerWeights& w = layers_[static_cast<size_t>(l)];
    const at::Tensor qkv = Linear(RmsNorm(x, w.input_norm), w.qkv, w.qkv_bias);
    at::Tensor q = qkv.narrow(-1, 0, q_size).view({rows, width, heads, hd});
    at::Tensor k = qkv.narrow(-1, q_size, kv_size).view({rows, width, kv_heads, hd});
    const at::Tensor v =
        qkv.narrow(-1, q_size + kv_size, kv_size).view({rows, width, kv_heads, hd});
    if (c.qk_norm) {
      q = RmsNorm(q, w.q_norm);
      k = RmsNorm(k, w.k_norm);
    }
    q = q * cos + RotateHalf(q) * sin;
    k = k * cos + RotateHalf(k) * sin;

    // Write this step's real keys and values at their positions.
    at::Tensor cache_k = batch.kv.select(0, l).select(0, 0);  // [rows, kv_heads, cap, hd]
    at::Tensor cache_v = batch.kv.select(0, l).select(0, 1);
    cache_k.index_put_({real_row_t, Slice(), real_pos_t},
                       k.reshape({rows * width, kv_heads, hd}).index_select(0, real_flat_t));
    cache_v.index_put_({real_row_t, Slice(), real_pos_t},
                       v.reshape({rows * width, kv_heads, hd}).index_select(0, real_flat_t));
    const at::Tensor keys = cache_k.narrow(2, 0, extent);
    const at::Tensor values = cache_v.narrow(2, 0, extent);

    // Grouped-query attention without copying keys: the query heads sharing a
    // key/value head are stacked along the sequence axis.
    const at::Tensor grouped = q.permute({0, 2, 1, 3}).reshape({rows, kv_heads, group * width, hd});
    at::Tensor scores = at::matmul(grouped, keys.transpose(-1, -2)) * scale;
    scores = scores.to(at::kFloat).view({rows, kv_heads, group, width, extent}) + mask;
    const at::Tensor probs =
        at::softmax(scores, -1).to(dtype_).view({rows, kv_heads, group * width, extent});
    const at::Tensor attended = at::matmul(probs, values)
                                    .view({rows, heads, width, hd})
                                    .permute({0, 2, 1, 3})
                                    .reshape({rows, width, q_size});
    x = x + Linear(attended, w.o, w.o_bias);

    const at::Tensor gate_up = Linear(RmsNorm(x, w.post_norm), w.gate_up, w.gate_up_bias);
    const int64_t inter = c.intermediate_size;
    x = x + Linear(at::silu(gate_up.narrow(-1, 0, inter)) * gate_up.narrow(-1, inter, inter),
                   w.down, w.down_bias);
  }
  for (int64_t r = 0; r < rows; ++r) batch.lengths[r] += static_cast<int64_t>(tokens[r].size());
  return RmsNorm(x, final_norm_);
}

at::Tensor Transformer::Logits(const at::Tensor& hidden) const {
  return at::linear(hidden, head_.lm_head).to(at::kFloat);
}

PrefillResult Prefill(const Transformer& model, SegmentCache* cache,
                      std::span<const PrefillRow> rows, const PositionHead* head,
                      int64_t extra_capacity, int64_t chunk) {
  const auto n_rows = static_cast<int64_t>(rows.size());
  PrefillResult result;
  result.counts.resize(rows.size());
  result.outputs.resize(rows.size());
  std::vector<std::vector<at::Tensor>> pieces(rows.size());
  std::vector<SegmentCache::Hit> hits(rows.size());
  int64_t capacity = 0;
  for (size_t r = 0; r < rows.size(); ++r) {
    const auto length = static_cast<int64_t>(rows[r].tokens.size());
    if (cache != nullptr) hits[r] = cache->Lookup(rows[r].tokens, rows[r].marks);
    capacity = std::max(capacity, length + extra_capacity);
  }
  result.batch = model.NewBatch(n_rows, capacity);
  for (size_t r = 0; r < rows.size(); ++r) {
    int64_t at = 0;
    for (const Segment& segment : hits[r].payloads) {
      const int64_t n = segment.kv.size(3);
      result.batch.kv.select(2, static_cast<int64_t>(r)).narrow(3, at, n).copy_(segment.kv);
      if (head != nullptr) pieces[r].push_back(segment.outputs);
      at += n;
    }
    const auto length = static_cast<int64_t>(rows[r].tokens.size());
    // Logits need the last token's hidden state, which the cache does not keep.
    const int64_t start = head == nullptr ? std::min(at, length - 1) : at;
    result.batch.lengths[r] = start;
    result.counts[r] = {.computed = length - start, .reused = start};
  }

  if (head == nullptr)
    result.last_hidden = at::zeros({n_rows, model.config().hidden_size}, model.tensor_options());
  std::vector<std::span<const int32_t>> piece(rows.size());
  while (true) {
    bool any = false;
    for (size_t r = 0; r < rows.size(); ++r) {
      const int64_t from = result.batch.lengths[r];
      const int64_t n =
          std::min<int64_t>(chunk, static_cast<int64_t>(rows[r].tokens.size()) - from);
      piece[r] = rows[r].tokens.subspan(static_cast<size_t>(from), static_cast<size_t>(n));
      any = any || n > 0;
    }
    if (!any) break;
    const at::Tensor hidden = model.Forward(result.batch, piece);
    for (size_t r = 0; r < rows.size(); ++r) {
      const auto n = static_cast<int64_t>(piece[r].size());
      if (n == 0) continue;
      const at::Tensor row = hidden.select(0, static_cast<int64_t>(r));
      if (head != nullptr) {
        pieces[r].push_back((*head)(row.narrow(0, 0, n)));
      } else {
        result.last_hidden.select(0, static_cast<int64_t>(r)).copy_(row.select(0, n - 1));
      }
    }
  }
  if (head != nullptr) {
    for (size_t r = 0; r < rows.size(); ++r) result.outputs[r] = at::cat(pieces[r], 0);
  }

  if (cache == nullptr) return result;
  const int64_t element = static_cast<int64_t>(result.batch.kv.element_size());
  for (size_t r = 0; r < rows.size(); ++r) {
    const std::span<const PrefixMark> marks = rows[r].marks;
    for (size_t m = hits[r].marks; m < marks.size(); ++m) {
      const int64_t start = m == 0 ? 0 : marks[m - 1].end;
      const int64_t n = marks[m].end - start;
      Segment segment;
      segment.kv = result.batch.kv.select(2, static_cast<int64_t>(r)).narrow(3, start, n).clone();
      int64_t bytes = segment.kv.numel() * element;
      if (head != nullptr) {
        segment.outputs = result.outputs[r].narrow(0, start, n).clone();
        bytes += segment.outputs.numel() * static_cast<int64_t>(segment.outputs.element_size());
      }
      cache->Insert(marks[m].key, rows[r].tokens.first(static_cast<size_t>(marks[m].end)), start,
                    std::move(segment), bytes);
    }
  }
  return result;
}

}  // namespace ponder::torch_internal
