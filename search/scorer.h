// Scorer: search-time signals for partial or complete solutions: process
// reward models (PRMs), value models, outcome scorers (e.g. public tests).
//
// Scorers are learned or partial and may be wrong; the ground-truth check is
// a Grader (grader.h), which algorithms never see.
// Batching and threading: as for Policy (policy.h).
#pragma once

#include <span>
#include <string_view>
#include <vector>

#include "search/base/status.h"
#include "search/node.h"
#include "search/problem.h"
#include "search/tree.h"

namespace ponder {

struct ScoreRequest {
  const Problem* problem = nullptr;
  const Tree* tree = nullptr;
  NodeId node = kRootNode;
};

struct Score {
  // Either one score per step on the path from the root to the node (a PRM
  // reads all step tags in one pass), or just the last step's score (value
  // models, outcome scorers); earlier steps then come from the ancestors'
  // stored step scores. Every score must be finite.
  std::vector<double> step_scores;
  // For scorers backed by a model: input tokens it computed, and took from its prefix cache,
  // for this request. They count in the search's usage with the policy's.
  int64_t prefill_tokens = 0;
  int64_t reused_prefill_tokens = 0;
};

class Scorer {
 public:
  virtual ~Scorer() = default;
  virtual std::vector<StatusOr<Score>> ScoreBatch(std::span<const ScoreRequest> requests) = 0;
  virtual void Forget(const Tree& tree, std::span<const NodeId> nodes) {
    (void)tree;
    (void)nodes;
  }
};

// How a path's step scores become the one number a search ranks by.
enum class Aggregation : uint8_t { kLast, kMin, kProduct, kMean };

std::string_view AggregationName(Aggregation aggregation);
inline constexpr std::pair<std::string_view, Aggregation> kAggregationNames[] = {
    {"last", Aggregation::kLast},
    {"min", Aggregation::kMin},
    {"product", Aggregation::kProduct},
    {"mean", Aggregation::kMean},
};

// Aggregates step scores; an empty span gives NaN.
double Aggregate(std::span<const double> step_scores, Aggregation aggregation);

}  // namespace ponder
