#include "tests/models/torch/reference_decoder.h"

#include <cmath>
#include <numbers>

#include "search/base/check.h"

namespace ponder::testing {
namespace {

std::string Layer(int64_t l, const std::string& suffix) {
  return "model.layers." + std::to_string(l) + "." + suffix;
}

std::vector<double> Softmax(const std::vector<double>& x) {
  double max = x[0];
  for (double v : x) max = std::max(max, v);
  std::vector<double> p(x.size());
  double z = 0;
  for (size_t i = 0; i < x.size(); ++i) z += p[i] = std::exp(x[i] - max);
  for (double& v : p) v /= z;
  return p;
}

}  // namespace

ReferenceDecoder::ReferenceDecoder(ModelConfig config, WeightValues weights)
    : c_(std::move(config)), w_(std::move(weights)) {}

const std::vector<float>& ReferenceDecoder::W(const std::string& name) const {
  auto it = w_.find(name);
  PONDER_CHECK(it != w_.end()) << "reference has no weight " << name;
  return it->second;
}

std::vector<double> ReferenceDecoder::Apply(const std::string& weight, const std::vector<double>& x,
                                            const std::string& bias) const {
  const std::vector<float>& m = W(weight);
  const size_t in = x.size(), out = m.size() / in;
  std::vector<double> y(out, 0.0);
  for (size_t o = 0; o < out; ++o) {
    double sum = bias.empty() ? 0.0 : W(bias)[o];
    for (size_t i = 0; i < in; ++i) sum += static_cast<double>(m[o * in + i]) * x[i];
    y[o] = sum;
  }
  return y;
}

std::vector<double> ReferenceDecoder::Norm(const std::vector<double>& x,
                                           const std::string& weight) const {
  double mean_square = 0;
  for (double v : x) mean_square += v * v;
  mean_square /= static_cast<double>(x.size());
  const double scale = 1.0 / std::sqrt(mean_square + c_.rms_norm_eps);
  const std::vector<float>& w = W(weight);
  std::vector<double> y(x.size());
  for (size_t i = 0; i < x.size(); ++i) y[i] = x[i] * scale * w[i];
  return y;
}

std::vector<double> ReferenceDecoder::InverseFrequencies() const {
  const int64_t half = c_.head_dim / 2;
  std::vector<double> inv(static_cast<size_t>(half));
  const RopeScaling& s = c_.rope_scaling;
  for (int64_t i = 0; i < half; ++i) {
    double f = 1.0 / std::pow(c_.rope_theta, 2.0 * static_cast<double>(i) / c_.head_dim);
    if (s.kind == RopeScaling::Kind::kLinear) f /= s.factor;
    if (s.kind == RopeScaling::Kind::kLlama3) {
      // Llama 3.1's frequency bands: long wavelengths slowed by `factor`, short
      // ones kept, the band between interpolated.
      const double old_len = static_cast<double>(s.original_max_position_embeddings);
      const double wavelen = 2 * std::numbers::pi / f;
      if (wavelen > old_len / s.low_freq_factor) {
        f /= s.factor;
      } else if (wavelen >= old_len / s.high_freq_factor) {
        const double smooth =
            (old_len / wavelen - s.low_freq_factor) / (s.high_freq_factor - s.low_freq_factor);
        f = (1 - smooth) * f / s.factor + smooth * f;
      }
    }
    inv[static_cast<size_t>(i)] = f;
  }
  return inv;
}

Matrix ReferenceDecoder::Hidden(const std::vector<int32_t>& tokens) const {
  const size_t n = tokens.size();
  const int64_t H = c_.hidden_size, d = c_.head_dim, heads = c_.num_heads, kvh = c_.num_kv_heads;
  const std::vector<double> inv = InverseFrequencies();
  Matrix x(n, std::vector<double>(static_cast<size_t>(H)));
  const std::vector<float>& embed = W("model.embed_tokens.weight");
  for (size_t p = 0; p < n; ++p) {
    for (int64_t i = 0; i < H; ++i) x[p][i] = embed[static_cast<size_t>(tokens[p] * H + i)];
  }
  auto rope = [&](std::vector<double>& v, size_t offset, size_t pos) {
    for (int64_t i = 0; i < d / 2; ++i) {
      const double angle = static_cast<double>(pos) * inv[static_cast<size_t>(i)];
      const double a = v[offset + i], b = v[offset + i + d / 2];
      v[offset + i] = a * std::cos(angle) - b * std::sin(angle);
      v[offset + i + d / 2] = b * std::cos(angle) + a * std::sin(angle);
    }
  };
  auto head_norm = [&](std::vector<double>& v, int64_t count, const std::string& weight) {
    for (int64_t h = 0; h < count; ++h) {
      std::vector<double> part(v.begin() + h * d, v.begin() + (h + 1) * d);
      part = Norm(part, weight);
      std::copy(part.begin(), part.end(), v.begin() + h * d);
    }
  };
  for (int64_t l = 0; l < c_.num_layers; ++l) {
    Matrix q(n), k(n), v(n);
    for (size_t p = 0; p < n; ++p) {
      const std::vector<double> h = Norm(x[p], Layer(l, "input_layernorm.weight"));
      auto proj = [&](const std::string& name) {
        return Apply(Layer(l, name + ".weight"), h, c_.qkv_bias ? Layer(l, name + ".bias") : "");
      };
      q[p] = proj("self_attn.q_proj");
      k[p] = proj("self_attn.k_proj");
      v[p] = proj("self_attn.v_proj");
      if (c_.qk_norm) {
        head_norm(q[p], heads, Layer(l, "self_attn.q_norm.weight"));
        head_norm(k[p], kvh, Layer(l, "self_attn.k_norm.weight"));
      }
      for (int64_t h = 0; h < heads; ++h) rope(q[p], static_cast<size_t>(h * d), p);
      for (int64_t h = 0; h < kvh; ++h) rope(k[p], static_cast<size_t>(h * d), p);
    }
    for (size_t p = 0; p < n; ++p) {
      std::vector<double> attended(static_cast<size_t>(heads * d), 0.0);
      for (int64_t h = 0; h < heads; ++h) {
        const int64_t g = h / (heads / kvh);
        std::vector<double> scores;
        std::vector<size_t> keys;
        for (size_t t = 0; t <= p; ++t) {
          if (c_.sliding_window && static_cast<int64_t>(p - t) >= *c_.sliding_window) continue;
          double dot = 0;
          for (int64_t i = 0; i < d; ++i) dot += q[p][h * d + i] * k[t][g * d + i];
          scores.push_back(dot / std::sqrt(static_cast<double>(d)));
          keys.push_back(t);
        }
        const std::vector<double> probs = Softmax(scores);
        for (size_t j = 0; j < keys.size(); ++j) {
          for (int64_t i = 0; i < d; ++i) attended[h * d + i] += probs[j] * v[keys[j]][g * d + i];
        }
      }
      const std::vector<double> o = Apply(Layer(l, "self_attn.o_proj.weight"), attended,
                                          c_.o_bias ? Layer(l, "self_attn.o_proj.bias") : "");
      for (int64_t i = 0; i < H; ++i) x[p][i] += o[i];
      const std::vector<double> g = Norm(x[p], Layer(l, "post_attention_layernorm.weight"));
      auto mlp = [&](const std::string& name, const std::vector<double>& in) {
        return Apply(Layer(l, "mlp." + name + ".weight"), in,
                     c_.mlp_bias ? Layer(l, "mlp." + name + ".bias") : "");
      };
      const std::vector<double> gate = mlp("gate_proj", g), up = mlp("up_proj", g);
      std::vector<double> act(gate.size());
      for (size_t i = 0; i < gate.size(); ++i) act[i] = gate[i] / (1 + std::exp(-gate[i])) * up[i];
      const std::vector<double> down = mlp("down_proj", act);
      for (int64_t i = 0; i < H; ++i) x[p][i] += down[i];
    }
  }
  for (size_t p = 0; p < n; ++p) x[p] = Norm(x[p], "model.norm.weight");
  return x;
}

Matrix ReferenceDecoder::Logits(const std::vector<int32_t>& tokens) const {
  const std::string head = c_.tie_word_embeddings ? "model.embed_tokens.weight" : "lm_head.weight";
  Matrix out;
  for (const std::vector<double>& h : Hidden(tokens)) out.push_back(Apply(head, h));
  return out;
}

std::vector<double> ReferenceDecoder::MathShepherd(const std::vector<int32_t>& tokens, int32_t good,
                                                   int32_t bad) const {
  std::vector<double> out;
  for (const std::vector<double>& l : Logits(tokens)) out.push_back(Softmax({l[good], l[bad]})[0]);
  return out;
}

std::vector<double> ReferenceDecoder::TwoClassPrm(const std::vector<int32_t>& tokens) const {
  std::vector<double> out;
  for (const std::vector<double>& h : Hidden(tokens)) {
    std::vector<double> inner = Apply("score.0.weight", h, "score.0.bias");
    for (double& v : inner) v = std::max(v, 0.0);
    out.push_back(Softmax(Apply("score.2.weight", inner, "score.2.bias"))[1]);
  }
  return out;
}

std::vector<double> ReferenceDecoder::Value(const std::vector<int32_t>& tokens) const {
  std::vector<double> out;
  for (const std::vector<double>& h : Hidden(tokens)) out.push_back(Apply("score.weight", h)[0]);
  return out;
}

}  // namespace ponder::testing
