// Jail: runs one untrusted process under every isolation layer this machine allows.
//
// The layers (docs/sandbox.md says what each one guards against):
//   namespaces  clone() with new user, PID, network, mount, IPC and UTS namespaces. Inside,
//               the process is PID 1 (when it exits the kernel kills everything it left
//               behind), sees only loopback, and sees a root of its own: /usr read-only,
//               /dev/{null,zero,random,urandom}, /work (the run's files, read-only, its
//               working directory) and /tmp (a small tmpfs); no /proc, /etc, /home or /sys.
//   uid per slot  each slot runs as its own unprivileged uid (first_uid + slot), so
//               RLIMIT_NPROC counts only that slot's processes and a cleanup can kill all
//               of them; the runner stays root. Unless first_uid is set, the jail claims a
//               block of uids no other ponder process holds (uid_block.h).
//   seccomp     seccomp_filter.h.
//   memory cgroup  each slot has a memory cgroup (memory_cgroup.h) bounding the total memory
//               of a run's processes; the kernel's OOM killer enforces it.
//   rlimits     address space, stack, CPU seconds, processes, file size, open files, no core.
//   process group  the process leads a new session; a timeout kills the whole group.
// We use clone() directly rather than bubblewrap: one fork+exec less per run (bubblewrap
// costs ~10 ms here), and rlimits, the per-slot uid and seccomp are set in the same child
// right before exec.
//
// Create() probes the machine once by running /usr/bin/true under the requested layers; a
// layer that fails is turned off and listed in unavailable(), never silently.
//
// Thread-safety: Run() may be called concurrently for different slots; a slot runs one
// process at a time. The Jail must outlive every Run().
#pragma once

#include <linux/filter.h>
#include <sys/types.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sandbox/memory_cgroup.h"
#include "sandbox/run_dir.h"
#include "sandbox/uid_block.h"
#include "search/base/params.h"
#include "search/base/status.h"

namespace ponder::sandbox {

struct Layers {
  bool user_namespace = true;
  bool pid_namespace = true;
  bool network_namespace = true;
  bool mount_namespace = true;
  bool ipc_namespace = true;  // also a UTS namespace
  bool uid_per_slot = true;
  bool seccomp = true;
  bool memory_cgroup = true;

  // "user-ns pid-ns net-ns mount-ns ipc-ns uid-per-slot seccomp memory-cgroup rlimits
  // process-group" for the layers that are on (rlimits and the process group always are).
  std::string Describe() const;
  bool operator==(const Layers&) const = default;
  bool any_namespace() const {
    return user_namespace || pid_namespace || network_namespace || mount_namespace || ipc_namespace;
  }
};

enum class IsolationPolicy : uint8_t {
  kFallBack,    // run with the layers that work, after saying which are missing
  kRequireAll,  // Create() fails when a requested layer is unavailable
};

struct JailOptions {
  std::string temp_dir = "/tmp";  // where run directories are made
  // Slot i runs as uid and gid first_uid + i; 0 claims a free block (uid_block.h) in
  // uid_lock_dir, and the jail's options() then hold the block's first uid.
  int64_t first_uid = 0;
  std::string uid_lock_dir = "/run/ponder-uids";
  int slots = 1;
  Layers layers;  // requested
  // Where the slots' memory cgroups are made: a cgroup directory delegated to the runner;
  // empty for the runner's own memory cgroup (memory_cgroup.h).
  std::string cgroup_parent;
  IsolationPolicy policy = IsolationPolicy::kFallBack;

  void Bind(ParamBinder& b);
  Status Validate() const;
};

// The limits of one process, derived from sandbox::Limits by the caller.
struct ProcessLimits {
  double wall_s = 4;
  int64_t cpu_s = 5;
  int64_t address_space_bytes = int64_t{1} << 30;
  int64_t run_memory_bytes = int64_t{2} << 30;  // all processes together (memory cgroup)
  int processes = 32;
  int64_t file_size_bytes = int64_t{16} << 20;
  int open_files = 64;
  int64_t output_bytes = int64_t{16} << 20;  // stdout, and separately the result channel
  int64_t scratch_bytes = int64_t{16} << 20;
};

struct JailedCommand {
  std::vector<std::string> argv;  // argv[0] is an absolute path inside the sandbox
  std::vector<std::string> env;   // added to the fixed environment (PATH, HOME, LANG, ...)
  std::string_view stdin_data;
  bool result_channel = false;  // file descriptor 3 is a pipe read into ProcessOutcome::channel
  ProcessLimits limits;
};

struct ProcessOutcome {
  enum class End : uint8_t { kExited, kSignaled, kWallTimeout, kOutputLimit };
  End end = End::kExited;
  int exit_code = 0;    // for kExited
  int signal = 0;       // for kSignaled
  std::string out;      // stdout, at most limits.output_bytes
  std::string err;      // the last 8 KiB of stderr
  std::string channel;  // file descriptor 3, at most limits.output_bytes
  double wall_s = 0;
  double cpu_s = 0;
  int64_t peak_rss_kb = 0;
  // The kernel's OOM killer killed a process of the run: together they reached
  // limits.run_memory_bytes (memory cgroup).
  bool out_of_memory = false;
};

class Jail {
 public:
  static StatusOr<std::unique_ptr<Jail>> Create(const JailOptions& options);
  ~Jail();

  const JailOptions& options() const { return options_; }
  const Layers& active() const { return active_; }
  // One line per requested layer that did not work here, with the reason.
  const std::vector<std::string>& unavailable() const { return unavailable_; }
  // The slots' memory cgroups, or nullptr when that layer is off.
  const MemoryCgroups* memory_cgroups() const { return cgroups_.get(); }
  // What is on, what was not available, and what that leaves unguarded: one paragraph.
  std::string Report() const;

  // Runs `command` with `dir`'s work/ as its working directory, as slot `slot`.
  StatusOr<ProcessOutcome> Run(const JailedCommand& command, const RunDir& dir, int slot) const;

 private:
  struct SetupFailure;
  Jail(JailOptions options, std::vector<sock_filter> seccomp_program);
  StatusOr<ProcessOutcome> Launch(const JailedCommand& command, const RunDir& dir, int slot,
                                  const Layers& layers, SetupFailure* failure) const;
  Status Probe();

  JailOptions options_;
  Layers active_;
  std::vector<std::string> unavailable_;
  std::vector<sock_filter> seccomp_program_;
  // Declared before cgroups_ so it is released after them: their destructor kills what is left
  // under the block's uids before another runner can claim the block.
  std::optional<UidBlock> uid_block_;       // when first_uid was claimed
  std::unique_ptr<MemoryCgroups> cgroups_;  // while the memory cgroup layer is on
  bool is_root_ = false;
};

}  // namespace ponder::sandbox
