// Internal to the Jail: reads a jailed process's stdout, stderr and result channel while it
// runs, within their caps (stdout and the channel keep their first `output_cap` bytes and
// overflow; stderr keeps its last 8 KiB).
//
// Not thread-safe; one per launched process.
#pragma once

#include <chrono>
#include <string>

#include "search/base/status.h"

namespace ponder::sandbox::internal {

class OutputSinks {
 public:
  using Clock = std::chrono::steady_clock;
  enum class Stop : uint8_t { kExited, kWallTimeout, kOutputLimit };

  // `channel_fd` is -1 without a result channel. The strings receive what is read.
  OutputSinks(int out_fd, int err_fd, int channel_fd, size_t output_cap, std::string* out,
              std::string* err, std::string* channel);

  // Reads until the process behind `pidfd` exits, `deadline` passes or a cap overflows.
  StatusOr<Stop> WatchUntil(int pidfd, Clock::time_point deadline);
  // Reads what is left, until every pipe reaches end of file or `until` passes. True when a
  // capped sink overflowed meanwhile.
  bool Drain(Clock::time_point until);

 private:
  struct Sink {
    int fd = -1;
    std::string* buffer = nullptr;
    size_t cap = 0;
    bool keep_tail = false;
    bool open = true;
    bool overflowed = false;
  };
  static void ReadSome(Sink& sink);

  Sink sinks_[3];
  int count_;
};

}  // namespace ponder::sandbox::internal
