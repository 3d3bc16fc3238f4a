// Usage and Budget: what a search spent, and how much it may spend.
//
// Every algorithm asks SearchContext::Stopped() before each batch of generation and
// SearchContext::ScoringStopped() before each batch of scoring, so a limit is overshot by at
// most one batch. A spent generation limit (tokens, policy calls, expansions) ends the search
// but still lets it score what it already generated, so its answer is ranked rather than
// picked blind; the scorer-call and time limits stop scoring too. Counting rules:
//   policy_calls     continuations requested (a request for n samples counts n)
//   scorer_calls     nodes scored (one scorer forward pass each, as the A*-decoding
//                    paper counts "PRM passes")
//   expansions       nodes added to the tree
//   generated_tokens tokens in all proposals
//   prefill_tokens   input tokens the backends (policy and model scorers together) computed;
//                    reused_prefill_tokens, those they took from a prefix cache instead
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "search/base/params.h"
#include "search/base/status.h"

namespace ponder {

struct Usage {
  int64_t expansions = 0;
  int64_t policy_calls = 0;
  int64_t policy_batches = 0;
  int64_t scorer_calls = 0;
  int64_t scorer_batches = 0;
  int64_t generated_tokens = 0;
  int64_t prefill_tokens = 0;
  int64_t reused_prefill_tokens = 0;
  int64_t elapsed_us = 0;

  Usage& operator+=(const Usage& other);
};

// Limits; 0 means unlimited. All limits apply together: the first reached stops the search.
struct Budget {
  int64_t max_tokens = 0;
  int64_t max_policy_calls = 0;
  int64_t max_scorer_calls = 0;
  int64_t max_expansions = 0;
  double max_seconds = 0;

  void Bind(ParamBinder& binder);
  Status Validate() const;

  // The first limit `usage` has reached ("max_tokens", ...), or nullopt.
  std::optional<std::string> ExhaustedBy(const Usage& usage) const;
  // The first limit on scoring `usage` has reached (max_scorer_calls, max_seconds), or nullopt.
  std::optional<std::string> ScoringExhaustedBy(const Usage& usage) const;
};

}  // namespace ponder
