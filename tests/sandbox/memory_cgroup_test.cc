// The memory cgroup layer: finding the runner's memory cgroup, the slots' cgroups on this
// machine (their limits, OOM counters, emptying and removal), the run_memory_mb limit, and
// the report when the layer is unavailable. fork_memory.py in hostile_test.cc runs it end to
// end through the sandbox.
#include "sandbox/memory_cgroup.h"

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <sstream>

#include "sandbox/jail.h"
#include "sandbox/limits.h"
#include "sandbox/sandbox.h"
#include "tests/sandbox/sandbox_test_env.h"

namespace ponder::sandbox {
namespace {

using testing::ReadTextFile;
using testing::SandboxTestEnv;

// /proc/self/mountinfo of a machine like this one: cgroup v1 controllers, and the v2
// hierarchy beside them without controllers.
constexpr const char* kHybridMounts =
    "31 23 0:28 / /sys/fs/cgroup rw,relatime - tmpfs tmpfs rw,mode=755\n"
    "32 31 0:29 / /sys/fs/cgroup/cpu rw,relatime - cgroup cgroup rw,cpu\n"
    "35 31 0:32 / /sys/fs/cgroup/memory rw,relatime - cgroup cgroup rw,memory\n"
    "39 31 0:36 / /sys/fs/cgroup/pids rw,relatime - cgroup cgroup rw,pids\n"
    "41 31 0:38 / /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw\n";

TEST(LocateMemoryCgroupTest, CgroupV1MemoryHierarchy) {
  auto found = LocateMemoryCgroup(
      "9:name=systemd:/\n8:pids:/\n4:memory:/process_api/abc\n1:cpu:/\n0::/\n", kHybridMounts);
  ASSERT_TRUE(found.ok()) << found.status().ToString();
  EXPECT_EQ(found->version, CgroupVersion::kV1);
  EXPECT_EQ(found->dir, "/sys/fs/cgroup/memory/process_api/abc");
}

TEST(LocateMemoryCgroupTest, CgroupV2WhenNoV1HierarchyHasMemory) {
  auto found = LocateMemoryCgroup(
      "0::/user.slice/session-3.scope\n",
      "25 22 0:23 / /sys/fs/cgroup rw,nosuid,nodev,noexec,relatime shared:4 - cgroup2 cgroup2 "
      "rw,nsdelegate,memory_recursiveprot\n");
  ASSERT_TRUE(found.ok()) << found.status().ToString();
  EXPECT_EQ(found->version, CgroupVersion::kV2);
  EXPECT_EQ(found->dir, "/sys/fs/cgroup/user.slice/session-3.scope");

  // The runner in the hierarchy's root.
  auto root = LocateMemoryCgroup("0::/\n", kHybridMounts);
  ASSERT_TRUE(root.ok()) << root.status().ToString();
  EXPECT_EQ(root->dir, "/sys/fs/cgroup/unified");
}

TEST(LocateMemoryCgroupTest, MountOfPartOfTheHierarchyAndEscapedPaths) {
  // A container that sees only its own part of the hierarchy, mounted at a path with a space.
  auto found = LocateMemoryCgroup(
      "5:memory,hugetlb:/docker/c1/job\n",
      "40 31 0:32 /docker/c1 /cg\\040mem rw - cgroup cgroup rw,hugetlb,memory\n");
  ASSERT_TRUE(found.ok()) << found.status().ToString();
  EXPECT_EQ(found->dir, "/cg mem/job");
  auto at_root = LocateMemoryCgroup("5:memory:/docker/c1\n",
                                    "40 31 0:32 /docker/c1 /cg rw - cgroup cgroup rw,memory\n");
  ASSERT_TRUE(at_root.ok()) << at_root.status().ToString();
  EXPECT_EQ(at_root->dir, "/cg");
}

TEST(LocateMemoryCgroupTest, ErrorsSayWhy) {
  auto none = LocateMemoryCgroup("8:pids:/\n1:cpu:/\n", kHybridMounts);
  EXPECT_EQ(none.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_NE(none.status().message().find("/proc/self/cgroup"), std::string::npos);

  auto unmounted = LocateMemoryCgroup(
      "4:memory:/a\n", "32 31 0:29 / /sys/fs/cgroup/cpu rw - cgroup cgroup rw,cpu\n");
  EXPECT_NE(unmounted.status().message().find("cgroup v1's memory hierarchy is not mounted"),
            std::string::npos)
      << unmounted.status().message();

  // Mounted, but only another branch of the hierarchy (and /docker/c10 is not under /docker/c1).
  auto elsewhere = LocateMemoryCgroup("4:memory:/docker/c10\n",
                                      "40 31 0:32 /docker/c1 /cg rw - cgroup cgroup rw,memory\n");
  EXPECT_NE(elsewhere.status().message().find("/docker/c10"), std::string::npos)
      << elsewhere.status().message();
}

// Allocates `bytes` and writes every page, through a volatile pointer so the compiler keeps it.
void HoldResident(size_t bytes) {
  volatile char* block = static_cast<volatile char*>(malloc(bytes));
  if (block == nullptr) _exit(2);
  for (size_t i = 0; i < bytes; i += 4096) block[i] = 1;
}

// The slots' cgroups on this machine; skipped where the runner cannot make them.
class MemoryCgroupsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto made = MemoryCgroups::Create("", 2);
    if (!made.ok()) GTEST_SKIP() << made.status().ToString();
    cgroups_ = std::move(*made);
  }

  // Forks a process that joins `slot` as the jail's child does, then runs `body`; returns its
  // wait status.
  template <typename Body>
  int RunInSlot(int slot, Body body) {
    const pid_t pid = fork();
    if (pid == 0) {
      if (write(cgroups_->entry_fd(slot), "0", 1) != 1) _exit(3);
      body();
      _exit(0);
    }
    int status = 0;
    waitpid(pid, &status, 0);
    return status;
  }

  SandboxTestEnv env_;
  std::unique_ptr<MemoryCgroups> cgroups_;
};

TEST_F(MemoryCgroupsTest, OneCgroupPerSlotWithItsLimitRemovedAtTheEnd) {
  const std::string dir = cgroups_->dir();
  EXPECT_EQ(std::filesystem::path(dir).filename().string().rfind(
                "ponder-" + std::to_string(getpid()) + "-", 0),
            0u)
      << dir;
  ASSERT_TRUE(cgroups_->SetLimit(1, int64_t{48} << 20).ok());
  const std::string limit_file =
      cgroups_->version() == CgroupVersion::kV1 ? "/memory.limit_in_bytes" : "/memory.max";
  EXPECT_EQ(ReadTextFile(cgroups_->slot_dir(1) + limit_file), std::to_string(48 << 20) + "\n");
  // Raising it again keeps memory + swap (v1) in step.
  ASSERT_TRUE(cgroups_->SetLimit(1, int64_t{96} << 20).ok());
  EXPECT_EQ(ReadTextFile(cgroups_->slot_dir(1) + limit_file), std::to_string(96 << 20) + "\n");
  if (std::filesystem::exists(cgroups_->slot_dir(1) + "/memory.memsw.limit_in_bytes")) {
    EXPECT_EQ(ReadTextFile(cgroups_->slot_dir(1) + "/memory.memsw.limit_in_bytes"),
              std::to_string(96 << 20) + "\n");
  }
  EXPECT_EQ(env_.LeftoverCgroups(), std::vector<std::string>{dir});
  cgroups_.reset();
  EXPECT_FALSE(std::filesystem::exists(dir));
  EXPECT_EQ(env_.LeftoverCgroups(), std::vector<std::string>{});
}

// A runner killed outright leaves its ponder-<pid>-<n> behind; when its pid comes round again
// the new runner's names collide with it. Those names are skipped, and left alone.
TEST_F(MemoryCgroupsTest, ANameLeftByAnEarlierRunnerOfThisPidIsSkipped) {
  const std::filesystem::path made(cgroups_->dir());
  const std::string prefix = "ponder-" + std::to_string(getpid()) + "-";
  const int n = std::stoi(made.filename().string().substr(prefix.size()));
  std::vector<std::string> stale;
  for (int i = 1; i <= 2; ++i) {
    stale.push_back(made.parent_path() / (prefix + std::to_string(n + i)));
    ASSERT_EQ(mkdir(stale.back().c_str(), 0755), 0) << stale.back() << ": " << strerror(errno);
  }
  auto next = MemoryCgroups::Create("", 1);
  for (const std::string& dir : stale) {
    EXPECT_TRUE(std::filesystem::exists(dir)) << dir;
    EXPECT_EQ(rmdir(dir.c_str()), 0) << dir << ": " << strerror(errno);
  }
  ASSERT_TRUE(next.ok()) << next.status().ToString();
  EXPECT_EQ((*next)->dir(), made.parent_path() / (prefix + std::to_string(n + 3)));
  EXPECT_TRUE(std::filesystem::exists((*next)->slot_dir(0)));
}

// Create failing part way (out of descriptors for the slots' entry files) removes what it made.
TEST_F(MemoryCgroupsTest, CreateFailingPartWayLeavesNoDirectory) {
  const pid_t pid = fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {  // a process of its own, so the descriptor limit and the name are its own
    const rlimit few{24, 24};
    if (setrlimit(RLIMIT_NOFILE, &few) != 0) _exit(2);
    auto made = MemoryCgroups::Create("", 40);
    if (made.ok()) _exit(3);
    if (made.status().message().find("Too many open files") == std::string::npos) _exit(4);
    _exit(env_.LeftoverCgroups().empty() ? 0 : 5);
  }
  int status = 0;
  ASSERT_EQ(waitpid(pid, &status, 0), pid);
  // 3: made 40 slots anyway, 4: failed for another reason, 5: left a directory.
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << "wait status " << status;
}

TEST_F(MemoryCgroupsTest, OverrunIsKilledAndCountedOnce) {
  ASSERT_TRUE(cgroups_->SetLimit(0, int64_t{32} << 20).ok());
  const int overrun = RunInSlot(0, [] { HoldResident(size_t{96} << 20); });
  EXPECT_TRUE(WIFSIGNALED(overrun) && WTERMSIG(overrun) == SIGKILL) << overrun;
  auto fired = cgroups_->Finish(0);
  ASSERT_TRUE(fired.ok()) << fired.status().ToString();
  EXPECT_TRUE(*fired);

  const int modest = RunInSlot(0, [] { HoldResident(size_t{4} << 20); });
  EXPECT_TRUE(WIFEXITED(modest) && WEXITSTATUS(modest) == 0) << modest;
  fired = cgroups_->Finish(0);
  ASSERT_TRUE(fired.ok()) << fired.status().ToString();
  EXPECT_FALSE(*fired);  // the counter moved once, for the first run
}

TEST_F(MemoryCgroupsTest, FinishKillsWhatIsLeftInTheCgroup) {
  int ready[2];
  ASSERT_EQ(pipe(ready), 0);
  const pid_t pid = fork();
  if (pid == 0) {
    if (write(cgroups_->entry_fd(1), "0", 1) != 1) _exit(3);
    if (write(ready[1], "r", 1) != 1) _exit(4);
    pause();
    _exit(0);
  }
  close(ready[1]);
  char byte = 0;
  ASSERT_EQ(read(ready[0], &byte, 1), 1);
  close(ready[0]);
  EXPECT_NE(ReadTextFile(cgroups_->slot_dir(1) + "/cgroup.procs"), "");
  auto fired = cgroups_->Finish(1);
  ASSERT_TRUE(fired.ok()) << fired.status().ToString();
  EXPECT_FALSE(*fired);
  int status = 0;
  ASSERT_EQ(waitpid(pid, &status, 0), pid);
  EXPECT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL) << status;
  EXPECT_EQ(ReadTextFile(cgroups_->slot_dir(1) + "/cgroup.procs"), "");
}

TEST(MemoryCgroupsConfigTest, ParentMustBeAMemoryCgroupDirectory) {
  auto not_cgroup = MemoryCgroups::Create("/tmp", 1);
  EXPECT_EQ(not_cgroup.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(not_cgroup.status().message().find("cgroup_parent /tmp is not"), std::string::npos)
      << not_cgroup.status().message();
  auto missing = MemoryCgroups::Create("/nonexistent-ponder-cgroup", 1);
  EXPECT_NE(missing.status().message().find("/nonexistent-ponder-cgroup"), std::string::npos);

  JailOptions relative;
  relative.cgroup_parent = "sys/fs/cgroup";
  EXPECT_EQ(relative.Validate().code(), StatusCode::kInvalidArgument);
}

// A cgroup v2 hierarchy mounted here, if any: its mount point from /proc/self/mountinfo.
std::string CgroupV2MountPoint() {
  std::istringstream lines(ReadTextFile("/proc/self/mountinfo"));
  std::string line;
  while (std::getline(lines, line)) {
    if (line.find(" - cgroup2 ") == std::string::npos) continue;
    std::istringstream fields(line);
    std::string field;
    for (int i = 0; i < 5; ++i) fields >> field;
    return field;
  }
  return "";
}

// A hybrid machine like this one: the v2 hierarchy exists but the memory controller is on v1.
// A cgroup of the test's own there is refused as cgroup_parent, saying why.
TEST(MemoryCgroupsConfigTest, V2ParentWithoutMemoryControllerIsRefused) {
  const std::string v2 = CgroupV2MountPoint();
  if (v2.empty()) GTEST_SKIP() << "no cgroup v2 hierarchy mounted";
  std::istringstream controllers(ReadTextFile(v2 + "/cgroup.controllers"));
  for (std::string c; controllers >> c;) {
    if (c == "memory") GTEST_SKIP() << "v2 has the memory controller here";
  }
  const std::string parent = v2 + "/ponder-test-" + std::to_string(getpid());
  if (mkdir(parent.c_str(), 0755) != 0)
    GTEST_SKIP() << "mkdir " << parent << ": " << strerror(errno);
  auto refused = MemoryCgroups::Create(parent, 1);
  EXPECT_EQ(rmdir(parent.c_str()), 0) << strerror(errno);  // nothing was made inside
  ASSERT_FALSE(refused.ok());
  EXPECT_NE(refused.status().message().find("cgroup v2: the memory controller is not available "
                                            "to children of " +
                                            parent),
            std::string::npos)
      << refused.status().message();
  // It says why, rather than the bare ENOENT that writing "+memory" there gets.
  EXPECT_NE(refused.status().message().find(parent + "/cgroup.controllers lacks memory"),
            std::string::npos)
      << refused.status().message();
}

TEST(RunMemoryLimitTest, DefaultsToTwiceMemoryMbAndIsValidated) {
  Limits limits;
  EXPECT_EQ(limits.RunMemoryMb(), 2048);
  limits.memory_mb = 256;
  EXPECT_EQ(limits.RunMemoryMb(), 512);
  limits.run_memory_mb = 300;
  EXPECT_EQ(limits.RunMemoryMb(), 300);
  EXPECT_TRUE(limits.Validate().ok());
  limits.run_memory_mb = 8;
  EXPECT_NE(limits.Validate().message().find("run_memory_mb"), std::string::npos);
  limits.run_memory_mb = int64_t{1} << 40;
  EXPECT_NE(limits.Validate().message().find("run_memory_mb must be at most"), std::string::npos);
}

// Where the layer cannot be had, the jail says so (once on stderr through the sandbox), with
// what stays unguarded, and runs with the other layers; require_all refuses instead.
TEST(MemoryCgroupLayerTest, UnavailableLayerIsReportedNotSilent) {
  SandboxTestEnv env;
  JailOptions options = env.jail_options(1);
  options.cgroup_parent = "/tmp";  // not a cgroup
  ::testing::internal::CaptureStderr();
  auto sandbox = Sandbox::Create(options);
  const std::string stderr_text = ::testing::internal::GetCapturedStderr();
  ASSERT_TRUE(sandbox.ok()) << sandbox.status().ToString();
  const Jail& jail = (*sandbox)->jail();
  EXPECT_FALSE(jail.active().memory_cgroup);
  EXPECT_EQ(jail.memory_cgroups(), nullptr);
  EXPECT_NE(jail.Report().find("memory cgroup (cgroup_parent /tmp is not"), std::string::npos)
      << jail.Report();
  EXPECT_NE(jail.Report().find("a run's total memory is not bounded"), std::string::npos);
  EXPECT_NE(stderr_text.find("memory cgroup"), std::string::npos) << stderr_text;

  options.policy = IsolationPolicy::kRequireAll;
  auto strict = Jail::Create(options);
  EXPECT_EQ(strict.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_NE(strict.status().message().find("memory cgroup"), std::string::npos);
}

}  // namespace
}  // namespace ponder::sandbox
