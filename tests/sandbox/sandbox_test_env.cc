#include "tests/sandbox/sandbox_test_env.h"

#include <dirent.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "sandbox/memory_cgroup.h"

namespace ponder::sandbox::testing {
namespace {

// The real uid and state of a process, from /proc/<pid>/status.
bool ReadUidAndState(pid_t pid, int64_t* uid, char* state) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/status");
  if (!in) return false;
  std::string line;
  bool have_uid = false, have_state = false;
  while (std::getline(in, line)) {
    std::istringstream fields(line);
    std::string key;
    fields >> key;
    if (key == "State:") have_state = static_cast<bool>(fields >> *state);
    if (key == "Uid:") have_uid = static_cast<bool>(fields >> *uid);
  }
  return have_uid && have_state;
}

std::vector<pid_t> LiveProcessesIn(int64_t first_uid, int count) {
  std::vector<pid_t> found;
  for (const auto& entry : std::filesystem::directory_iterator("/proc")) {
    const std::string name = entry.path().filename();
    if (name.find_first_not_of("0123456789") != std::string::npos) continue;
    const pid_t pid = std::stoi(name);
    int64_t uid = -1;
    char state = '?';
    if (!ReadUidAndState(pid, &uid, &state)) continue;
    if (uid >= first_uid && uid < first_uid + count && state != 'Z') found.push_back(pid);
  }
  return found;
}

}  // namespace

SandboxTestEnv::SandboxTestEnv() {
  char pattern[] = "/tmp/ponder-sandbox-test-XXXXXX";
  const char* dir = mkdtemp(pattern);
  if (dir == nullptr) std::abort();
  temp_dir_ = dir;
  chmod(dir, 0711);  // the slots' uids must pass through to their run directories
  // Slot uids of their own per test process: 3.5 million and up, 64 per process id.
  first_uid_ = 3500000 + static_cast<int64_t>(getpid() % 100000) * 64;
}

SandboxTestEnv::~SandboxTestEnv() {
  std::error_code ignored;
  std::filesystem::remove_all(temp_dir_, ignored);
}

JailOptions SandboxTestEnv::jail_options(int slots) const {
  JailOptions options;
  options.temp_dir = temp_dir_;
  options.first_uid = first_uid_;
  options.slots = slots;
  return options;
}

std::vector<pid_t> SandboxTestEnv::LeftoverProcesses(int slots) const {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(2);
  std::vector<pid_t> left = LiveProcessesIn(first_uid_, slots);
  while (!left.empty() && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    left = LiveProcessesIn(first_uid_, slots);
  }
  return left;
}

std::vector<std::string> SandboxTestEnv::LeftoverFiles() const {
  std::vector<std::string> left;
  for (const auto& entry : std::filesystem::directory_iterator(temp_dir_)) {
    left.push_back(entry.path().filename());
  }
  return left;
}

std::vector<std::string> SandboxTestEnv::LeftoverCgroups() const {
  auto own =
      LocateMemoryCgroup(ReadTextFile("/proc/self/cgroup"), ReadTextFile("/proc/self/mountinfo"));
  if (!own.ok()) return {};
  const std::string prefix = "ponder-" + std::to_string(getpid()) + "-";
  std::vector<std::string> left;
  std::error_code error;
  for (const auto& entry : std::filesystem::directory_iterator(own->dir, error)) {
    const std::string name = entry.path().filename();
    if (name.starts_with(prefix)) left.push_back(entry.path());
  }
  return left;
}

Limits HostileLimits() {
  Limits limits;
  limits.time_limit_s = 1.0;
  limits.total_time_limit_s = 10.0;
  limits.memory_mb = 256;
  limits.run_memory_mb = 512;  // fork_memory.py's four children of 200 MiB pass it
  limits.output_limit_bytes = 1 << 20;
  limits.max_processes = 16;
  limits.file_size_mb = 4;
  limits.scratch_mb = 8;
  return limits;
}

std::string ReadTextFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

}  // namespace ponder::sandbox::testing
