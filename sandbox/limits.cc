#include "sandbox/limits.h"

#include <cstdio>
#include <string>

namespace ponder::sandbox {
namespace {

// Upper bounds, for Bind and Validate alike: past them the conversions to bytes and whole
// seconds overflow.
constexpr double kMaxTimeLimitS = 3600;
constexpr double kMaxTotalTimeLimitS = 86400;
constexpr int64_t kMaxMemoryMb = int64_t{1} << 20;
constexpr int64_t kMaxOutputBytes = int64_t{1} << 32;
constexpr int kMaxProcesses = 4096;
constexpr int64_t kMaxFileSizeMb = int64_t{1} << 20;
constexpr int kMaxOpenFiles = 1 << 20;
constexpr int64_t kMaxScratchMb = int64_t{1} << 16;

}  // namespace

void Limits::Bind(ParamBinder& b) {
  b.Double("time_limit_s", &time_limit_s, 0.01, kMaxTimeLimitS,
           "wall-clock limit per test, seconds");
  b.Double("total_time_limit_s", &total_time_limit_s, 0.01, kMaxTotalTimeLimitS,
           "wall-clock limit for compiling and running all tests of one program, seconds");
  b.Int64("memory_mb", &memory_mb, 16, kMaxMemoryMb, "address space per process, MiB");
  b.Int64("run_memory_mb", &run_memory_mb, 0, kMaxMemoryMb,
          "memory of all of a run's processes together, MiB (0: twice memory_mb)");
  b.Int64("output_limit_bytes", &output_limit_bytes, 1, kMaxOutputBytes,
          "stdout (or return value) bytes per test");
  b.Int("max_processes", &max_processes, 1, kMaxProcesses, "processes and threads per run");
  b.Int64("file_size_mb", &file_size_mb, 0, kMaxFileSizeMb,
          "largest file a program may write, MiB");
  b.Int("open_files", &open_files, 8, kMaxOpenFiles, "open file descriptors per process");
  b.Int64("scratch_mb", &scratch_mb, 1, kMaxScratchMb, "size of the writable /tmp, MiB");
}

Status Limits::Validate() const {
  if (!(time_limit_s > 0) || !(total_time_limit_s > 0)) {
    return InvalidArgumentError("time_limit_s and total_time_limit_s must be positive");
  }
  if (memory_mb < 16) {
    return InvalidArgumentError("memory_mb must be at least 16 (got " + std::to_string(memory_mb) +
                                "): no interpreter starts in less");
  }
  if (run_memory_mb != 0 && run_memory_mb < 16) {
    return InvalidArgumentError("run_memory_mb must be 0 (twice memory_mb) or at least 16 (got " +
                                std::to_string(run_memory_mb) + ")");
  }
  if (output_limit_bytes < 1 || max_processes < 1 || open_files < 8 || file_size_mb < 0 ||
      scratch_mb < 1) {
    return InvalidArgumentError(
        "output_limit_bytes, max_processes and scratch_mb must be positive, open_files at least "
        "8 and file_size_mb not negative");
  }
  // Also for limits set in code or on the command line, where Bind's checks do not run (a huge
  // memory_mb overflowed into no limit at all).
  struct Range {
    const char* name;
    double value, max;
  };
  const Range ranges[] = {
      {"time_limit_s", time_limit_s, kMaxTimeLimitS},
      {"total_time_limit_s", total_time_limit_s, kMaxTotalTimeLimitS},
      {"memory_mb", static_cast<double>(memory_mb), kMaxMemoryMb},
      {"run_memory_mb", static_cast<double>(run_memory_mb), kMaxMemoryMb},
      {"output_limit_bytes", static_cast<double>(output_limit_bytes), kMaxOutputBytes},
      {"max_processes", static_cast<double>(max_processes), kMaxProcesses},
      {"file_size_mb", static_cast<double>(file_size_mb), kMaxFileSizeMb},
      {"open_files", static_cast<double>(open_files), kMaxOpenFiles},
      {"scratch_mb", static_cast<double>(scratch_mb), kMaxScratchMb},
  };
  auto number = [](double v) {
    char text[32];
    snprintf(text, sizeof text, "%.15g", v);
    return std::string(text);
  };
  for (const Range& r : ranges) {
    if (!(r.value <= r.max)) {
      return InvalidArgumentError(std::string(r.name) + " must be at most " + number(r.max) +
                                  " (got " + number(r.value) + ")");
    }
  }
  return OkStatus();
}

}  // namespace ponder::sandbox
