// Decorators that put a Policy or Scorer behind a BatchingQueue, so requests
// from concurrently searched problems reach the backend as shared batches.
// The wrapped component must itself be thread-safe for Forget (called directly).
#pragma once

#include <memory>

#include "experiments/batching_queue.h"
#include "search/policy.h"
#include "search/scorer.h"

namespace ponder::experiments {

class BatchedPolicy final : public Policy {
 public:
  BatchedPolicy(Policy& backend, BatchingOptions options, std::shared_ptr<BatchingGroup> group)
      : backend_(backend),
        queue_([this](std::span<const ExpandRequest> r) { return backend_.Propose(r); }, options,
               std::move(group)) {}

  std::vector<StatusOr<Expansion>> Propose(std::span<const ExpandRequest> requests) override {
    return queue_.Submit(requests);
  }
  void Forget(const Tree& tree, std::span<const NodeId> nodes) override {
    backend_.Forget(tree, nodes);
  }

 private:
  Policy& backend_;
  BatchingQueue<ExpandRequest, StatusOr<Expansion>> queue_;
};

class BatchedScorer final : public Scorer {
 public:
  BatchedScorer(Scorer& backend, BatchingOptions options, std::shared_ptr<BatchingGroup> group)
      : backend_(backend),
        queue_([this](std::span<const ScoreRequest> r) { return backend_.ScoreBatch(r); }, options,
               std::move(group)) {}

  std::vector<StatusOr<Score>> ScoreBatch(std::span<const ScoreRequest> requests) override {
    return queue_.Submit(requests);
  }
  void Forget(const Tree& tree, std::span<const NodeId> nodes) override {
    backend_.Forget(tree, nodes);
  }

 private:
  Scorer& backend_;
  BatchingQueue<ScoreRequest, StatusOr<Score>> queue_;
};

}  // namespace ponder::experiments
