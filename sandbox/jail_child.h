// Internal to the Jail: what the cloned child does between clone() and execve().
//
// The child is a copy of a multi-threaded process, so until execve it only makes system
// calls (raw ones where glibc would coordinate with threads that do not exist in the
// child, as setresuid does) and reads the plan the parent prepared. It reports a failed
// step through `report_fd` as a SetupReport and exits with status 127.
#pragma once

#include <linux/filter.h>
#include <sys/resource.h>
#include <sys/types.h>

#include <cstdint>
#include <string_view>

namespace ponder::sandbox::internal {

enum class SetupStage : int32_t {
  kNone = 0,
  kWaitForParent,  // the parent died or could not write the id maps
  kCgroup,         // moving into the slot's memory cgroup
  kMount,          // building the private root
  kIdentity,       // setgroups / setresgid / setresuid
  kLimits,         // setrlimit
  kDescriptors,    // dup2, close_range, setsid
  kSeccomp,        // no_new_privs, loading the filter
  kExec,
  kReaper,  // the reaper could not fork the program
};

std::string_view SetupStageName(SetupStage stage);

struct SetupReport {
  SetupStage stage = SetupStage::kNone;
  int32_t err = 0;  // errno
};

// What the reaper sends on its status pipe: first the program's pid (ReaperStart), then,
// once everything it left behind is gone, how it ended (ReaperEnd).
struct ReaperStart {
  pid_t program = 0;
};
struct ReaperEnd {
  int wait_status = 0;
  rusage usage{};
};

struct ChildLimit {
  __rlimit_resource_t resource{};
  rlimit value{};
};

struct ChildPlan {
  // Descriptors (all >= 10, so dup2 onto 0-3 never clobbers one still needed).
  int go_fd = -1;  // one byte arrives once the parent has written the id maps
  int report_fd = -1;
  int stdin_fd = -1, stdout_fd = -1, stderr_fd = -1;
  int channel_fd = -1;  // -1: no result channel
  int cgroup_fd = -1;   // "0" written here moves the child into its memory cgroup; -1: none

  bool mount_namespace = false;
  const char* root_dir = nullptr;         // host path of the new root's mount point
  const char* work_dir = nullptr;         // host path of the run's files
  const char* scratch_options = nullptr;  // tmpfs options for /tmp

  bool switch_identity = false;
  bool identity_first = false;  // switch ids before mounting (inside a user namespace)
  bool drop_groups = false;
  uid_t uid = 0;
  gid_t gid = 0;

  ChildLimit limits[8];
  int limit_count = 0;

  // Without a PID namespace the cloned child stays behind as a reaper: a child subreaper that
  // forks the program, reaps whatever it leaves, kills the rest when it ends (its process
  // group, and with `kill_uid` >= 0 every process of that uid) and reports on `status_fd`.
  bool reaper = false;
  int status_fd = -1;
  int64_t kill_uid = -1;

  bool seccomp = false;
  sock_fprog filter{};

  char* const* argv = nullptr;
  char* const* envp = nullptr;
};

// clone()'s entry point; `plan` points to a ChildPlan. Returns only to exit with 127.
int ChildMain(void* plan);

}  // namespace ponder::sandbox::internal
