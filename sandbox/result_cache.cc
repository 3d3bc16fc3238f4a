#include "sandbox/result_cache.h"

#include <cstdio>

#include "sandbox/sha256.h"

namespace ponder::sandbox {
namespace {

std::string Number(double value) {
  char buffer[40];
  snprintf(buffer, sizeof buffer, "%.17g", value);
  return buffer;
}

}  // namespace

std::string CacheKey(const LanguageSpec& language, std::string_view program, const TestSuite& tests,
                     const Limits& limits) {
  Sha256 h;
  h.UpdateField(language.name);
  h.UpdateField(language.source_file);
  for (const auto& [name, contents] : language.support_files) {
    h.UpdateField(name);
    h.UpdateField(contents);
  }
  for (const auto* list :
       {&language.env, &language.compile_argv, &language.run_argv, &language.call_argv}) {
    h.UpdateField(std::to_string(list->size()));
    for (const std::string& s : *list) h.UpdateField(s);
  }
  h.UpdateField(program);
  h.UpdateField(tests.fingerprint());
  for (double v : {limits.time_limit_s, limits.total_time_limit_s}) h.UpdateField(Number(v));
  for (int64_t v :
       {limits.memory_mb, limits.output_limit_bytes, int64_t{limits.max_processes},
        limits.file_size_mb, int64_t{limits.open_files}, limits.scratch_mb, limits.RunMemoryMb()}) {
    h.UpdateField(std::to_string(v));
  }
  return h.HexDigest();
}

StatusOr<RunResult> ResultCache::GetOrCompute(const std::string& key,
                                              const std::function<StatusOr<RunResult>()>& compute) {
  std::unique_lock<std::mutex> lock(mu_);
  if (auto it = entries_.find(key); it != entries_.end()) {
    ++hits_;
    Future found = it->second;
    lock.unlock();
    return found.get();
  }
  ++misses_;
  std::promise<StatusOr<RunResult>> promise;
  entries_.emplace(key, promise.get_future().share());
  insertion_order_.push_back(key);
  while (insertion_order_.size() > max_entries_) {
    entries_.erase(insertion_order_.front());
    insertion_order_.pop_front();
  }
  lock.unlock();

  // Computed outside the lock; requests for the same key wait on the shared future.
  StatusOr<RunResult> result = compute();
  promise.set_value(result);
  if (!result.ok()) {
    lock.lock();
    entries_.erase(key);
    std::erase(insertion_order_, key);
  }
  return result;
}

CacheStats ResultCache::stats() const {
  std::lock_guard<std::mutex> lock(mu_);
  return {hits_, misses_, static_cast<int64_t>(entries_.size())};
}

}  // namespace ponder::sandbox
