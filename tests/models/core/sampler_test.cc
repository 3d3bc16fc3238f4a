#include "models/core/sampler.h"

#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <set>

namespace ponder {
namespace {

const std::vector<float> kLogits = {0.5f, 2.0f, -1.0f, 1.0f, 2.0f, -3.0f};

double Softmax(std::span<const float> logits, size_t i, double temperature = 1.0) {
  double z = 0;
  for (float l : logits) z += std::exp(l / temperature);
  return std::exp(logits[i] / temperature) / z;
}

SamplingParams Sampling(double temperature) {
  SamplingParams p;
  p.temperature = temperature;
  return p;
}

// Empirical frequencies of ChooseToken over `draws` from one seeded stream.
std::map<int32_t, double> Frequencies(const SamplingParams& p, int draws) {
  Rng rng(7);
  std::map<int32_t, double> f;
  for (int i = 0; i < draws; ++i) f[ChooseToken(kLogits, p, rng).token] += 1.0 / draws;
  return f;
}

TEST(SamplerTest, GreedyTakesTheFirstLargestLogitWithItsLogSoftmax) {
  Rng rng(1);
  TokenChoice c = ChooseToken(kLogits, Sampling(0), rng);
  EXPECT_EQ(c.token, 1) << "ties go to the lower id, as argmax does";
  EXPECT_NEAR(c.logprob, std::log(Softmax(kLogits, 1)), 1e-6);
  EXPECT_NEAR(
      LogSumExp(kLogits),
      std::log(std::exp(0.5) + 2 * std::exp(2.0) + std::exp(-1.0) + std::exp(1.0) + std::exp(-3.0)),
      1e-9);
}

TEST(SamplerTest, SamplingFollowsTheTemperedDistribution) {
  constexpr int kDraws = 40000;
  for (double t : {1.0, 0.5, 2.0}) {
    std::map<int32_t, double> f = Frequencies(Sampling(t), kDraws);
    for (size_t i = 0; i < kLogits.size(); ++i) {
      const double p = Softmax(kLogits, i, t);
      // Four standard deviations of a binomial proportion.
      EXPECT_NEAR(f[static_cast<int32_t>(i)], p, 4 * std::sqrt(p * (1 - p) / kDraws) + 1e-4)
          << "temperature " << t << " token " << i;
    }
  }
}

TEST(SamplerTest, LogprobIsUnderTheUnmodifiedDistributionWhateverTheFilters) {
  SamplingParams p = Sampling(0.3);
  p.top_k = 2;
  Rng rng(3);
  for (int i = 0; i < 50; ++i) {
    TokenChoice c = ChooseToken(kLogits, p, rng);
    EXPECT_NEAR(c.logprob, std::log(Softmax(kLogits, static_cast<size_t>(c.token))), 1e-6);
  }
}

TEST(SamplerTest, TopKTopPAndMinPCutTheCandidates) {
  SamplingParams top_k = Sampling(1.0);
  top_k.top_k = 3;  // tokens 1, 4 (logit 2) and 3 (logit 1)
  for (const auto& [token, freq] : Frequencies(top_k, 5000)) {
    EXPECT_TRUE(token == 1 || token == 4 || token == 3) << token;
    (void)freq;
  }
  EXPECT_EQ(Frequencies(top_k, 5000).size(), 3u);

  // Tokens 1 and 4 carry 0.38 each; a nucleus of 0.5 needs both, and only them.
  SamplingParams top_p = Sampling(1.0);
  top_p.top_p = 0.5;
  std::map<int32_t, double> f = Frequencies(top_p, 5000);
  EXPECT_EQ(f.size(), 2u);
  EXPECT_NEAR(f[1], 0.5, 0.03);

  // min_p 0.3: keeps tokens with p >= 0.3 * p_max, i.e. logit >= 2 + ln 0.3 = 0.796.
  SamplingParams min_p = Sampling(1.0);
  min_p.min_p = 0.3;
  f = Frequencies(min_p, 5000);
  EXPECT_EQ(f.size(), 3u);
  EXPECT_EQ(f.count(0), 0u);

  // A tiny nucleus keeps one token.
  SamplingParams one = Sampling(1.0);
  one.top_p = 1e-6;
  EXPECT_EQ(Frequencies(one, 100).size(), 1u);
}

TEST(SamplerTest, TopPOverALargeVocabularyMatchesAFullSort) {
  // 5000 tokens with a long tail, so the nucleus is larger than the first sorted head.
  std::vector<float> logits(5000);
  for (size_t i = 0; i < logits.size(); ++i) logits[i] = -0.001f * static_cast<float>(i);
  SamplingParams p = Sampling(1.0);
  p.top_p = 0.9;
  Rng rng(11);
  int32_t largest = 0;
  for (int i = 0; i < 1000; ++i) largest = std::max(largest, ChooseToken(logits, p, rng).token);
  // Exact nucleus: the smallest n with sum_{i<n} e^{-0.001 i} >= 0.9 * total.
  double total = 0;
  for (float l : logits) total += std::exp(static_cast<double>(l));
  double cumulative = 0;
  int32_t n = 0;
  while (cumulative < 0.9 * total) cumulative += std::exp(static_cast<double>(logits[n++]));
  EXPECT_LT(largest, n);
  EXPECT_GT(largest, n - 200) << "the tail of the nucleus is reachable";
}

TEST(SamplerTest, DistinctTokensAreTheTopNAtTemperatureZero) {
  Rng rng(1);
  std::vector<TokenChoice> top = ChooseDistinctTokens(kLogits, Sampling(0), 3, rng);
  ASSERT_EQ(top.size(), 3u);
  EXPECT_EQ(top[0].token, 1);
  EXPECT_EQ(top[1].token, 4);
  EXPECT_EQ(top[2].token, 3);
  EXPECT_EQ(ChooseDistinctTokens(kLogits, Sampling(0), 10, rng).size(), kLogits.size());
}

TEST(SamplerTest, SampledDistinctTokensAreDistinctFilteredAndSeeded) {
  SamplingParams p = Sampling(1.0);
  p.top_k = 4;
  for (uint64_t seed = 0; seed < 50; ++seed) {
    Rng rng(seed);
    std::vector<TokenChoice> picks = ChooseDistinctTokens(kLogits, p, 3, rng);
    std::set<int32_t> unique;
    for (const TokenChoice& c : picks) {
      unique.insert(c.token);
      EXPECT_NE(c.token, 2);
      EXPECT_NE(c.token, 5);
    }
    EXPECT_EQ(unique.size(), 3u);
    Rng again(seed);
    std::vector<TokenChoice> replay = ChooseDistinctTokens(kLogits, p, 3, again);
    for (size_t i = 0; i < picks.size(); ++i) EXPECT_EQ(picks[i].token, replay[i].token);
  }
  // Only four survive top-k 4.
  Rng rng(1);
  EXPECT_EQ(ChooseDistinctTokens(kLogits, p, 6, rng).size(), 4u);
}

TEST(SamplerTest, FirstDistinctDrawFollowsTheDistribution) {
  // The first Gumbel-top-k draw is an ordinary sample.
  constexpr int kDraws = 20000;
  std::map<int32_t, double> f;
  Rng rng(5);
  for (int i = 0; i < kDraws; ++i) {
    f[ChooseDistinctTokens(kLogits, Sampling(1.0), 2, rng)[0].token] += 1.0 / kDraws;
  }
  for (size_t i = 0; i < kLogits.size(); ++i) {
    const double p = Softmax(kLogits, i);
    EXPECT_NEAR(f[static_cast<int32_t>(i)], p, 4 * std::sqrt(p * (1 - p) / kDraws) + 1e-4);
  }
}

}  // namespace
}  // namespace ponder
