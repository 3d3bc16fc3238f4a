// Clock: where the search reads time, so wall-time budgets can be tested with a manual clock.
//
// Thread-safety: SteadyClock is safe from any thread; ManualClock is not.
#pragma once

#include <chrono>
#include <cstdint>

namespace ponder {

class Clock {
 public:
  virtual ~Clock() = default;
  virtual int64_t NowMicros() const = 0;
};

class SteadyClock final : public Clock {
 public:
  int64_t NowMicros() const override {
    return std::chrono::duration_cast<std::chrono::microseconds>(
               std::chrono::steady_clock::now().time_since_epoch())
        .count();
  }
  // The process-wide instance.
  static const SteadyClock& Get() {
    static const SteadyClock clock;
    return clock;
  }
};

// Time moves only when a test advances it.
class ManualClock final : public Clock {
 public:
  int64_t NowMicros() const override { return now_us_; }
  void Advance(int64_t micros) { now_us_ += micros; }

 private:
  int64_t now_us_ = 0;
};

}  // namespace ponder
