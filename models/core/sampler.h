// Choosing tokens from a row of logits: greedy, or sampling with temperature,
// top-k, top-p (nucleus) and min-p, in that order (the order Hugging Face's
// generate applies its warpers in): the logits are divided by the temperature,
// cut to the k largest, then to the smallest most-likely set whose
// probability reaches top_p (at least one token), then every token below
// min_p times the most likely one's probability is dropped.
//
// All randomness comes from the caller's Rng, so a seed replays exactly.
// The log-probability returned with a token is always under the unmodified
// distribution (log_softmax of the raw logits). Pure functions; thread-safe.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "search/base/rng.h"
#include "search/policy.h"

namespace ponder {

struct TokenChoice {
  int32_t token = 0;
  float logprob = 0;  // log_softmax(logits)[token]
};

// log(sum(exp(logits))), computed stably.
double LogSumExp(std::span<const float> logits);

// One token: the argmax (the first on ties) at temperature 0, else a sample.
TokenChoice ChooseToken(std::span<const float> logits, const SamplingParams& params, Rng& rng);

// Up to n distinct tokens: the n largest logits at temperature 0 (ties by
// lower id), else n draws without replacement from the filtered distribution
// (Gumbel top-k). Fewer when fewer tokens survive the filters. Most likely first
// at temperature 0, in draw order otherwise.
std::vector<TokenChoice> ChooseDistinctTokens(std::span<const float> logits,
                                              const SamplingParams& params, int n, Rng& rng);

}  // namespace ponder
