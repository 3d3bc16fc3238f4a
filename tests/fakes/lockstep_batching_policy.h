// LockstepBatchingPolicy: a batching backend for tests of concurrent searches. It merges the
// Propose calls of every search thread that uses it into one call of an inner policy, the way a
// model server's batching queue does, but deterministically: a merged call runs only once every
// joined thread is waiting in Propose, so each inner batch holds one call from each of them.
//
// Threads Join() before their first search and Leave() after their last. Thread-safe.
#pragma once

#include <condition_variable>
#include <mutex>
#include <vector>

#include "search/policy.h"

namespace ponder::testing {

class LockstepBatchingPolicy final : public Policy {
 public:
  explicit LockstepBatchingPolicy(Policy& inner) : inner_(inner) {}

  void Join();
  void Leave();

  std::vector<StatusOr<Expansion>> Propose(std::span<const ExpandRequest> requests) override;
  void Forget(const Tree& tree, std::span<const NodeId> nodes) override;

  size_t inner_batches() const;
  // The most Propose calls merged into one inner call.
  size_t widest_batch() const;

 private:
  struct Call {
    std::span<const ExpandRequest> requests;
    std::vector<StatusOr<Expansion>> results;
    bool done = false;
  };
  // Runs every waiting call as one inner call; `lock` is held on entry and exit.
  void RunWaiting(std::unique_lock<std::mutex>& lock);

  Policy& inner_;
  mutable std::mutex mu_;
  std::condition_variable cv_;
  int joined_ = 0;
  bool running_ = false;
  std::vector<Call*> waiting_;
  size_t inner_batches_ = 0;
  size_t widest_batch_ = 0;
};

}  // namespace ponder::testing
