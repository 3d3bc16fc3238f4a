// ReferenceDecoder: the decoder equations written out in float64 with plain
// loops, sharing no code with models/torch, for checking it on random
// checkpoints. Slow (no cache: every call recomputes everything) and only for
// tiny models.
//
//   x_0 = embed[token]
//   per layer: h = RMSNorm(x) * w_in;  q, k, v = W h (+ b)
//              (Qwen3) q, k = RMSNorm over each head (* q_norm, k_norm)
//              RoPE: pair (i, i + d/2) rotated by pos * inv_freq[i]
//              a = softmax_t<=pos (q . k_t / sqrt(d)) v_t, key head = head / (heads / kv_heads)
//              x = x + O a (+ b);  g = RMSNorm(x) * w_post
//              x = x + Down(silu(Gate g) * (Up g))
//   hidden = RMSNorm(x) * w_final
#pragma once

#include <cstdint>
#include <vector>

#include "models/weights/model_config.h"
#include "models/weights/random_checkpoint.h"

namespace ponder::testing {

using Matrix = std::vector<std::vector<double>>;  // [position][feature]

class ReferenceDecoder {
 public:
  ReferenceDecoder(ModelConfig config, WeightValues weights);

  // Final-normed hidden states, one row per position.
  Matrix Hidden(const std::vector<int32_t>& tokens) const;
  // Next-token logits at every position (lm_head, or the embedding when tied).
  Matrix Logits(const std::vector<int32_t>& tokens) const;
  // Heads on hidden states, at every position:
  std::vector<double> MathShepherd(const std::vector<int32_t>& tokens, int32_t good,
                                   int32_t bad) const;  // P(good) over {good, bad}
  std::vector<double> TwoClassPrm(const std::vector<int32_t>& tokens) const;  // P(class 1)
  std::vector<double> Value(const std::vector<int32_t>& tokens) const;

 private:
  const std::vector<float>& W(const std::string& name) const;
  // y = W x (+ b): W is [out, in] row-major.
  std::vector<double> Apply(const std::string& weight, const std::vector<double>& x,
                            const std::string& bias = "") const;
  std::vector<double> Norm(const std::vector<double>& x, const std::string& weight) const;
  std::vector<double> InverseFrequencies() const;

  ModelConfig c_;
  WeightValues w_;
};

}  // namespace ponder::testing
