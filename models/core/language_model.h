// LanguageModel: batched token generation with a cache of shared prefixes.
//
// A request continues `context` (prompt + partial solution, as token ids).
// Search trees make many requests whose contexts share prefixes: a node's
// children all extend its context. `marks` tell the model where the context
// of each node on the path ends, keyed by (tree id, node id); a model that
// caches keeps the state (keys/values) of each marked segment under its key,
// so a later request that passes through the same node computes only what
// follows it. Reuse is checked token for token, so a stale key can never give
// a wrong answer, only a cache miss. Forget() frees the state of nodes the
// search dropped.
//
// Batching: Generate takes a span of requests and returns one result per
// request, in the same order; a bad request fails only itself.
// Threading: implementations serialise calls internally unless they say
// otherwise; one model may be shared by several problems' threads.
// Log-probabilities are those of the model's own distribution
// (log_softmax of the logits at temperature 1, before any top-k/top-p/min-p
// cut), whatever the sampling settings; they rank continuations and set
// priors.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "search/base/status.h"
#include "search/node.h"
#include "search/policy.h"

namespace ponder {

// A search node whose context a model may cache.
struct CacheKey {
  uint64_t tree = 0;
  NodeId node = kNoNode;

  friend bool operator==(const CacheKey&, const CacheKey&) = default;
  friend auto operator<=>(const CacheKey&, const CacheKey&) = default;
};

// The keys of `nodes` of the tree with id `tree_id` (for Forget).
inline std::vector<CacheKey> CacheKeysOf(uint64_t tree_id, std::span<const NodeId> nodes) {
  std::vector<CacheKey> keys;
  keys.reserve(nodes.size());
  for (NodeId n : nodes) keys.push_back({tree_id, n});
  return keys;
}

// context[0, end) is the context at node `key`.
struct PrefixMark {
  CacheKey key;
  int64_t end = 0;
};

struct GenerateRequest {
  TokenIds context;  // non-empty; BOS included when the model wants one
  // Increasing `end`s, each in [1, context.size()]; empty: nothing is cached.
  std::vector<PrefixMark> marks;
  int n = 1;  // continuations wanted
  // temperature (0 greedy), top_k, top_p, min_p, and max_tokens per continuation.
  SamplingParams sampling;
  // Text that ends a continuation (kDelimiter), kept in it; needs a model
  // loaded with a tokenizer.
  std::vector<std::string> stop_strings;
  // Generating one of these ends a continuation (kEndOfSequence); the token is kept.
  std::vector<int32_t> end_token_ids;
  // Instead of n continuations: the n most likely distinct next tokens at
  // temperature 0, else n distinct tokens sampled without replacement from
  // the filtered distribution (finish kToken, or kEndOfSequence for an end token).
  bool distinct_next_tokens = false;
  uint64_t seed = 0;  // sample i draws from Rng(seed).Derive(i)
};

struct Continuation {
  TokenIds tokens;
  std::vector<float> logprobs;  // one per token
  FinishReason finish = FinishReason::kLength;
};

struct GenerateResult {
  std::vector<Continuation> continuations;  // n of them (fewer only for distinct tokens)
  int64_t prefill_tokens = 0;               // context tokens computed for this request
  int64_t reused_prefill_tokens = 0;        // context tokens taken from the cache
};

struct LanguageModelInfo {
  int64_t vocab_size = 0;
  int64_t context_length = 0;  // positions the model can attend over (context + generated)
  std::optional<int32_t> bos_token_id;
  std::vector<int32_t> eos_token_ids;
};

class LanguageModel {
 public:
  virtual ~LanguageModel() = default;

  virtual std::vector<StatusOr<GenerateResult>> Generate(
      std::span<const GenerateRequest> requests) = 0;

  // The logits after every prefix of `tokens`: row i (of tokens.size() rows,
  // each vocab_size floats, row-major) predicts token i + 1. Computed in one
  // pass without the cache; for tests and likelihood scoring.
  virtual StatusOr<std::vector<float>> PositionLogits(std::span<const int32_t> tokens) = 0;

  // Frees whatever is cached for these nodes.
  virtual void Forget(std::span<const CacheKey> keys) = 0;

  virtual const LanguageModelInfo& info() const = 0;
};

}  // namespace ponder
