#include "sandbox/jail.h"

#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cmath>
#include <cstring>
#include <fstream>

#include "sandbox/descriptors.h"
#include "sandbox/jail_child.h"
#include "sandbox/output_sinks.h"
#include "sandbox/seccomp_filter.h"
#include "sandbox/unique_fd.h"

namespace ponder::sandbox {

using internal::ChildPlan;
using internal::ErrnoError;
using internal::MakePipe;
using internal::MakeSocketPair;
using internal::Pipe;
using internal::ReadFull;
using internal::SetupReport;
using internal::SetupStage;
using internal::StdinMemfd;
using internal::WriteValue;

// Why a launch failed before the program ran: which step, and errno.
struct Jail::SetupFailure {
  enum class Step : uint8_t { kNone, kClone, kMapIds, kChild };
  Step step = Step::kNone;
  SetupStage child_stage = SetupStage::kNone;
  int err = 0;

  std::string Describe() const {
    std::string what = step == Step::kClone    ? "clone"
                       : step == Step::kMapIds ? "writing the uid/gid maps"
                                               : std::string(SetupStageName(child_stage));
    return what + ": " + std::strerror(err);
  }
};

namespace {

using Clock = std::chrono::steady_clock;

constexpr uid_t kInsideId = 1000;     // the program's uid and gid inside a user namespace
constexpr uid_t kOverflowId = 65534;  // "nobody", for a root runner without per-slot uids
constexpr size_t kChildStack = 256 * 1024;
constexpr auto kDrainTime = std::chrono::seconds(1);

int SendSignal(int pidfd, int sig) {
  return static_cast<int>(syscall(SYS_pidfd_send_signal, pidfd, sig, nullptr, 0));
}

// Kills every process of `uid` from a helper that takes that uid: kill(-1) then reaches all
// of them and nothing else, atomically with respect to fork (see jail_child.cc).
int KillAsUid(void* arg) {
  const uid_t uid = *static_cast<const uid_t*>(arg);
  if (syscall(SYS_setresuid, uid, uid, uid) != 0) return 1;
  kill(-1, SIGKILL);
  return 0;
}

void KillAllProcessesOf(uid_t uid) {
  std::unique_ptr<char[]> stack(new char[64 * 1024]);
  pid_t pid = clone(KillAsUid, stack.get() + 64 * 1024, SIGCHLD, &uid);
  if (pid < 0) return;
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
}

rlimit Clamped(int resource, rlim_t soft, rlim_t hard) {
  // The runner cannot raise a hard limit (this machine's root lacks CAP_SYS_RESOURCE).
  rlimit current{};
  getrlimit(static_cast<__rlimit_resource_t>(resource), &current);
  if (current.rlim_max != RLIM_INFINITY) {
    hard = std::min(hard, current.rlim_max);
    soft = std::min(soft, hard);
  }
  return rlimit{soft, hard};
}

std::vector<std::string> Environment(const std::vector<std::string>& extra) {
  std::vector<std::string> env = {
      "PATH=/usr/bin:/bin",     "HOME=/tmp",         "TMPDIR=/tmp",
      "LANG=C.UTF-8",           "LC_ALL=C.UTF-8",    "OMP_NUM_THREADS=1",
      "OPENBLAS_NUM_THREADS=1", "MKL_NUM_THREADS=1",
  };
  env.insert(env.end(), extra.begin(), extra.end());
  return env;
}

std::vector<char*> CStrings(std::vector<std::string>& strings) {
  std::vector<char*> out;
  for (std::string& s : strings) out.push_back(s.data());
  out.push_back(nullptr);
  return out;
}

// Kills and reaps the child if the launch is abandoned early, and empties the slot's memory
// cgroup (when there is one): without a PID namespace the program the reaper forked outlives
// the reaper, and the next run's OOM verdict must not count this launch's kills.
class ChildGuard {
 public:
  ChildGuard(pid_t pid, int pidfd, MemoryCgroups* cgroups, int slot)
      : pid_(pid), pidfd_(pidfd), cgroups_(cgroups), slot_(slot) {}
  ~ChildGuard() {
    if (pid_ <= 0) return;
    SendSignal(pidfd_, SIGKILL);
    int status = 0;
    while (waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
    }
    if (cgroups_ != nullptr) static_cast<void>(cgroups_->Finish(slot_));
  }
  void Release() { pid_ = -1; }

 private:
  pid_t pid_;
  int pidfd_;
  MemoryCgroups* cgroups_;
  int slot_;
};

}  // namespace

std::string Layers::Describe() const {
  std::string out;
  auto add = [&](bool on, const char* name) {
    if (!on) return;
    if (!out.empty()) out += ' ';
    out += name;
  };
  add(user_namespace, "user-ns");
  add(pid_namespace, "pid-ns");
  add(network_namespace, "net-ns");
  add(mount_namespace, "mount-ns");
  add(ipc_namespace, "ipc-ns");
  add(uid_per_slot, "uid-per-slot");
  add(seccomp, "seccomp");
  add(memory_cgroup, "memory-cgroup");
  add(true, "rlimits process-group");
  return out;
}

void JailOptions::Bind(ParamBinder& b) {
  b.String("temp_dir", &temp_dir, "directory in which each run gets a fresh directory");
  b.Int64("first_uid", &first_uid, 0, 0xFFFFFFFE - 4096,
          "uid (and gid) of slot 0; slot i runs as first_uid + i (0: claim a block no other "
          "ponder process holds)");
  b.String("uid_lock_dir", &uid_lock_dir,
           "root-owned directory of the lock files through which first_uid 0 claims a uid block");
  b.Int("slots", &slots, 1, 4096, "programs that may run at once");
  b.Bool("user_namespace", &layers.user_namespace, "new user namespace");
  b.Bool("pid_namespace", &layers.pid_namespace, "new PID namespace");
  b.Bool("network_namespace", &layers.network_namespace, "new network namespace");
  b.Bool("mount_namespace", &layers.mount_namespace, "private root file system");
  b.Bool("ipc_namespace", &layers.ipc_namespace, "new IPC and UTS namespaces");
  b.Bool("uid_per_slot", &layers.uid_per_slot, "an unprivileged uid per slot");
  b.Bool("seccomp", &layers.seccomp, "system-call filter");
  b.Bool("memory_cgroup", &layers.memory_cgroup,
         "a memory cgroup per slot bounding the total memory of a run's processes");
  b.String("cgroup_parent", &cgroup_parent,
           "cgroup directory delegated to the runner for the slots' memory cgroups (empty: the "
           "runner's own memory cgroup)");
  static constexpr std::pair<std::string_view, IsolationPolicy> kPolicies[] = {
      {"fall_back", IsolationPolicy::kFallBack}, {"require_all", IsolationPolicy::kRequireAll}};
  b.Enum<IsolationPolicy>("isolation_policy", &policy, kPolicies,
                          "what to do when a requested layer is unavailable");
}

Status JailOptions::Validate() const {
  if (temp_dir.empty() || temp_dir.front() != '/') {
    return InvalidArgumentError("temp_dir must be an absolute path, not '" + temp_dir + "'");
  }
  if (slots < 1) return InvalidArgumentError("slots must be at least 1");
  if (!cgroup_parent.empty() && cgroup_parent.front() != '/') {
    return InvalidArgumentError("cgroup_parent must be an absolute path, not '" + cgroup_parent +
                                "'");
  }
  if (first_uid != 0 && (first_uid < 1000 || first_uid + slots > int64_t{0xFFFFFFFE})) {
    return InvalidArgumentError(
        "first_uid must be 0 (claim a block) or at least 1000 and leave room for every slot");
  }
  if (slots > UidBlock::kBlockSize) {
    return InvalidArgumentError("slots must be at most " + std::to_string(UidBlock::kBlockSize));
  }
  return OkStatus();
}

Jail::Jail(JailOptions options, std::vector<sock_filter> seccomp_program)
    : options_(std::move(options)),
      seccomp_program_(std::move(seccomp_program)),
      is_root_(geteuid() == 0) {}

Jail::~Jail() = default;

StatusOr<std::unique_ptr<Jail>> Jail::Create(const JailOptions& options) {
  PONDER_RETURN_IF_ERROR(options.Validate());
  struct stat st;
  if (stat(options.temp_dir.c_str(), &st) != 0 || !S_ISDIR(st.st_mode)) {
    return InvalidArgumentError("sandbox temp_dir " + options.temp_dir + " is not a directory");
  }
  if ((st.st_mode & S_IXOTH) == 0) {
    return InvalidArgumentError("sandbox temp_dir " + options.temp_dir +
                                " must be searchable by other users (mode o+x): the sandboxed "
                                "uids reach their run directories through it");
  }
  std::vector<sock_filter> program;
  if (options.layers.seccomp) {
    PONDER_ASSIGN_OR_RETURN(program, BuildSeccompFilter());
  }
  std::unique_ptr<Jail> jail(new Jail(options, std::move(program)));
  PONDER_RETURN_IF_ERROR(jail->Probe());
  if (options.policy == IsolationPolicy::kRequireAll && !jail->unavailable_.empty()) {
    return FailedPreconditionError("sandbox isolation_policy is require_all but " + jail->Report());
  }
  return jail;
}

Status Jail::Probe() {
  Layers layers = options_.layers;
  if (layers.uid_per_slot && !is_root_) {
    layers.uid_per_slot = false;
    unavailable_.push_back("uid per slot (the runner is not root, so it cannot switch uids)");
  }
  if (layers.uid_per_slot && options_.first_uid == 0) {
    StatusOr<UidBlock> block = UidBlock::Claim(options_.uid_lock_dir);
    if (block.ok()) {
      options_.first_uid = block->first_uid();
      uid_block_ = std::move(*block);
    } else {
      layers.uid_per_slot = false;
      unavailable_.push_back("uid per slot (" + block.status().message() + ")");
    }
  }
  const JailedCommand probe{.argv = {"/usr/bin/true"},
                            .env = {},
                            .stdin_data = {},
                            .result_channel = false,
                            .limits = {.wall_s = 30}};
  if (layers.memory_cgroup) {
    StatusOr<std::unique_ptr<MemoryCgroups>> cgroups =
        MemoryCgroups::Create(options_.cgroup_parent, options_.slots);
    // Launch sets the limit too, but a limit that cannot be written there fails the probe (and
    // Create) instead of turning this layer off with the reason.
    Status limited =
        cgroups.ok() ? (*cgroups)->SetLimit(0, probe.limits.run_memory_bytes) : cgroups.status();
    if (limited.ok()) {
      cgroups_ = std::move(*cgroups);
    } else {
      layers.memory_cgroup = false;
      unavailable_.push_back("memory cgroup (" + limited.message() + ")");
    }
  }
  for (int attempt = 0; attempt < 8; ++attempt) {
    PONDER_ASSIGN_OR_RETURN(std::unique_ptr<RunDir> dir, RunDir::Create(options_.temp_dir));
    SetupFailure failure;
    StatusOr<ProcessOutcome> outcome = Launch(probe, *dir, 0, layers, &failure);
    if (outcome.ok()) {
      if (outcome->end != ProcessOutcome::End::kExited || outcome->exit_code != 0) {
        return InternalError("sandbox probe: /usr/bin/true did not exit with status 0 (" +
                             outcome->err + ")");
      }
      active_ = layers;
      return OkStatus();
    }
    const std::string reason = failure.Describe();
    const bool namespace_step = failure.step == SetupFailure::Step::kClone ||
                                failure.step == SetupFailure::Step::kMapIds ||
                                failure.child_stage == SetupStage::kWaitForParent;
    if (namespace_step && layers.user_namespace) {
      layers.user_namespace = false;
      unavailable_.push_back("user namespace (" + reason + ")");
    } else if (namespace_step && layers.any_namespace()) {
      layers.pid_namespace = layers.network_namespace = false;
      layers.mount_namespace = layers.ipc_namespace = false;
      unavailable_.push_back("pid, network, mount and IPC namespaces (" + reason + ")");
    } else if (failure.child_stage == SetupStage::kMount && layers.mount_namespace) {
      layers.mount_namespace = false;
      unavailable_.push_back("private root file system (" + reason + ")");
    } else if (failure.child_stage == SetupStage::kIdentity && layers.uid_per_slot) {
      layers.uid_per_slot = false;
      if (uid_block_) {  // no slot will run under it: other runners may have it
        uid_block_.reset();
        options_.first_uid = 0;
      }
      unavailable_.push_back("uid per slot (" + reason + ")");
    } else if (failure.child_stage == SetupStage::kSeccomp && layers.seccomp) {
      layers.seccomp = false;
      unavailable_.push_back("seccomp (" + reason + ")");
    } else if (failure.child_stage == SetupStage::kCgroup && layers.memory_cgroup) {
      layers.memory_cgroup = false;
      cgroups_.reset();
      unavailable_.push_back("memory cgroup (" + reason + ")");
    } else {
      return outcome.status().WithContext("sandbox probe");
    }
  }
  return InternalError("sandbox probe: no working set of isolation layers");
}

std::string Jail::Report() const {
  std::string out = "sandbox isolation: " + active_.Describe();
  if (unavailable_.empty()) return out;
  out += ". Unavailable here: ";
  for (size_t i = 0; i < unavailable_.size(); ++i) out += (i ? "; " : "") + unavailable_[i];
  out += ". Not guarded without them:";
  const Layers& want = options_.layers;
  if (want.user_namespace && !active_.user_namespace) {
    out += " the program's ids are plain host ids;";
  }
  if (want.pid_namespace && !active_.pid_namespace) {
    out += " the program sees host processes, and leftovers are killed by process group" +
           std::string(active_.uid_per_slot ? " and uid"
                                            : " only (a daemon that calls setsid "
                                              "escapes)") +
           ";";
  }
  if (want.network_namespace && !active_.network_namespace) {
    out += active_.seccomp ? " the host network is reachable through calls other than socket();"
                           : " the host network is reachable;";
  }
  if (want.mount_namespace && !active_.mount_namespace) {
    out +=
        " the program sees the host file system with its uid's permissions (world-readable "
        "files, world-writable /tmp);";
  }
  if (want.ipc_namespace && !active_.ipc_namespace) {
    out += " System V IPC and POSIX message queues are shared with the host;";
  }
  if (want.uid_per_slot && !active_.uid_per_slot) {
    out += active_.user_namespace ? " processes are counted per run by the user namespace;"
                                  : " RLIMIT_NPROC counts the runner's own uid (and is not "
                                    "enforced for root);";
  }
  if (want.seccomp && !active_.seccomp) out += " no system-call filter;";
  if (want.memory_cgroup && !active_.memory_cgroup) {
    out +=
        " a run's total memory is not bounded: only each process's address space is, so its "
        "processes together may hold up to max_processes x memory_mb, plus memfds and /tmp;";
  }
  out.back() = '.';
  return out;
}

StatusOr<ProcessOutcome> Jail::Run(const JailedCommand& command, const RunDir& dir,
                                   int slot) const {
  SetupFailure failure;
  return Launch(command, dir, slot, active_, &failure);
}

StatusOr<ProcessOutcome> Jail::Launch(const JailedCommand& command, const RunDir& dir, int slot,
                                      const Layers& layers, SetupFailure* failure) const {
  PONDER_CHECK(slot >= 0 && slot < options_.slots) << "slot " << slot;
  if (command.argv.empty()) return InvalidArgumentError("a sandboxed command needs an argv");
  const ProcessLimits& limits = command.limits;
  // Without a PID namespace the cloned child becomes the reaper (jail_child.h).
  const bool reaper = !layers.pid_namespace;
  MemoryCgroups* const cgroups = layers.memory_cgroup ? cgroups_.get() : nullptr;
  if (cgroups != nullptr) {
    PONDER_RETURN_IF_ERROR(cgroups->SetLimit(slot, limits.run_memory_bytes));
  }

  PONDER_ASSIGN_OR_RETURN(UniqueFd stdin_fd, StdinMemfd(command.stdin_data));
  PONDER_ASSIGN_OR_RETURN(Pipe out, MakePipe());
  PONDER_ASSIGN_OR_RETURN(Pipe err, MakePipe());
  PONDER_ASSIGN_OR_RETURN(Pipe go, MakeSocketPair());
  PONDER_ASSIGN_OR_RETURN(Pipe report, MakePipe());
  Pipe channel, status;
  if (command.result_channel) {
    PONDER_ASSIGN_OR_RETURN(channel, MakePipe());
  }
  if (reaper) {
    PONDER_ASSIGN_OR_RETURN(status, MakePipe());
  }

  std::vector<std::string> argv_strings = command.argv;
  std::vector<std::string> env_strings = Environment(command.env);
  std::vector<char*> argv = CStrings(argv_strings);
  std::vector<char*> envp = CStrings(env_strings);
  // Empty files take no space, so only an inode bound stops a program filling kernel memory
  // with them: one inode per page of scratch space (nr_inodes=0 would mean no bound).
  const std::string scratch_options =
      "size=" + std::to_string(limits.scratch_bytes) +
      ",nr_inodes=" + std::to_string(std::max<int64_t>(limits.scratch_bytes / 4096, 16)) +
      ",mode=1777";

  const uid_t host_id = layers.uid_per_slot ? static_cast<uid_t>(options_.first_uid + slot)
                        : is_root_          ? kOverflowId
                                            : geteuid();
  const uid_t program_id = layers.user_namespace ? kInsideId : host_id;
  ChildPlan plan;
  plan.go_fd = go.read.get();
  plan.report_fd = report.write.get();
  plan.stdin_fd = stdin_fd.get();
  plan.stdout_fd = out.write.get();
  plan.stderr_fd = err.write.get();
  plan.channel_fd = command.result_channel ? channel.write.get() : -1;
  plan.cgroup_fd = cgroups != nullptr ? cgroups->entry_fd(slot) : -1;
  plan.mount_namespace = layers.mount_namespace;
  plan.root_dir = dir.root_dir().c_str();
  plan.work_dir = dir.work_dir().c_str();
  plan.scratch_options = scratch_options.c_str();
  plan.switch_identity = layers.user_namespace || is_root_;
  plan.identity_first = layers.user_namespace;
  plan.drop_groups = is_root_;
  plan.uid = plan.gid = program_id;
  const auto as = static_cast<rlim_t>(limits.address_space_bytes);
  const auto cpu = static_cast<rlim_t>(limits.cpu_s);
  const std::pair<int, rlimit> rlimits[] = {
      {RLIMIT_AS, Clamped(RLIMIT_AS, as, as)},
      {RLIMIT_STACK, Clamped(RLIMIT_STACK, as, as)},
      {RLIMIT_CPU, Clamped(RLIMIT_CPU, cpu, cpu + 1)},
      {RLIMIT_NPROC, Clamped(RLIMIT_NPROC, limits.processes, limits.processes)},
      {RLIMIT_FSIZE, Clamped(RLIMIT_FSIZE, limits.file_size_bytes, limits.file_size_bytes)},
      {RLIMIT_NOFILE, Clamped(RLIMIT_NOFILE, limits.open_files, limits.open_files)},
      {RLIMIT_CORE, Clamped(RLIMIT_CORE, 0, 0)},
      {RLIMIT_MEMLOCK, Clamped(RLIMIT_MEMLOCK, 0, 0)},
  };
  for (const auto& [resource, value] : rlimits) {
    plan.limits[plan.limit_count++] = {static_cast<__rlimit_resource_t>(resource), value};
  }
  plan.reaper = reaper;
  plan.status_fd = status.write.get();
  plan.kill_uid = layers.uid_per_slot ? program_id : -1;
  plan.seccomp = layers.seccomp;
  plan.filter = {static_cast<unsigned short>(seccomp_program_.size()),
                 const_cast<sock_filter*>(seccomp_program_.data())};
  plan.argv = argv.data();
  plan.envp = envp.data();

  int flags = SIGCHLD | CLONE_PIDFD;
  if (layers.user_namespace) flags |= CLONE_NEWUSER;
  if (layers.pid_namespace) flags |= CLONE_NEWPID;
  if (layers.network_namespace) flags |= CLONE_NEWNET;
  if (layers.mount_namespace) flags |= CLONE_NEWNS;
  if (layers.ipc_namespace) flags |= CLONE_NEWIPC | CLONE_NEWUTS;

  std::unique_ptr<char[]> stack(new char[kChildStack]);
  const Clock::time_point start = Clock::now();
  int pidfd_raw = -1;
  const pid_t pid = clone(internal::ChildMain, stack.get() + kChildStack, flags, &plan, &pidfd_raw);
  if (pid < 0) {
    *failure = {SetupFailure::Step::kClone, SetupStage::kNone, errno};
    return InternalError("sandbox: " + failure->Describe());
  }
  UniqueFd pidfd(pidfd_raw);
  ChildGuard guard(pid, pidfd.get(), cgroups, slot);
  stdin_fd.reset();
  out.write.reset();
  err.write.reset();
  channel.write.reset();
  go.read.reset();
  report.write.reset();
  status.write.reset();

  if (layers.user_namespace) {
    // Root maps the slot's uid; anyone else may only map itself, after refusing setgroups.
    const std::string proc = "/proc/" + std::to_string(pid) + "/";
    Status mapped = is_root_ ? OkStatus() : WriteValue(proc + "setgroups", "deny");
    const std::string map = std::to_string(kInsideId) + " " + std::to_string(host_id) + " 1\n";
    if (mapped.ok()) mapped = WriteValue(proc + "uid_map", map);
    if (mapped.ok()) mapped = WriteValue(proc + "gid_map", map);
    if (!mapped.ok()) {
      *failure = {SetupFailure::Step::kMapIds, SetupStage::kNone, errno};
      return mapped;
    }
  }
  if (send(go.write.get(), "g", 1, MSG_NOSIGNAL) != 1) {
    return ErrnoError("sandbox: releasing the child");
  }
  go.write.reset();

  // End of file on the report pipe means execve succeeded (the pipe is close-on-exec).
  SetupReport setup;
  if (ReadFull(report.read.get(), &setup, sizeof setup)) {
    *failure = {SetupFailure::Step::kChild, setup.stage, setup.err};
    return InternalError("sandbox: " + failure->Describe());
  }
  internal::ReaperStart reaper_start;
  if (reaper && !ReadFull(status.read.get(), &reaper_start, sizeof reaper_start)) {
    return InternalError("sandbox: the reaper did not report the program's pid");
  }
  // Kills what runs: the program (PID 1 of its namespace, taking everything with it), or
  // without a PID namespace its process group and the slot uid's processes.
  auto kill_program = [&] {
    if (!reaper) {
      SendSignal(pidfd.get(), SIGKILL);
      return;
    }
    kill(-reaper_start.program, SIGKILL);
    if (layers.uid_per_slot) KillAllProcessesOf(host_id);
  };

  ProcessOutcome outcome;
  internal::OutputSinks sinks(out.read.get(), err.read.get(), channel.read.get(),
                              static_cast<size_t>(limits.output_bytes), &outcome.out, &outcome.err,
                              &outcome.channel);
  const Clock::time_point deadline = start + std::chrono::duration_cast<Clock::duration>(
                                                 std::chrono::duration<double>(limits.wall_s));
  PONDER_ASSIGN_OR_RETURN(const internal::OutputSinks::Stop stop,
                          sinks.WatchUntil(pidfd.get(), deadline));
  const bool killed = stop != internal::OutputSinks::Stop::kExited;
  if (stop == internal::OutputSinks::Stop::kWallTimeout) {
    outcome.end = ProcessOutcome::End::kWallTimeout;
  } else if (stop == internal::OutputSinks::Stop::kOutputLimit) {
    outcome.end = ProcessOutcome::End::kOutputLimit;
  }
  if (killed) {
    kill_program();
    // A reaper exits once it has reaped what was killed; one that cannot (a daemon escaped
    // without a uid of its own to kill by) is killed after two seconds.
    pollfd p = {pidfd.get(), POLLIN, 0};
    if (reaper && poll(&p, 1, 2000) == 0) {
      SendSignal(pidfd.get(), SIGKILL);
      if (layers.uid_per_slot) KillAllProcessesOf(host_id);
    }
  }

  int wait_status = 0;
  rusage usage{};
  while (wait4(pid, &wait_status, 0, &usage) < 0 && errno == EINTR) {
  }
  guard.Release();
  if (reaper) {
    // The program's own status and usage: the reaper's rusage would count the runner's memory
    // that the reaper shares copy-on-write.
    internal::ReaperEnd end;
    fcntl(status.read.get(), F_SETFL, O_NONBLOCK);
    if (ReadFull(status.read.get(), &end, sizeof end)) {
      wait_status = end.wait_status;
      usage = end.usage;
    } else {
      wait_status = SIGKILL;  // as if killed by SIGKILL
      usage = rusage{};
    }
  }
  if (cgroups != nullptr) {
    // Kills what escaped the other layers, and reads the cgroup's OOM-kill counter.
    PONDER_ASSIGN_OR_RETURN(outcome.out_of_memory, cgroups->Finish(slot));
  }
  outcome.wall_s = std::chrono::duration<double>(Clock::now() - start).count();
  outcome.cpu_s = static_cast<double>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
                  static_cast<double>(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
  outcome.peak_rss_kb = usage.ru_maxrss;

  // Drain what is left in the pipes. Writers are gone, apart from other slots' children that
  // inherited the pipes between their clone and exec, which close them within microseconds.
  if (sinks.Drain(Clock::now() + kDrainTime) && outcome.end != ProcessOutcome::End::kWallTimeout) {
    outcome.end = ProcessOutcome::End::kOutputLimit;
  }

  if (!killed && outcome.end == ProcessOutcome::End::kExited) {
    if (WIFEXITED(wait_status)) {
      outcome.exit_code = WEXITSTATUS(wait_status);
    } else if (WIFSIGNALED(wait_status)) {
      outcome.end = ProcessOutcome::End::kSignaled;
      outcome.signal = WTERMSIG(wait_status);
    }
  }
  return outcome;
}

}  // namespace ponder::sandbox
