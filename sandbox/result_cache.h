// ResultCache: run results keyed by a SHA-256 of (language, program, tests, limits), so a
// search that scores the same program again (PG-TD does, often) never runs it twice.
//
// A request for a key that is being computed waits for that computation instead of
// starting another. Errors (the sandbox failing, not the program) reach every waiter but are
// not kept. When full, the oldest entry goes first.
//
// Thread-safety: all methods may be called concurrently.
#pragma once

#include <cstdint>
#include <deque>
#include <functional>
#include <future>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

#include "sandbox/language.h"
#include "sandbox/limits.h"
#include "sandbox/test_suite.h"
#include "sandbox/verdict.h"
#include "search/base/status.h"

namespace ponder::sandbox {

struct CacheStats {
  int64_t hits = 0;    // answered from the cache or by waiting for an identical run in flight
  int64_t misses = 0;  // runs started
  int64_t entries = 0;
  double hit_rate() const {
    return hits + misses == 0 ? 0.0
                              : static_cast<double>(hits) / static_cast<double>(hits + misses);
  }
};

std::string CacheKey(const LanguageSpec& language, std::string_view program, const TestSuite& tests,
                     const Limits& limits);

class ResultCache {
 public:
  explicit ResultCache(size_t max_entries) : max_entries_(max_entries) {}

  StatusOr<RunResult> GetOrCompute(const std::string& key,
                                   const std::function<StatusOr<RunResult>()>& compute);
  CacheStats stats() const;

 private:
  using Future = std::shared_future<StatusOr<RunResult>>;

  const size_t max_entries_;
  mutable std::mutex mu_;
  std::unordered_map<std::string, Future> entries_;
  std::deque<std::string> insertion_order_;
  int64_t hits_ = 0;
  int64_t misses_ = 0;
};

}  // namespace ponder::sandbox
