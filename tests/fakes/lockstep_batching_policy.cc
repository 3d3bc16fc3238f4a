#include "tests/fakes/lockstep_batching_policy.h"

#include <algorithm>

namespace ponder::testing {

void LockstepBatchingPolicy::Join() {
  std::lock_guard lock(mu_);
  ++joined_;
}

void LockstepBatchingPolicy::Leave() {
  std::lock_guard lock(mu_);
  --joined_;
  // The threads still waiting may now be all the joined ones.
  cv_.notify_all();
}

std::vector<StatusOr<Expansion>> LockstepBatchingPolicy::Propose(
    std::span<const ExpandRequest> requests) {
  std::unique_lock lock(mu_);
  Call call{.requests = requests};
  waiting_.push_back(&call);
  cv_.notify_all();
  cv_.wait(lock, [&] {
    return call.done || (!running_ && static_cast<int>(waiting_.size()) == joined_);
  });
  if (!call.done) RunWaiting(lock);
  return std::move(call.results);
}

void LockstepBatchingPolicy::RunWaiting(std::unique_lock<std::mutex>& lock) {
  running_ = true;
  std::vector<Call*> batch;
  batch.swap(waiting_);
  lock.unlock();
  std::vector<ExpandRequest> merged;
  for (const Call* c : batch) merged.insert(merged.end(), c->requests.begin(), c->requests.end());
  std::vector<StatusOr<Expansion>> results = inner_.Propose(merged);
  lock.lock();
  size_t at = 0;
  for (Call* c : batch) {
    for (size_t i = 0; i < c->requests.size(); ++i, ++at) {
      c->results.push_back(at < results.size()
                               ? std::move(results[at])
                               : StatusOr<Expansion>(InternalError("inner policy fell short")));
    }
    c->done = true;
  }
  ++inner_batches_;
  widest_batch_ = std::max(widest_batch_, batch.size());
  running_ = false;
  cv_.notify_all();
}

void LockstepBatchingPolicy::Forget(const Tree& tree, std::span<const NodeId> nodes) {
  inner_.Forget(tree, nodes);
}

size_t LockstepBatchingPolicy::inner_batches() const {
  std::lock_guard lock(mu_);
  return inner_batches_;
}

size_t LockstepBatchingPolicy::widest_batch() const {
  std::lock_guard lock(mu_);
  return widest_batch_;
}

}  // namespace ponder::testing
