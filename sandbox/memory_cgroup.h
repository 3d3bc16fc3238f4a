// MemoryCgroups: one memory cgroup per slot, bounding the total memory of a run's processes.
//
// RLIMIT_AS limits each process; a run of `max_processes` processes (plus memfds and its
// /tmp) could still hold max_processes x memory_mb together. A memory cgroup counts them all.
//
// Layout: <parent>/ponder-<pid>-<n>/slot<i>, where <parent> is the runner's own memory cgroup
// (found through /proc/self/cgroup and /proc/self/mountinfo) or a directory configured as
// delegated to the runner. cgroup v1's memory controller is used where the runner's memory
// cgroup is on one; otherwise the v2 unified hierarchy, whose <parent> must let its children
// have the memory controller (cgroup.subtree_control).
//
// Each run: SetLimit() before the process starts (v1 memory.limit_in_bytes, and
// memory.memsw.limit_in_bytes so swap cannot extend it; v2 memory.max, memory.swap.max 0);
// the jailed child writes "0" to entry_fd() before anything else (jail_child.cc), so it and
// everything it forks are inside; Finish() afterwards kills what is left in the cgroup and
// says whether the kernel's OOM killer fired in it (v1: oom_kill in memory.oom_control, v2:
// oom_kill in memory.events). The slot's cgroup is reused by its next run; the destructor
// removes every directory it made.
//
// Thread-safety: calls for different slots may run concurrently; one slot is used by one
// thread at a time. Create and the destructor are not concurrent with anything.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "sandbox/unique_fd.h"
#include "search/base/status.h"

namespace ponder::sandbox {

enum class CgroupVersion : uint8_t { kV1, kV2 };

struct CgroupLocation {
  CgroupVersion version = CgroupVersion::kV1;
  std::string dir;  // the cgroup's directory, e.g. /sys/fs/cgroup/memory/<path>
};

// The runner's memory cgroup from the text of /proc/self/cgroup and /proc/self/mountinfo:
// cgroup v1's memory hierarchy when there is one, else the v2 unified hierarchy. The error
// says why neither is reachable (no memory controller, hierarchy not mounted here, cgroup
// outside the mounted part).
StatusOr<CgroupLocation> LocateMemoryCgroup(std::string_view proc_self_cgroup,
                                            std::string_view mountinfo);

class MemoryCgroups {
 public:
  // Makes the slots' cgroups under `parent` ("" for the runner's own memory cgroup) and checks
  // that their limits, membership and OOM counters can be written and read. The error names
  // the directory or file and the reason (a read-only cgroup file system, no memory
  // controller, a v2 parent holding processes, ...).
  static StatusOr<std::unique_ptr<MemoryCgroups>> Create(const std::string& parent, int slots);
  // Kills whatever is left in the slots and removes the directories.
  ~MemoryCgroups();
  MemoryCgroups(const MemoryCgroups&) = delete;
  MemoryCgroups& operator=(const MemoryCgroups&) = delete;

  CgroupVersion version() const { return version_; }
  // ponder-<pid>-<n>, holding one cgroup per slot; <n> counts this process's MemoryCgroups
  // and skips names that already exist (a stale directory of an earlier runner with this pid).
  const std::string& dir() const { return dir_; }
  std::string slot_dir(int slot) const;

  // Bounds the slot's total memory (no swap beyond it); writes nothing when unchanged.
  Status SetLimit(int slot, int64_t bytes);
  // Writing "0" here moves the writing process into the slot's cgroup (v1 `tasks`: a process
  // moving its only thread itself skips the global lock a move by pid takes, which waits an
  // RCU grace period, ~11 ms here; v2 `cgroup.procs`). Close-on-exec, numbered at least 10.
  int entry_fd(int slot) const { return slots_[static_cast<size_t>(slot)].entry.get(); }
  // After a run: kills whatever is still in the slot's cgroup, waits until it is empty, and
  // returns whether the kernel's OOM killer killed a process there since the last call.
  StatusOr<bool> Finish(int slot);

 private:
  struct Slot {
    std::string dir;
    UniqueFd entry;
    int64_t limit_bytes = -1;  // as last written
    int64_t oom_kills = 0;     // the counter as last read
  };
  MemoryCgroups(CgroupVersion version, std::string dir);
  Status AddSlot();
  StatusOr<int64_t> OomKills(const Slot& slot) const;
  Status Empty(const Slot& slot) const;

  CgroupVersion version_;
  std::string dir_;
  std::vector<Slot> slots_;
  bool swap_limit_ = false;  // v1: memory.memsw.limit_in_bytes exists (swap accounting on)
};

}  // namespace ponder::sandbox
