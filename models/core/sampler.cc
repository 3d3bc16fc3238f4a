#include "models/core/sampler.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

namespace ponder {
namespace {

// The candidates that survive temperature, top-k, top-p and min-p, with
// their unnormalised tempered weights.
struct Candidates {
  std::vector<int32_t> tokens;
  std::vector<double> weights;
};

// Indices sorted by descending logit (ties by lower index); only the first
// `count` are guaranteed sorted.
std::vector<int32_t> TopIndices(std::span<const float> logits, size_t count) {
  std::vector<int32_t> order(logits.size());
  std::iota(order.begin(), order.end(), 0);
  count = std::min(count, order.size());
  auto before = [&](int32_t a, int32_t b) {
    return logits[a] > logits[b] || (logits[a] == logits[b] && a < b);
  };
  std::partial_sort(order.begin(), order.begin() + static_cast<std::ptrdiff_t>(count), order.end(),
                    before);
  order.resize(count);
  return order;
}

Candidates Filter(std::span<const float> logits, const SamplingParams& p) {
  const size_t vocab = logits.size();
  const float max_logit = *std::max_element(logits.begin(), logits.end());
  const double inv_t = 1.0 / p.temperature;
  // Weights relative to the most likely token, which has weight 1.
  std::vector<double> w(vocab);
  for (size_t i = 0; i < vocab; ++i) w[i] = std::exp((logits[i] - max_logit) * inv_t);

  Candidates c;
  c.tokens.resize(vocab);
  std::iota(c.tokens.begin(), c.tokens.end(), 0);
  const size_t k = p.top_k > 0 ? std::min(static_cast<size_t>(p.top_k), vocab) : vocab;
  if (k < vocab || p.top_p < 1.0) {
    // Sorting the whole vocabulary for every token would dominate: select and
    // sort only a head, which grows until it holds the nucleus.
    auto before = [&](int32_t a, int32_t b) { return w[a] > w[b] || (w[a] == w[b] && a < b); };
    auto sort_head = [&](size_t n) {
      auto mid = c.tokens.begin() + static_cast<std::ptrdiff_t>(n);
      if (n < vocab) std::nth_element(c.tokens.begin(), mid, c.tokens.end(), before);
      std::sort(c.tokens.begin(), mid, before);
    };
    auto head_mass = [&](size_t n) {
      double sum = 0;
      for (size_t i = 0; i < n; ++i) sum += w[c.tokens[i]];
      return sum;
    };
    // Top-p is a share of the mass that survives top-k.
    size_t head = k < vocab ? k : std::min(vocab, size_t{256});
    sort_head(head);
    const double total = k < vocab ? head_mass(k) : std::accumulate(w.begin(), w.end(), 0.0);
    while (head < k && head_mass(head) < p.top_p * total) {
      head = std::min(k, head * 4);
      sort_head(head);
    }
    size_t keep = head;
    if (p.top_p < 1.0) {
      double cumulative = 0;
      keep = 0;
      while (keep < head && cumulative < p.top_p * total) cumulative += w[c.tokens[keep++]];
      keep = std::max<size_t>(keep, 1);
    }
    c.tokens.resize(keep);
  }
  // min-p: drop tokens below min_p times the most likely token's probability (weight 1).
  if (p.min_p > 0) std::erase_if(c.tokens, [&](int32_t t) { return w[t] < p.min_p; });
  c.weights.reserve(c.tokens.size());
  for (int32_t t : c.tokens) c.weights.push_back(w[t]);
  return c;
}

TokenChoice Choice(std::span<const float> logits, int32_t token, double lse) {
  return {token, static_cast<float>(logits[token] - lse)};
}

}  // namespace

double LogSumExp(std::span<const float> logits) {
  const float max_logit = *std::max_element(logits.begin(), logits.end());
  double sum = 0;
  for (float l : logits) sum += std::exp(static_cast<double>(l) - max_logit);
  return max_logit + std::log(sum);
}

TokenChoice ChooseToken(std::span<const float> logits, const SamplingParams& params, Rng& rng) {
  const double lse = LogSumExp(logits);
  if (params.temperature == 0) {
    const auto best = std::max_element(logits.begin(), logits.end());
    return Choice(logits, static_cast<int32_t>(best - logits.begin()), lse);
  }
  Candidates c = Filter(logits, params);
  return Choice(logits, c.tokens[rng.Categorical(c.weights)], lse);
}

std::vector<TokenChoice> ChooseDistinctTokens(std::span<const float> logits,
                                              const SamplingParams& params, int n, Rng& rng) {
  const double lse = LogSumExp(logits);
  std::vector<TokenChoice> out;
  if (params.temperature == 0) {
    for (int32_t t : TopIndices(logits, static_cast<size_t>(n)))
      out.push_back(Choice(logits, t, lse));
    return out;
  }
  // Gumbel top-k: the n largest log(weight) + Gumbel noise are n draws without replacement.
  Candidates c = Filter(logits, params);
  std::vector<std::pair<double, int32_t>> keys;
  keys.reserve(c.tokens.size());
  for (size_t i = 0; i < c.tokens.size(); ++i) {
    const double u = std::max(rng.Uniform(), std::numeric_limits<double>::min());
    keys.emplace_back(std::log(c.weights[i]) - std::log(-std::log(u)), c.tokens[i]);
  }
  const size_t count = std::min(keys.size(), static_cast<size_t>(n));
  std::partial_sort(keys.begin(), keys.begin() + static_cast<std::ptrdiff_t>(count), keys.end(),
                    [](const auto& a, const auto& b) { return a.first > b.first; });
  for (size_t i = 0; i < count; ++i) out.push_back(Choice(logits, keys[i].second, lse));
  return out;
}

}  // namespace ponder
