// SandboxPool: many programs at once, at most `workers` running, with a result cache.
//
// A TBB task arena of `workers` threads runs the jobs of a batch; each running job holds
// one of the Sandbox's slots (so its own uid). Every job goes through the ResultCache first.
// This is the CPU arena of docs/architecture.md ("sandbox runs get their own bounded arena").
//
// Thread-safety: RunBatch and Run may be called from many threads at once; the arena keeps
// the total number of running programs at `workers`. Results come back in request order.
#pragma once

#include <memory>
#include <span>
#include <vector>

#include "sandbox/jail.h"
#include "sandbox/result_cache.h"
#include "sandbox/sandbox.h"
#include "search/base/params.h"
#include "search/base/status.h"

namespace ponder::sandbox {

struct PoolOptions {
  int workers = 2;
  int64_t cache_entries = 1 << 16;
  JailOptions jail;  // jail.slots is set to `workers`

  void Bind(ParamBinder& b);
  Status Validate() const;
};

class SandboxPool {
 public:
  static StatusOr<std::unique_ptr<SandboxPool>> Create(const PoolOptions& options);
  ~SandboxPool();

  std::vector<StatusOr<RunResult>> RunBatch(std::span<const RunRequest> requests);
  StatusOr<RunResult> Run(const RunRequest& request);

  CacheStats cache_stats() const { return cache_.stats(); }
  const Sandbox& sandbox() const { return *sandbox_; }
  int workers() const { return options_.workers; }

 private:
  class Impl;
  SandboxPool(PoolOptions options, std::unique_ptr<Sandbox> sandbox);
  StatusOr<RunResult> RunCached(const RunRequest& request);

  PoolOptions options_;
  std::unique_ptr<Sandbox> sandbox_;
  ResultCache cache_;
  std::unique_ptr<Impl> impl_;
};

}  // namespace ponder::sandbox
