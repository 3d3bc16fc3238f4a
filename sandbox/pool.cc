#include "sandbox/pool.h"

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>

#include <condition_variable>
#include <mutex>

namespace ponder::sandbox {

// The arena, and the free slots: a running job holds one so no two jobs share a uid.
class SandboxPool::Impl {
 public:
  explicit Impl(int workers) : arena(workers) {
    for (int slot = workers - 1; slot >= 0; --slot) free_slots_.push_back(slot);
  }

  int AcquireSlot() {
    std::unique_lock<std::mutex> lock(mu_);
    available_.wait(lock, [&] { return !free_slots_.empty(); });
    int slot = free_slots_.back();
    free_slots_.pop_back();
    return slot;
  }
  void ReleaseSlot(int slot) {
    {
      std::lock_guard<std::mutex> lock(mu_);
      free_slots_.push_back(slot);
    }
    available_.notify_one();
  }

  tbb::task_arena arena;

 private:
  std::mutex mu_;
  std::condition_variable available_;
  std::vector<int> free_slots_;
};

void PoolOptions::Bind(ParamBinder& b) {
  b.Int("workers", &workers, 1, 1024, "programs running at once");
  b.Int64("cache_entries", &cache_entries, 0, int64_t{1} << 32, "results kept in the cache");
  jail.Bind(b);
}

Status PoolOptions::Validate() const {
  if (workers < 1) return InvalidArgumentError("workers must be at least 1");
  if (cache_entries < 0) return InvalidArgumentError("cache_entries must not be negative");
  JailOptions with_slots = jail;
  with_slots.slots = workers;
  return with_slots.Validate();
}

SandboxPool::SandboxPool(PoolOptions options, std::unique_ptr<Sandbox> sandbox)
    : options_(std::move(options)),
      sandbox_(std::move(sandbox)),
      cache_(static_cast<size_t>(options_.cache_entries)),
      impl_(std::make_unique<Impl>(options_.workers)) {}

SandboxPool::~SandboxPool() = default;

StatusOr<std::unique_ptr<SandboxPool>> SandboxPool::Create(const PoolOptions& options) {
  PONDER_RETURN_IF_ERROR(options.Validate());
  JailOptions jail = options.jail;
  jail.slots = options.workers;
  PONDER_ASSIGN_OR_RETURN(std::unique_ptr<Sandbox> sandbox, Sandbox::Create(jail));
  return std::unique_ptr<SandboxPool>(new SandboxPool(options, std::move(sandbox)));
}

StatusOr<RunResult> SandboxPool::RunCached(const RunRequest& request) {
  if (request.language == nullptr || request.tests == nullptr) {
    return InvalidArgumentError("a sandbox run needs a language and tests");
  }
  const std::string key =
      CacheKey(*request.language, request.program, *request.tests, request.limits);
  return cache_.GetOrCompute(key, [&]() -> StatusOr<RunResult> {
    const int slot = impl_->AcquireSlot();
    StatusOr<RunResult> result = sandbox_->Run(request, slot);
    impl_->ReleaseSlot(slot);
    return result;
  });
}

std::vector<StatusOr<RunResult>> SandboxPool::RunBatch(std::span<const RunRequest> requests) {
  std::vector<StatusOr<RunResult>> results(requests.size(),
                                           StatusOr<RunResult>(InternalError("not run")));
  impl_->arena.execute([&] {
    tbb::parallel_for(tbb::blocked_range<size_t>(0, requests.size(), 1),
                      [&](const tbb::blocked_range<size_t>& range) {
                        for (size_t i = range.begin(); i != range.end(); ++i) {
                          results[i] = RunCached(requests[i]);
                        }
                      });
  });
  return results;
}

StatusOr<RunResult> SandboxPool::Run(const RunRequest& request) {
  return std::move(RunBatch(std::span<const RunRequest>(&request, 1)).front());
}

}  // namespace ponder::sandbox
