#include "sandbox/memory_cgroup.h"

#include <fcntl.h>
#include <linux/magic.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <charconv>
#include <chrono>
#include <limits>
#include <optional>
#include <thread>

#include "sandbox/descriptors.h"

namespace ponder::sandbox {
namespace {

using internal::ErrnoError;
using internal::WriteValue;

constexpr auto kEmptyTimeout = std::chrono::seconds(2);
constexpr int kNameAttempts = 100;  // ponder-<pid>-<n> names tried before giving up

std::vector<std::string_view> Split(std::string_view text, char separator) {
  std::vector<std::string_view> out;
  while (true) {
    const size_t cut = text.find(separator);
    out.push_back(text.substr(0, cut));
    if (cut == std::string_view::npos) return out;
    text.remove_prefix(cut + 1);
  }
}

bool Contains(const std::vector<std::string_view>& list, std::string_view item) {
  for (std::string_view x : list) {
    if (x == item) return true;
  }
  return false;
}

// mountinfo escapes space, tab, newline and backslash in paths as \ooo.
std::string Unescape(std::string_view text) {
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\\' && i + 3 < text.size() && text[i + 1] >= '0' && text[i + 1] <= '3') {
      out += static_cast<char>((text[i + 1] - '0') * 64 + (text[i + 2] - '0') * 8 +
                               (text[i + 3] - '0'));
      i += 3;
    } else {
      out += text[i];
    }
  }
  return out;
}

struct Mount {
  std::string root;         // the part of the hierarchy mounted here
  std::string mount_point;  // where
  std::string_view fstype;
  std::vector<std::string_view> super_options;
};

// One line of /proc/self/mountinfo: "id parent major:minor root mount-point options
// [optional fields...] - fstype source super-options".
std::optional<Mount> ParseMountLine(std::string_view line) {
  const std::vector<std::string_view> fields = Split(line, ' ');
  size_t dash = 6;
  while (dash < fields.size() && fields[dash] != "-") ++dash;
  if (fields.size() < 5 || dash + 3 >= fields.size()) return std::nullopt;
  return Mount{.root = Unescape(fields[3]),
               .mount_point = Unescape(fields[4]),
               .fstype = fields[dash + 1],
               .super_options = Split(fields[dash + 3], ',')};
}

// The directory of cgroup `path` under `mount`, or nullopt when the mount shows another part
// of the hierarchy.
std::optional<std::string> DirectoryOf(const Mount& mount, std::string_view path) {
  std::string_view root = mount.root;
  if (root == "/") root = "";
  if (!path.starts_with(root) || (path.size() > root.size() && path[root.size()] != '/')) {
    return std::nullopt;
  }
  path.remove_prefix(root.size());
  if (path == "/") path = "";
  return mount.mount_point + std::string(path);
}

StatusOr<std::string> ReadCgroupFile(const std::string& path) {
  const int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return ErrnoError("open " + path);
  UniqueFd owner(fd);
  std::string text;
  char buffer[4096];
  while (true) {
    const ssize_t n = read(fd, buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return ErrnoError("read " + path);
    if (n == 0) return text;
    text.append(buffer, static_cast<size_t>(n));
  }
}

bool Exists(const std::string& path) { return access(path.c_str(), F_OK) == 0; }

// The value of `key` in a "key value" per line file (memory.oom_control, memory.events).
std::optional<int64_t> KeyedValue(std::string_view text, std::string_view key) {
  for (std::string_view line : Split(text, '\n')) {
    if (!line.starts_with(key) || line.size() <= key.size() || line[key.size()] != ' ') continue;
    line.remove_prefix(key.size() + 1);
    int64_t value = 0;
    if (std::from_chars(line.data(), line.data() + line.size(), value).ec == std::errc()) {
      return value;
    }
  }
  return std::nullopt;
}

StatusOr<CgroupLocation> OwnMemoryCgroup() {
  PONDER_ASSIGN_OR_RETURN(const std::string cgroups, ReadCgroupFile("/proc/self/cgroup"));
  PONDER_ASSIGN_OR_RETURN(const std::string mountinfo, ReadCgroupFile("/proc/self/mountinfo"));
  return LocateMemoryCgroup(cgroups, mountinfo);
}

// The version of the cgroup file system `dir` is on, for a configured parent.
StatusOr<CgroupVersion> VersionOf(const std::string& dir) {
  struct statfs st;
  if (statfs(dir.c_str(), &st) != 0) return ErrnoError("cgroup_parent " + dir);
  if (st.f_type == CGROUP2_SUPER_MAGIC) return CgroupVersion::kV2;
  if (st.f_type == CGROUP_SUPER_MAGIC && Exists(dir + "/memory.limit_in_bytes")) {
    return CgroupVersion::kV1;
  }
  return InvalidArgumentError("cgroup_parent " + dir +
                              " is not a directory of cgroup v1's memory hierarchy or of the "
                              "cgroup v2 hierarchy");
}

// Whitespace-separated words, e.g. the controllers a cgroup.subtree_control lists.
std::vector<std::string_view> Words(std::string_view text) {
  std::vector<std::string_view> out;
  for (std::string_view word : Split(text, ' ')) {
    while (!word.empty() && word.back() == '\n') word.remove_suffix(1);
    if (!word.empty()) out.push_back(word);
  }
  return out;
}

// v2: whether `dir`'s cgroup.controllers (what it may hand on) or cgroup.subtree_control
// (what its children get) lists the memory controller.
bool ListsMemory(const std::string& dir, const char* file) {
  StatusOr<std::string> listed = ReadCgroupFile(dir + "/" + file);
  return listed.ok() && Contains(Words(*listed), "memory");
}

std::vector<pid_t> Pids(std::string_view procs) {
  std::vector<pid_t> out;
  for (std::string_view line : Split(procs, '\n')) {
    pid_t pid = 0;
    if (std::from_chars(line.data(), line.data() + line.size(), pid).ec == std::errc()) {
      out.push_back(pid);
    }
  }
  return out;
}

}  // namespace

StatusOr<CgroupLocation> LocateMemoryCgroup(std::string_view proc_self_cgroup,
                                            std::string_view mountinfo) {
  // "hierarchy-id:controllers:path" per hierarchy; v2's is "0::path".
  std::optional<std::string_view> v1_path, v2_path;
  for (std::string_view line : Split(proc_self_cgroup, '\n')) {
    const size_t first = line.find(':');
    const size_t second = first == std::string_view::npos ? first : line.find(':', first + 1);
    if (second == std::string_view::npos) continue;
    const std::string_view controllers = line.substr(first + 1, second - first - 1);
    const std::string_view path = line.substr(second + 1);
    if (Contains(Split(controllers, ','), "memory")) v1_path = path;
    if (line.substr(0, first) == "0" && controllers.empty()) v2_path = path;
  }
  if (!v1_path && !v2_path) {
    return FailedPreconditionError(
        "no memory cgroup: /proc/self/cgroup lists neither a cgroup v1 "
        "memory hierarchy nor the cgroup v2 hierarchy");
  }
  const CgroupVersion version = v1_path ? CgroupVersion::kV1 : CgroupVersion::kV2;
  const std::string_view path = v1_path ? *v1_path : *v2_path;
  for (std::string_view line : Split(mountinfo, '\n')) {
    const std::optional<Mount> mount = ParseMountLine(line);
    if (!mount) continue;
    const bool fits = version == CgroupVersion::kV1
                          ? mount->fstype == "cgroup" && Contains(mount->super_options, "memory")
                          : mount->fstype == "cgroup2";
    if (!fits) continue;
    if (std::optional<std::string> dir = DirectoryOf(*mount, path)) {
      return CgroupLocation{version, std::move(*dir)};
    }
  }
  return FailedPreconditionError(
      std::string(version == CgroupVersion::kV1 ? "cgroup v1's memory hierarchy"
                                                : "the cgroup v2 hierarchy") +
      " is not mounted here, or not the part holding the runner's cgroup " + std::string(path));
}

MemoryCgroups::MemoryCgroups(CgroupVersion version, std::string dir)
    : version_(version), dir_(std::move(dir)) {}

StatusOr<std::unique_ptr<MemoryCgroups>> MemoryCgroups::Create(const std::string& parent,
                                                               int slots) {
  CgroupLocation where;
  if (parent.empty()) {
    PONDER_ASSIGN_OR_RETURN(where, OwnMemoryCgroup());
  } else {
    PONDER_ASSIGN_OR_RETURN(where.version, VersionOf(parent));
    where.dir = parent;
  }
  if (where.version == CgroupVersion::kV2 && !ListsMemory(where.dir, "cgroup.subtree_control")) {
    // Only a parent configured for ponder is changed; the runner's own cgroup is not ours to
    // reconfigure (and, holding the runner, could not delegate anyway: v2 lets only cgroups
    // without processes enable controllers for their children). A parent that does not have
    // the controller itself is named as such: writing "+memory" would only say ENOENT.
    Status enabled;
    if (!ListsMemory(where.dir, "cgroup.controllers")) {
      enabled = FailedPreconditionError(where.dir +
                                        "/cgroup.controllers lacks memory (the controller is on "
                                        "cgroup v1, disabled, or not given to this cgroup by "
                                        "its parent)");
    } else if (parent.empty()) {
      enabled = FailedPreconditionError(where.dir +
                                        "/cgroup.subtree_control lacks memory; set "
                                        "cgroup_parent to a cgroup delegated to ponder");
    } else {
      enabled = WriteValue(where.dir + "/cgroup.subtree_control", "+memory");
    }
    if (!enabled.ok()) {
      return enabled.WithContext(
          "cgroup v2: the memory controller is not available to children of " + where.dir);
    }
  }
  // The name may be taken: by a runner with the same pid in another PID namespace that shares
  // this parent, or by one killed outright (its directory stays) whose pid came round again.
  // mkdir is atomic, so such a name is skipped for the next number, never shared or removed.
  static std::atomic<int> created{0};
  std::string dir;
  for (int attempt = 1;; ++attempt) {
    dir = where.dir + "/ponder-" + std::to_string(getpid()) + "-" +
          std::to_string(created.fetch_add(1));
    if (mkdir(dir.c_str(), 0755) == 0) break;
    if (errno != EEXIST || attempt == kNameAttempts) return ErrnoError("mkdir " + dir);
  }
  std::unique_ptr<MemoryCgroups> cgroups(new MemoryCgroups(where.version, dir));
  if (where.version == CgroupVersion::kV2) {
    PONDER_RETURN_IF_ERROR(WriteValue(dir + "/cgroup.subtree_control", "+memory"));
  } else {
    cgroups->swap_limit_ = Exists(dir + "/memory.memsw.limit_in_bytes");
  }
  for (int i = 0; i < slots; ++i) PONDER_RETURN_IF_ERROR(cgroups->AddSlot());
  return cgroups;
}

Status MemoryCgroups::AddSlot() {
  Slot slot;
  slot.dir = dir_ + "/slot" + std::to_string(slots_.size());
  if (mkdir(slot.dir.c_str(), 0755) != 0) return ErrnoError("mkdir " + slot.dir);
  const bool v1 = version_ == CgroupVersion::kV1;
  // Pushed before anything can fail, so the destructor removes the directory.
  slots_.push_back(std::move(slot));
  Slot& added = slots_.back();
  if (!Exists(added.dir + (v1 ? "/memory.limit_in_bytes" : "/memory.max"))) {
    return FailedPreconditionError("no memory controller in " + added.dir);
  }
  if (!v1 && Exists(added.dir + "/memory.swap.max")) {
    PONDER_RETURN_IF_ERROR(WriteValue(added.dir + "/memory.swap.max", "0"));
  }
  PONDER_ASSIGN_OR_RETURN(
      added.entry, internal::OpenHigh(added.dir + (v1 ? "/tasks" : "/cgroup.procs"), O_WRONLY));
  added.limit_bytes = std::numeric_limits<int64_t>::max();  // a new cgroup is unlimited
  PONDER_ASSIGN_OR_RETURN(added.oom_kills, OomKills(added));
  return OkStatus();
}

MemoryCgroups::~MemoryCgroups() {
  for (auto slot = slots_.rbegin(); slot != slots_.rend(); ++slot) {
    static_cast<void>(Empty(*slot));  // best effort: rmdir fails on what is left
    slot->entry.reset();
    rmdir(slot->dir.c_str());
  }
  rmdir(dir_.c_str());
}

std::string MemoryCgroups::slot_dir(int slot) const {
  return slots_[static_cast<size_t>(slot)].dir;
}

Status MemoryCgroups::SetLimit(int slot_index, int64_t bytes) {
  Slot& slot = slots_[static_cast<size_t>(slot_index)];
  if (bytes == slot.limit_bytes) return OkStatus();
  const std::string value = std::to_string(bytes);
  if (version_ == CgroupVersion::kV2) {
    PONDER_RETURN_IF_ERROR(WriteValue(slot.dir + "/memory.max", value));
  } else {
    // v1 keeps memory.memsw.limit_in_bytes (memory + swap) at least memory.limit_in_bytes at
    // every step: raise memsw first, lower it last.
    const std::string memory = slot.dir + "/memory.limit_in_bytes";
    const std::string memsw = slot.dir + "/memory.memsw.limit_in_bytes";
    const bool raising = bytes > slot.limit_bytes;
    if (swap_limit_ && raising) PONDER_RETURN_IF_ERROR(WriteValue(memsw, value));
    PONDER_RETURN_IF_ERROR(WriteValue(memory, value));
    if (swap_limit_ && !raising) PONDER_RETURN_IF_ERROR(WriteValue(memsw, value));
  }
  slot.limit_bytes = bytes;
  return OkStatus();
}

StatusOr<int64_t> MemoryCgroups::OomKills(const Slot& slot) const {
  const std::string file =
      slot.dir + (version_ == CgroupVersion::kV1 ? "/memory.oom_control" : "/memory.events");
  PONDER_ASSIGN_OR_RETURN(const std::string text, ReadCgroupFile(file));
  const std::optional<int64_t> kills = KeyedValue(text, "oom_kill");
  if (!kills) return InternalError(file + " has no oom_kill counter");
  return *kills;
}

Status MemoryCgroups::Empty(const Slot& slot) const {
  const std::string procs = slot.dir + "/cgroup.procs";
  const auto deadline = std::chrono::steady_clock::now() + kEmptyTimeout;
  const bool kill_file = version_ == CgroupVersion::kV2 && Exists(slot.dir + "/cgroup.kill");
  while (true) {
    PONDER_ASSIGN_OR_RETURN(const std::string listed, ReadCgroupFile(procs));
    const std::vector<pid_t> pids = Pids(listed);
    if (pids.empty()) return OkStatus();
    if (std::chrono::steady_clock::now() > deadline) {
      return InternalError("the memory cgroup " + slot.dir + " still holds processes (" + listed +
                           ") after SIGKILL");
    }
    // Normally nothing is left: the PID namespace or the reaper took the run's processes.
    // What escaped both dies here; pids read from cgroup.procs are in the runner's namespace.
    if (kill_file) {
      static_cast<void>(WriteValue(slot.dir + "/cgroup.kill", "1"));
    } else {
      for (pid_t pid : pids) kill(pid, SIGKILL);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
}

StatusOr<bool> MemoryCgroups::Finish(int slot_index) {
  Slot& slot = slots_[static_cast<size_t>(slot_index)];
  PONDER_RETURN_IF_ERROR(Empty(slot));
  PONDER_ASSIGN_OR_RETURN(const int64_t kills, OomKills(slot));
  const bool fired = kills != slot.oom_kills;
  slot.oom_kills = kills;
  return fired;
}

}  // namespace ponder::sandbox
