// The hostile programs of tests/sandbox/hostile/, each with the verdict it must get and the
// containment that must hold after it: no process of the slot's uid alive, no file left in
// the temporary directory, no descriptor leaked by the runner, a normal program still
// passing, and no memory cgroup left once the sandbox is gone. Every program runs with all
// isolation layers, and again (where the layers that remain still guard it, see
// docs/sandbox.md) with every namespace turned off. A case that tests one layer (the memory
// cgroup) is skipped where that layer is unavailable; the others need every layer but it.
#include <dirent.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <optional>

#include "sandbox/sandbox.h"
#include "tests/sandbox/sandbox_test_env.h"

namespace ponder::sandbox {
namespace {

using testing::HostileLimits;
using testing::ReadTextFile;
using testing::SandboxTestEnv;

enum class Mode { kAllLayers, kNoNamespaces };

// The layer a case is about, beyond those every case needs.
enum class Needs { kNamespacesAndSeccomp, kMemoryCgroup };

struct HostileCase {
  const char* file;
  const char* input;
  const char* expected;  // expected stdout with all layers
  Verdict verdict;
  // With namespaces off: nullopt where that setting does not guard against the program (it
  // is not run then, docs/sandbox.md), else its verdict; `fallback_expected` replaces
  // `expected` if set.
  std::optional<Verdict> fallback_verdict;
  const char* fallback_expected = nullptr;
  Needs needs = Needs::kNamespacesAndSeccomp;
  // Ends on its own well within this, but may need more than HostileLimits()'s 1 s on a busy
  // machine to reach the limit it is about.
  double time_limit_s = 1;
};

const HostileCase kCases[] = {
    {"fork_bomb", "", "x", Verdict::kTimeLimit, Verdict::kTimeLimit},
    {"fork_count", "", "15", Verdict::kPassed, Verdict::kPassed},
    {"memory_bomb", "", "x", Verdict::kMemoryLimit, Verdict::kMemoryLimit},
    {"infinite_loop", "", "x", Verdict::kTimeLimit, Verdict::kTimeLimit},
    {"infinite_output", "", "x", Verdict::kOutputLimit, Verdict::kOutputLimit},
    {"close_stdout", "", "x", Verdict::kTimeLimit, Verdict::kTimeLimit},
    {"sleeping_child", "42\n", "42", Verdict::kPassed, Verdict::kPassed},
    {"daemonize", "42\n", "42", Verdict::kPassed, Verdict::kPassed},
    {"open_socket", "", "unix x\nEPERM\nEPERM", Verdict::kPassed, Verdict::kPassed},
    {"read_files", "",
     "passwd FileNotFoundError\nshadow FileNotFoundError\nproject FileNotFoundError\n"
     "proc FileNotFoundError\ndotdot FileNotFoundError\nhome False root False",
     Verdict::kPassed, std::nullopt},
    {"write_outside", "", "work EROFS\nusr EROFS\nroot EROFS\nhost ENOENT\ntmp ok\nbig EFBIG",
     Verdict::kPassed, std::nullopt},
    {"signal_parent", "", "runner ESRCH\nppid is runner False\neveryone ESRCH", Verdict::kPassed,
     // kill(-1) answers success when any other process exists, even if it may signal none.
     Verdict::kPassed, "runner EPERM\nppid is runner False\neveryone sent"},
    {"huge_argv_env", "", "E2BIG", Verdict::kPassed, Verdict::kPassed},
    {"non_utf8_output", "", "ok", Verdict::kWrongAnswer, Verdict::kWrongAnswer},
    {"many_files", "", "ENOSPC True", Verdict::kPassed, std::nullopt},
    {"sysv_shared_memory", "", "shmget EPERM\nheld 0 MiB", Verdict::kPassed, Verdict::kPassed},
    {"fork_memory", "", "x", Verdict::kMemoryLimit, Verdict::kMemoryLimit, nullptr,
     Needs::kMemoryCgroup, 5},
};

std::string Replace(std::string text, const std::string& from, const std::string& to) {
  for (size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size())) {
    text.replace(at, from.size(), to);
  }
  return text;
}

int OpenDescriptors() {
  int n = 0;
  for ([[maybe_unused]] const auto& entry : std::filesystem::directory_iterator("/proc/self/fd")) {
    ++n;
  }
  return n;
}

std::string TestsJson(const std::string& input, const std::string& expected) {
  auto quote = [](const std::string& s) {
    std::string out = "\"";
    for (char c : s) {
      if (c == '\n') {
        out += "\\n";
      } else {
        out += c;
      }
    }
    return out + "\"";
  };
  return R"({"inputs": [)" + quote(input) + R"(], "outputs": [)" + quote(expected) + "]}";
}

void PrintTo(const HostileCase& c, std::ostream* os) { *os << c.file; }

// Every case with all layers, and those the fallback guards with every namespace off.
std::vector<std::tuple<HostileCase, Mode>> Settings() {
  std::vector<std::tuple<HostileCase, Mode>> out;
  for (const HostileCase& c : kCases) {
    out.emplace_back(c, Mode::kAllLayers);
    if (c.fallback_verdict) out.emplace_back(c, Mode::kNoNamespaces);
  }
  return out;
}

class HostileTest : public ::testing::TestWithParam<std::tuple<HostileCase, Mode>> {};

TEST_P(HostileTest, GetsItsVerdictAndLeavesNothingBehind) {
  const auto& [c, mode] = GetParam();
  SandboxTestEnv env;
  JailOptions options = env.jail_options(1);
  if (mode == Mode::kNoNamespaces) {
    if (geteuid() != 0) GTEST_SKIP() << "uids per slot need a root runner";
    options.layers.user_namespace = options.layers.pid_namespace = false;
    options.layers.network_namespace = options.layers.mount_namespace = false;
    options.layers.ipc_namespace = false;
  }
  auto sandbox = Sandbox::Create(options);
  ASSERT_TRUE(sandbox.ok()) << sandbox.status().ToString();
  {
    Layers wanted = options.layers, active = (*sandbox)->jail().active();
    if (c.needs != Needs::kMemoryCgroup) wanted.memory_cgroup = active.memory_cgroup = false;
    if (!(active == wanted)) GTEST_SKIP() << (*sandbox)->jail().Report();
  }
  const MemoryCgroups* cgroups = (*sandbox)->jail().memory_cgroups();

  const std::string runner_pid = std::to_string(getpid());
  std::string program =
      ReadTextFile(std::string(PONDER_SOURCE_DIR) + "/tests/sandbox/hostile/" + c.file + ".py");
  ASSERT_FALSE(program.empty()) << c.file;
  program = Replace(program, "PROJECT_FILE", std::string(PONDER_SOURCE_DIR) + "/CMakeLists.txt");
  program = Replace(program, "HOST_PATH", env.temp_dir() + "/escaped");
  program = Replace(program, "RUNNER_PID", runner_pid);
  std::string expected =
      mode == Mode::kNoNamespaces && c.fallback_expected ? c.fallback_expected : c.expected;
  expected = Replace(expected, "RUNNER_PID", runner_pid);
  auto tests = TestSuite::Parse(TestsJson(c.input, expected), c.file);
  ASSERT_TRUE(tests.ok()) << tests.status().ToString();

  const int descriptors_before = OpenDescriptors();
  Limits limits = HostileLimits();
  limits.time_limit_s = c.time_limit_s;
  auto result = (*sandbox)->Run({&Python3Language(), program, &*tests, limits}, 0);
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  ASSERT_EQ(result->tests.size(), 1u);
  const TestOutcome& outcome = result->tests[0];
  const Verdict want = mode == Mode::kAllLayers ? c.verdict : *c.fallback_verdict;
  EXPECT_EQ(VerdictName(outcome.verdict), VerdictName(want)) << outcome.detail;
  EXPECT_EQ(PrintableExcerpt(outcome.detail, 1000), outcome.detail);  // valid UTF-8

  EXPECT_EQ(env.LeftoverProcesses(1), std::vector<pid_t>{});
  EXPECT_EQ(env.LeftoverFiles(), std::vector<std::string>{});
  EXPECT_EQ(OpenDescriptors(), descriptors_before);
  if (cgroups != nullptr) {
    EXPECT_EQ(ReadTextFile(cgroups->slot_dir(0) + "/cgroup.procs"), "");
  }

  auto sum = TestSuite::Parse(R"({"inputs": ["2 3\n"], "outputs": ["5\n"]})", "sum");
  auto healthy = (*sandbox)->Run(
      {&Python3Language(), "a, b = map(int, input().split())\nprint(a + b)\n", &*sum, {}}, 0);
  ASSERT_TRUE(healthy.ok()) << healthy.status().ToString();
  EXPECT_EQ(healthy->overall, Verdict::kPassed) << healthy->tests[0].detail;
  sandbox->reset();
  EXPECT_EQ(env.LeftoverCgroups(), std::vector<std::string>{});
}

std::string CaseName(const ::testing::TestParamInfo<HostileTest::ParamType>& info) {
  const auto& [c, mode] = info.param;
  return std::string(c.file) + (mode == Mode::kAllLayers ? "_all_layers" : "_no_namespaces");
}

INSTANTIATE_TEST_SUITE_P(Hostile, HostileTest, ::testing::ValuesIn(Settings()), CaseName);

// hostile/<file>.py with no input under `limits`, expecting `expected` on stdout.
StatusOr<RunResult> RunHostileProgram(const Sandbox& sandbox, const std::string& file,
                                      const std::string& expected, const Limits& limits) {
  PONDER_ASSIGN_OR_RETURN(const TestSuite tests, TestSuite::Parse(TestsJson("", expected), file));
  const std::string program =
      ReadTextFile(std::string(PONDER_SOURCE_DIR) + "/tests/sandbox/hostile/" + file + ".py");
  return sandbox.Run({&Python3Language(), program, &tests, limits}, 0);
}

// A sandbox of one slot with every layer but `off`.
StatusOr<std::unique_ptr<Sandbox>> SandboxWithout(const SandboxTestEnv& env, bool Layers::*off) {
  JailOptions options = env.jail_options(1);
  options.layers.*off = false;
  return Sandbox::Create(options);
}

// The network namespace alone, with seccomp off: sockets open but reach nothing (IPv4 has
// no route, IPv6 no address).
TEST(HostileLayerTest, NetworkNamespaceAloneBlocksTheNetwork) {
  SandboxTestEnv env;
  auto sandbox = SandboxWithout(env, &Layers::seccomp);
  ASSERT_TRUE(sandbox.ok()) << sandbox.status().ToString();
  if (!(*sandbox)->jail().active().network_namespace) GTEST_SKIP() << (*sandbox)->jail().Report();
  auto result = RunHostileProgram(**sandbox, "open_socket", "unix x\nENETUNREACH\nEADDRNOTAVAIL",
                                  HostileLimits());
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  EXPECT_EQ(result->overall, Verdict::kPassed) << result->tests[0].detail;
}

// The memory cgroup is what stops fork_memory.py: without it each child gets its 200 MiB
// (800 MiB together, past the run limit of 512 MiB) and the program ends normally.
TEST(HostileLayerTest, WithoutTheMemoryCgroupARunHoldsMoreThanItsLimit) {
  SandboxTestEnv env;
  auto sandbox = SandboxWithout(env, &Layers::memory_cgroup);
  ASSERT_TRUE(sandbox.ok()) << sandbox.status().ToString();
  EXPECT_EQ((*sandbox)->jail().memory_cgroups(), nullptr);
  Limits limits = HostileLimits();
  limits.time_limit_s = 5;  // as in its case above
  ASSERT_LT(limits.RunMemoryMb(), 4 * 200);
  auto result = RunHostileProgram(**sandbox, "fork_memory", "ready 4 killed 0", limits);
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  EXPECT_EQ(result->overall, Verdict::kPassed) << result->tests[0].detail;
  EXPECT_EQ(env.LeftoverProcesses(1), std::vector<pid_t>{});
}

}  // namespace
}  // namespace ponder::sandbox
