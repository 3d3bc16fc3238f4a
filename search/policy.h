// Policy: proposes continuations of partial solutions. Implemented by users
// (and by policies/ over a language model).
//
// Batching: Propose takes a span of requests and returns one result per
// request, in the same order; a failed request fails only itself. The batch is
// the unit of work: an algorithm asks for its whole frontier at once.
// Threading: Propose may be called concurrently from several problems' threads
// unless an implementation says otherwise; the trees the requests point to are
// not modified while the call runs.
// State: a backend may cache state (a KV cache) keyed by (tree id, node id);
// Forget tells it which nodes the search no longer needs.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "search/base/status.h"
#include "search/node.h"
#include "search/problem.h"
#include "search/tree.h"

namespace ponder {

enum class ExpandMode : uint8_t {
  kStep,     // generate up to and including the policy's step delimiter, or the end
  kToken,    // one token: the n most likely distinct tokens at temperature 0, else n
             // distinct tokens sampled without replacement
  kRollout,  // the rest of the solution (up to max_tokens)
};

std::string_view ExpandModeName(ExpandMode mode);

struct SamplingParams {
  double temperature = 1.0;  // 0 means greedy
  double top_p = 1.0;
  int top_k = 0;  // 0: no top-k cut
  double min_p = 0.0;
  int max_tokens = 512;  // per continuation

  Status Validate() const;
};

struct ExpandRequest {
  const Problem* problem = nullptr;
  const Tree* tree = nullptr;
  NodeId node = kRootNode;  // continue the partial solution at this node
  ExpandMode mode = ExpandMode::kStep;
  int n = 1;  // continuations wanted
  SamplingParams sampling;
  uint64_t seed = 0;  // all randomness for this request derives from it
};

struct Proposal {
  std::string text;
  TokenIds tokens;
  std::vector<float> token_logprobs;  // one per token
  FinishReason finish = FinishReason::kDelimiter;
};

struct Expansion {
  std::vector<Proposal> proposals;    // up to n; fewer when the policy has fewer distinct ones
  int64_t prefill_tokens = 0;         // prompt/prefix tokens the backend computed
  int64_t reused_prefill_tokens = 0;  // prefix tokens it took from its cache
};

class Policy {
 public:
  virtual ~Policy() = default;

  virtual std::vector<StatusOr<Expansion>> Propose(std::span<const ExpandRequest> requests) = 0;

  // The search no longer needs these nodes of `tree`: free any state kept for them.
  virtual void Forget(const Tree& tree, std::span<const NodeId> nodes) {
    (void)tree;
    (void)nodes;
  }
};

}  // namespace ponder
