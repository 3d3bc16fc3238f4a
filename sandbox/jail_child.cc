#include "sandbox/jail_child.h"

#include <fcntl.h>
#include <linux/close_range.h>
#include <linux/seccomp.h>
#include <signal.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/syscall.h>
#include <sys/vfs.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cerrno>

namespace ponder::sandbox::internal {
namespace {

[[noreturn]] void Fail(const ChildPlan& plan, SetupStage stage) {
  SetupReport report{stage, errno};
  ssize_t ignored = write(plan.report_fd, &report, sizeof report);
  (void)ignored;
  _exit(127);
}

// Bind mounts in a user namespace must keep the flags the original mount has locked (nosuid,
// noexec, atime), so the read-only remount repeats them.
bool RemountReadOnly(const char* target) {
  struct statfs st;
  if (statfs(target, &st) != 0) return false;
  unsigned long flags = MS_REMOUNT | MS_BIND | MS_RDONLY | MS_NOSUID | MS_NODEV;
  if (st.f_flags & ST_NOEXEC) flags |= MS_NOEXEC;
  if (st.f_flags & ST_NOATIME) flags |= MS_NOATIME;
  if (st.f_flags & ST_NODIRATIME) flags |= MS_NODIRATIME;
  if (st.f_flags & ST_RELATIME) flags |= MS_RELATIME;
  return mount(nullptr, target, nullptr, flags, nullptr) == 0;
}

bool BindReadOnly(const char* source, const char* target) {
  return mount(source, target, nullptr, MS_BIND | MS_REC, nullptr) == 0 && RemountReadOnly(target);
}

// Builds the root the program sees, then pivots into it. Runs in the new mount namespace.
bool SetUpFilesystem(const ChildPlan& plan) {
  if (mount(nullptr, "/", nullptr, MS_REC | MS_PRIVATE, nullptr) != 0) return false;
  if (mount("tmpfs", plan.root_dir, "tmpfs", MS_NOSUID | MS_NODEV, "size=1m,mode=0755") != 0) {
    return false;
  }
  if (chdir(plan.root_dir) != 0) return false;
  for (const char* dir : {"usr", "dev", "etc", "work", "tmp"}) {
    if (mkdir(dir, 0755) != 0) return false;
  }
  // Debian merges /bin, /lib and /lib64 into /usr (python3's loader is /lib64/ld-linux...).
  const char* const links[][2] = {
      {"usr/bin", "bin"}, {"usr/sbin", "sbin"}, {"usr/lib", "lib"}, {"usr/lib64", "lib64"}};
  for (const auto& link : links) {
    if (symlink(link[0], link[1]) != 0) return false;
  }
  if (!BindReadOnly("/usr", "usr")) return false;
  const char* const devices[][2] = {{"/dev/null", "dev/null"},
                                    {"/dev/zero", "dev/zero"},
                                    {"/dev/random", "dev/random"},
                                    {"/dev/urandom", "dev/urandom"}};
  for (const auto& device : devices) {
    int fd = open(device[1], O_CREAT | O_WRONLY | O_CLOEXEC, 0666);
    if (fd < 0) return false;
    close(fd);
    if (mount(device[0], device[1], nullptr, MS_BIND, nullptr) != 0) return false;
  }
  // Debian's shared-library alternatives (libblas.so.3 for numpy) point into
  // /etc/alternatives, and the loader's cache saves it searching every library directory.
  // Nothing else of /etc is shown (no passwd, no hosts).
  if (access("/etc/alternatives", F_OK) == 0) {
    if (mkdir("etc/alternatives", 0755) != 0 ||
        !BindReadOnly("/etc/alternatives", "etc/alternatives")) {
      return false;
    }
  }
  if (access("/etc/ld.so.cache", F_OK) == 0) {
    int fd = open("etc/ld.so.cache", O_CREAT | O_WRONLY | O_CLOEXEC, 0644);
    if (fd < 0) return false;
    close(fd);
    if (!BindReadOnly("/etc/ld.so.cache", "etc/ld.so.cache")) return false;
  }
  if (!BindReadOnly(plan.work_dir, "work")) return false;
  if (mount("tmpfs", "tmp", "tmpfs", MS_NOSUID | MS_NODEV, plan.scratch_options) != 0) {
    return false;
  }
  // Pivot onto the new root and detach the old one: nothing of the host stays reachable.
  if (syscall(SYS_pivot_root, ".", ".") != 0) return false;
  if (umount2(".", MNT_DETACH) != 0) return false;
  if (chdir("/") != 0) return false;
  if (mount(nullptr, "/", nullptr, MS_REMOUNT | MS_BIND | MS_RDONLY | MS_NOSUID | MS_NODEV,
            nullptr) != 0) {
    return false;
  }
  return chdir("/work") == 0;
}

// Raw system calls: glibc's wrappers would try to change the ids of every thread of the
// process this child was cloned from.
void SwitchIdentity(const ChildPlan& plan) {
  if (!plan.switch_identity) return;
  if (plan.drop_groups && syscall(SYS_setgroups, 0, nullptr) != 0) {
    Fail(plan, SetupStage::kIdentity);
  }
  if (syscall(SYS_setresgid, plan.gid, plan.gid, plan.gid) != 0 ||
      syscall(SYS_setresuid, plan.uid, plan.uid, plan.uid) != 0) {
    Fail(plan, SetupStage::kIdentity);
  }
  prctl(PR_SET_PDEATHSIG, SIGKILL);  // a credential change clears it
}

[[noreturn]] void ProgramMain(const ChildPlan& plan) {
  // Inside a user namespace the child switches ids first: it keeps its capabilities there
  // (its old uid was never that namespace's root) and files it creates on the new root's
  // tmpfs need an owner that is mapped. Without one, mounting needs the real root, so the
  // ids change afterwards.
  if (plan.identity_first) SwitchIdentity(plan);
  if (plan.mount_namespace) {
    if (!SetUpFilesystem(plan)) Fail(plan, SetupStage::kMount);
  } else if (chdir(plan.work_dir) != 0) {
    Fail(plan, SetupStage::kMount);
  }
  if (!plan.identity_first) SwitchIdentity(plan);

  for (int i = 0; i < plan.limit_count; ++i) {
    if (setrlimit(plan.limits[i].resource, &plan.limits[i].value) != 0) {
      Fail(plan, SetupStage::kLimits);
    }
  }

  if (syscall(SYS_setsid) < 0) Fail(plan, SetupStage::kDescriptors);
  if (dup2(plan.stdin_fd, 0) < 0 || dup2(plan.stdout_fd, 1) < 0 || dup2(plan.stderr_fd, 2) < 0) {
    Fail(plan, SetupStage::kDescriptors);
  }
  unsigned first_closed = 3;
  if (plan.channel_fd >= 0) {
    if (dup2(plan.channel_fd, 3) < 0) Fail(plan, SetupStage::kDescriptors);
    first_closed = 4;
  }
  // Everything else the runner had open (other runs' pipes included) closes at exec.
  if (syscall(SYS_close_range, first_closed, ~0U, CLOSE_RANGE_CLOEXEC) != 0) {
    Fail(plan, SetupStage::kDescriptors);
  }

  if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) Fail(plan, SetupStage::kSeccomp);
  if (plan.seccomp && prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &plan.filter) != 0) {
    Fail(plan, SetupStage::kSeccomp);
  }
  execve(plan.argv[0], plan.argv, plan.envp);
  Fail(plan, SetupStage::kExec);
}

// fork() without glibc's atfork handlers, which may take locks other threads held.
pid_t RawFork() { return static_cast<pid_t>(syscall(SYS_clone, SIGCHLD, 0, nullptr, nullptr, 0)); }

void Sleep(long nanoseconds) {
  timespec t{0, nanoseconds};
  nanosleep(&t, nullptr);
}

double Now() {
  timespec t{};
  clock_gettime(CLOCK_MONOTONIC, &t);
  return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_nsec) * 1e-9;
}

bool WriteAll(int fd, const void* data, size_t size) {
  const char* p = static_cast<const char*>(data);
  while (size > 0) {
    ssize_t n = write(fd, p, size);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    p += n;
    size -= static_cast<size_t>(n);
  }
  return true;
}

// Kills the program's process group and, with a uid of its own, every process of that uid
// (from a helper that takes the uid, so kill(-1) reaches exactly those). One kill(-1) is
// enough: it runs under the task-list lock, and a fork racing it is aborted because the
// forking parent already has SIGKILL pending.
void KillLeftovers(const ChildPlan& plan, pid_t program) {
  kill(-program, SIGKILL);
  if (plan.kill_uid < 0) return;
  if (RawFork() != 0) return;  // the reaper reaps the helper with everything else
  const auto uid = static_cast<uid_t>(plan.kill_uid);
  if (syscall(SYS_setresuid, uid, uid, uid) != 0) _exit(1);
  kill(-1, SIGKILL);
  _exit(0);
}

[[noreturn]] void ReaperMain(const ChildPlan& plan) {
  prctl(PR_SET_CHILD_SUBREAPER, 1);
  const pid_t program = RawFork();
  if (program == 0) ProgramMain(plan);
  if (program < 0) Fail(plan, SetupStage::kReaper);
  const ReaperStart start{program};
  if (!WriteAll(plan.status_fd, &start, sizeof start)) _exit(1);
  // Hold nothing of the runner's: its pipes must reach end of file when their writers die.
  syscall(SYS_close_range, 0U, static_cast<unsigned>(plan.status_fd - 1), 0U);
  syscall(SYS_close_range, static_cast<unsigned>(plan.status_fd + 1), ~0U, 0U);

  ReaperEnd end;
  for (;;) {
    int status = 0;
    rusage usage{};
    const pid_t p = wait4(-1, &status, __WALL, &usage);
    if (p == program) {
      end = {status, usage};
      break;
    }
    if (p < 0 && errno != EINTR) break;
  }
  KillLeftovers(plan, program);
  // Reap what was killed; give up after half a second on anything that escaped (a daemon in
  // a new session when there is no uid of its own to kill by).
  const double deadline = Now() + 0.5;
  while (Now() < deadline) {
    const pid_t p = waitpid(-1, nullptr, __WALL | WNOHANG);
    if (p < 0 && errno == ECHILD) break;
    if (p <= 0) Sleep(1000000);
  }
  WriteAll(plan.status_fd, &end, sizeof end);
  _exit(0);
}

}  // namespace

std::string_view SetupStageName(SetupStage stage) {
  switch (stage) {
    case SetupStage::kNone:
      return "none";
    case SetupStage::kWaitForParent:
      return "waiting for the parent";
    case SetupStage::kCgroup:
      return "joining the slot's memory cgroup";
    case SetupStage::kMount:
      return "building the private root";
    case SetupStage::kIdentity:
      return "switching to the slot's uid";
    case SetupStage::kLimits:
      return "setting resource limits";
    case SetupStage::kDescriptors:
      return "setting up file descriptors";
    case SetupStage::kSeccomp:
      return "loading the seccomp filter";
    case SetupStage::kExec:
      return "executing the program";
    case SetupStage::kReaper:
      return "forking the program from the reaper";
  }
  return "unknown";
}

int ChildMain(void* arg) {
  const ChildPlan& plan = *static_cast<const ChildPlan*>(arg);
  prctl(PR_SET_PDEATHSIG, SIGKILL);
  char go = 0;
  if (read(plan.go_fd, &go, 1) != 1) Fail(plan, SetupStage::kWaitForParent);
  // Into the run's memory cgroup before the program exists: everything it (or the reaper)
  // forks starts there too.
  if (plan.cgroup_fd >= 0 && write(plan.cgroup_fd, "0", 1) != 1) Fail(plan, SetupStage::kCgroup);
  if (plan.reaper) ReaperMain(plan);
  ProgramMain(plan);
}

}  // namespace ponder::sandbox::internal
