// Limits: what one program run may use. Part of the result-cache key, so two
// runs under different limits never share a result.
//
// Plain value; Bind/Validate follow search/base/params.h.
#pragma once

#include <cstdint>

#include "search/base/params.h"

namespace ponder::sandbox {

struct Limits {
  double time_limit_s = 4.0;         // wall clock per test (APPS's harness uses 4 s)
  double total_time_limit_s = 60.0;  // wall clock for the compile step and all tests together
  int64_t memory_mb = 1024;          // address space per process (RLIMIT_AS; also RLIMIT_STACK)
  // Memory of all the run's processes together (a memory cgroup; docs/sandbox.md). 0: twice
  // memory_mb.
  int64_t run_memory_mb = 0;
  int64_t output_limit_bytes = int64_t{16} << 20;  // stdout (or return value) per test
  int max_processes = 32;     // processes and threads of the run (RLIMIT_NPROC)
  int64_t file_size_mb = 16;  // largest file the program may write (RLIMIT_FSIZE)
  int open_files = 64;        // RLIMIT_NOFILE
  int64_t scratch_mb = 16;    // size of the writable /tmp (a tmpfs inside the sandbox)

  int64_t RunMemoryMb() const { return run_memory_mb != 0 ? run_memory_mb : 2 * memory_mb; }

  void Bind(ParamBinder& b);
  Status Validate() const;
};

}  // namespace ponder::sandbox
