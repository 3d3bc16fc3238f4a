#include "sandbox/limits.h"

#include <string>

namespace ponder::sandbox {

void Limits::Bind(ParamBinder& b) {
  b.Double("time_limit_s", &time_limit_s, 0.01, 3600, "wall-clock limit per test, seconds");
  b.Double("total_time_limit_s", &total_time_limit_s, 0.01, 86400,
           "wall-clock limit for compiling and running all tests of one program, seconds");
  b.Int64("memory_mb", &memory_mb, 16, 1 << 20, "address space per process, MiB");
  b.Int64("output_limit_bytes", &output_limit_bytes, 1, int64_t{1} << 32,
          "stdout (or return value) bytes per test");
  b.Int("max_processes", &max_processes, 1, 4096, "processes and threads per run");
  b.Int64("file_size_mb", &file_size_mb, 0, 1 << 20, "largest file a program may write, MiB");
  b.Int("open_files", &open_files, 8, 1 << 20, "open file descriptors per process");
  b.Int64("scratch_mb", &scratch_mb, 1, 1 << 16, "size of the writable /tmp, MiB");
}

Status Limits::Validate() const {
  if (!(time_limit_s > 0) || !(total_time_limit_s > 0)) {
    return InvalidArgumentError("time_limit_s and total_time_limit_s must be positive");
  }
  if (memory_mb < 16) {
    return InvalidArgumentError("memory_mb must be at least 16 (got " + std::to_string(memory_mb) +
                                "): no interpreter starts in less");
  }
  if (output_limit_bytes < 1 || max_processes < 1 || open_files < 8 || file_size_mb < 0 ||
      scratch_mb < 1) {
    return InvalidArgumentError(
        "output_limit_bytes, max_processes and scratch_mb must be positive, open_files at least "
        "8 and file_size_mb not negative");
  }
  return OkStatus();
}

}  // namespace ponder::sandbox
