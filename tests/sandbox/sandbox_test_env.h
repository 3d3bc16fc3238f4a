// What the sandbox tests share: a temporary directory and a uid range of their own (so test
// processes running in parallel never see each other's runs), and the leftover checks that
// follow every hostile program.
#pragma once

#include <sys/types.h>

#include <string>
#include <vector>

#include "sandbox/jail.h"
#include "sandbox/limits.h"

namespace ponder::sandbox::testing {

class SandboxTestEnv {
 public:
  SandboxTestEnv();
  ~SandboxTestEnv();
  SandboxTestEnv(const SandboxTestEnv&) = delete;
  SandboxTestEnv& operator=(const SandboxTestEnv&) = delete;

  const std::string& temp_dir() const { return temp_dir_; }
  int64_t first_uid() const { return first_uid_; }
  JailOptions jail_options(int slots) const;

  // Live (non-zombie) processes whose real uid is one of the first `slots` slot uids, after
  // waiting up to 2 s for killed ones to finish dying.
  std::vector<pid_t> LeftoverProcesses(int slots) const;
  // Entries left in temp_dir (run directories not removed).
  std::vector<std::string> LeftoverFiles() const;
  // Memory cgroups this test process made (ponder-<pid>-*) that are still there, in the
  // runner's own memory cgroup; none where it has none.
  std::vector<std::string> LeftoverCgroups() const;

 private:
  std::string temp_dir_;
  int64_t first_uid_;
};

// Small limits that make hostile programs end quickly.
Limits HostileLimits();

std::string ReadTextFile(const std::string& path);

}  // namespace ponder::sandbox::testing
