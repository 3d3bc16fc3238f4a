// Real Python programs through the Sandbox: every verdict, both test kinds, bad programs,
// and what a program can see of the machine.
#include <gtest/gtest.h>

#include <memory>

#include "sandbox/sandbox.h"
#include "tests/sandbox/sandbox_test_env.h"

namespace ponder::sandbox {
namespace {

using testing::SandboxTestEnv;

class SandboxRunTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    env_ = new SandboxTestEnv();
    auto sandbox = Sandbox::Create(env_->jail_options(1));
    ASSERT_TRUE(sandbox.ok()) << sandbox.status().ToString();
    sandbox_ = sandbox->release();
  }
  static void TearDownTestSuite() {
    delete sandbox_;
    delete env_;
  }
  void TearDown() override {
    EXPECT_TRUE(env_->LeftoverProcesses(1).empty());
    EXPECT_TRUE(env_->LeftoverFiles().empty());
  }

  static RunResult Run(std::string_view program, std::string_view tests_json, Limits limits = {}) {
    auto tests = TestSuite::Parse(tests_json, "test");
    EXPECT_TRUE(tests.ok()) << tests.status().ToString();
    if (!tests.ok()) return {};
    auto result = sandbox_->Run({&Python3Language(), program, &*tests, limits}, 0);
    EXPECT_TRUE(result.ok()) << result.status().ToString();
    return result.ok() ? *result : RunResult{};
  }

  static inline SandboxTestEnv* env_ = nullptr;
  static inline Sandbox* sandbox_ = nullptr;
};

constexpr const char* kSumTests = R"({"inputs": ["1 2\n", "3 4\n"], "outputs": ["3\n", "7\n"]})";

TEST_F(SandboxRunTest, StandardInputProgramPasses) {
  RunResult r = Run("a, b = map(int, input().split())\nprint(a + b)\n", kSumTests);
  EXPECT_EQ(r.overall, Verdict::kPassed);
  EXPECT_EQ(r.passed, 2);
  ASSERT_EQ(r.tests.size(), 2u);
  EXPECT_GT(r.tests[0].peak_memory_kb, 1000);  // a Python process uses some megabytes
  EXPECT_GT(r.wall_s, 0);
}

TEST_F(SandboxRunTest, WrongAnswerShowsExpectedAndGot) {
  RunResult r = Run("a, b = map(int, input().split())\nprint(a * b)\n", kSumTests);
  EXPECT_EQ(r.overall, Verdict::kWrongAnswer);
  EXPECT_EQ(r.passed, 0);
  EXPECT_NE(r.tests[1].detail.find("expected 7"), std::string::npos) << r.tests[1].detail;
  EXPECT_NE(r.tests[1].detail.find("got 12"), std::string::npos) << r.tests[1].detail;
}

TEST_F(SandboxRunTest, RuntimeErrorCarriesTheExceptionsLastLine) {
  RunResult r = Run("x = input()\nraise ValueError('bad input ' + x.strip())\n", kSumTests);
  EXPECT_EQ(r.overall, Verdict::kRuntimeError);
  EXPECT_EQ(r.tests[0].detail, "ValueError: bad input 1 2");
  EXPECT_EQ(r.tests[1].detail, "ValueError: bad input 3 4");
}

TEST_F(SandboxRunTest, NonZeroExitIsARuntimeError) {
  RunResult r = Run("import sys\nsys.exit(3)\n", kSumTests);
  EXPECT_EQ(r.overall, Verdict::kRuntimeError);
  EXPECT_EQ(r.tests[0].detail, "exit status 3");
}

TEST_F(SandboxRunTest, ExitAndQuitEndTheProgramAsInAPlainInterpreter) {
  // Many judge solutions stop with exit() or quit(), builtins that Python's site module adds.
  const char* sum = "a, b = map(int, input().split())\nprint(a + b)\n";
  EXPECT_EQ(Run(std::string(sum) + "exit()\nprint('after')\n", kSumTests).overall,
            Verdict::kPassed);
  EXPECT_EQ(Run(std::string(sum) + "quit(0)\n", kSumTests).overall, Verdict::kPassed);
  RunResult failing = Run(std::string(sum) + "exit(2)\n", kSumTests);
  EXPECT_EQ(failing.overall, Verdict::kRuntimeError);
  EXPECT_EQ(failing.tests[0].detail, "exit status 2");
  // Also in the form only APPS's function wrapper compiles (a top-level return).
  EXPECT_EQ(Run(std::string(sum) + "if a:\n    exit()\nreturn\n", kSumTests).overall,
            Verdict::kPassed);
}

TEST_F(SandboxRunTest, SyntaxErrorIsACompileErrorAndNoTestRuns) {
  RunResult r = Run("print('ok')\nif True print(1)\n", kSumTests);
  EXPECT_EQ(r.overall, Verdict::kCompileError);
  EXPECT_EQ(r.passed, 0);
  EXPECT_NE(r.compile_detail.find("SyntaxError"), std::string::npos) << r.compile_detail;
  EXPECT_NE(r.compile_detail.find("line 2"), std::string::npos) << r.compile_detail;
  for (const TestOutcome& t : r.tests) EXPECT_EQ(t.verdict, Verdict::kCompileError);
}

TEST_F(SandboxRunTest, BinaryGarbageIsACompileError) {
  const std::string garbage(
      "\x7f"
      "ELF\x02\x01\x01\x00\xff\xfe\x00\x00garbage",
      20);
  RunResult r = Run(garbage, kSumTests);
  EXPECT_EQ(r.overall, Verdict::kCompileError);
  EXPECT_FALSE(r.compile_detail.empty());
}

TEST_F(SandboxRunTest, EmptyProgramPrintsNothing) {
  EXPECT_EQ(Run("", kSumTests).overall, Verdict::kWrongAnswer);
  EXPECT_EQ(Run("", R"({"inputs": ["x"], "outputs": [""]})").overall, Verdict::kPassed);
}

TEST_F(SandboxRunTest, InfiniteLoopHitsThePerTestTimeLimit) {
  Limits limits;
  limits.time_limit_s = 0.5;
  RunResult r = Run("while True:\n    pass\n", kSumTests, limits);
  EXPECT_EQ(r.overall, Verdict::kTimeLimit);
  for (const TestOutcome& t : r.tests) {
    EXPECT_EQ(t.verdict, Verdict::kTimeLimit);
    EXPECT_GE(t.wall_s, 0.5);
  }
}

TEST_F(SandboxRunTest, TotalTimeLimitLeavesLaterTestsUnrun) {
  Limits limits;
  limits.time_limit_s = 0.4;
  limits.total_time_limit_s = 1.0;
  RunResult r = Run("while True:\n    pass\n",
                    R"({"inputs": ["1", "2", "3", "4"], "outputs": ["1", "2", "3", "4"]})", limits);
  ASSERT_EQ(r.tests.size(), 4u);
  for (const TestOutcome& t : r.tests) EXPECT_EQ(t.verdict, Verdict::kTimeLimit);
  EXPECT_NE(r.tests[3].detail.find("not run"), std::string::npos) << r.tests[3].detail;
}

TEST_F(SandboxRunTest, AllocationBeyondTheLimitIsAMemoryLimit) {
  Limits limits;
  limits.memory_mb = 256;
  RunResult r = Run("x = bytearray(512 * 1024 * 1024)\nprint(len(x))\n", kSumTests, limits);
  EXPECT_EQ(r.overall, Verdict::kMemoryLimit);
  EXPECT_EQ(r.tests[0].detail, "MemoryError");
  EXPECT_LT(r.tests[0].peak_memory_kb, 256 * 1024);
}

TEST_F(SandboxRunTest, TooMuchOutputIsAnOutputLimit) {
  Limits limits;
  limits.output_limit_bytes = 1000;
  RunResult r = Run("print('x' * 100000)\n", kSumTests, limits);
  EXPECT_EQ(r.overall, Verdict::kOutputLimit);
}

TEST_F(SandboxRunTest, LargeStandardInputIsReadWhole) {
  const std::string big(5 << 20, 'a');
  RunResult r = Run("import sys\nprint(len(sys.stdin.read()))\n",
                    R"({"inputs": [")" + big + R"("], "outputs": ["5242880"]})");
  EXPECT_EQ(r.overall, Verdict::kPassed) << r.tests[0].detail;
}

TEST_F(SandboxRunTest, CallBasedFunctionWithCodewarsWrapping) {
  RunResult r = Run("def add(a, b):\n    return a + b\n",
                    R"({"fn_name": "add", "inputs": [[1, 2], [3, 4], [[1], [2]]],
                        "outputs": [[3], 7, [[1, 2]]]})");
  EXPECT_EQ(r.overall, Verdict::kPassed) << r.tests[0].detail;
  EXPECT_EQ(r.passed, 3);
}

TEST_F(SandboxRunTest, CallBasedSolutionClassGetsAppsImports) {
  // LeetCode code uses List without importing it: APPS's harness provides it.
  RunResult r =
      Run("class Solution:\n"
          "    def thirdMax(self, nums: List[int]) -> int:\n"
          "        s = sorted(set(nums))\n"
          "        return s[-3] if len(s) >= 3 else s[-1]\n",
          R"({"fn_name": "thirdMax", "inputs": [[[3, 2, 1]], [[1, 2]]], "outputs": [1, 2]})");
  EXPECT_EQ(r.overall, Verdict::kPassed) << r.tests[0].detail;
}

TEST_F(SandboxRunTest, CallBasedEdgeCases) {
  const char* tests = R"({"fn_name": "f", "inputs": [[{"1": "a", "2": "b"}]], "outputs": [3]})";
  // A dict argument's keys come back as ints, as in APPS; prints do not disturb the result.
  EXPECT_EQ(Run("def f(d):\n    print('noise')\n    return sum(d.keys())\n", tests).overall,
            Verdict::kPassed);
  RunResult missing = Run("def g(d):\n    return 3\n", tests);
  EXPECT_EQ(missing.overall, Verdict::kRuntimeError);
  EXPECT_NE(missing.tests[0].detail.find("AttributeError"), std::string::npos);
  RunResult set = Run("def f(d):\n    return {3}\n", tests);
  EXPECT_EQ(set.overall, Verdict::kWrongAnswer);
  EXPECT_NE(set.tests[0].detail.find("not JSON"), std::string::npos) << set.tests[0].detail;
  EXPECT_EQ(Run("def f(d):\n    return (1, 2)\n",
                R"({"fn_name": "f", "inputs": [[0]], "outputs": [[1, 2]]})")
                .overall,
            Verdict::kPassed);
  RunResult exits = Run("import sys\ndef f(d):\n    sys.exit(0)\n", tests);
  EXPECT_EQ(exits.overall, Verdict::kRuntimeError);
  EXPECT_NE(exits.tests[0].detail.find("without returning"), std::string::npos);
}

TEST_F(SandboxRunTest, FunctionNameHoldingThePlaceholderIsSubstitutedOnce) {
  // The language's command lines name the function as "{fn_name}"; a name that itself holds
  // that text used to be substituted again and again, for ever.
  RunResult r = Run("def f():\n    return 1\n",
                    R"({"fn_name": "x{fn_name}", "inputs": [[]], "outputs": [1]})");
  EXPECT_EQ(r.overall, Verdict::kRuntimeError);
  EXPECT_NE(r.tests[0].detail.find("x{fn_name}"), std::string::npos) << r.tests[0].detail;
}

TEST_F(SandboxRunTest, RunsDebiansPythonWithNumpyAndAFixedHashSeed) {
  const char* program =
      "import sys, numpy\n"
      "print(sys.executable, int(numpy.array([1, 2]).sum()), hash('ponder'))\n";
  RunResult a = Run(program, R"({"inputs": [""], "outputs": ["x"]})");
  RunResult b = Run(program, R"({"inputs": [""], "outputs": ["x"]})");
  ASSERT_EQ(a.overall, Verdict::kWrongAnswer) << a.tests[0].detail;
  EXPECT_NE(a.tests[0].detail.find("got /usr/bin/python3 3 "), std::string::npos)
      << a.tests[0].detail;
  EXPECT_EQ(a.tests[0].detail, b.tests[0].detail);  // same hash('ponder') both times
}

TEST_F(SandboxRunTest, ProgramSeesOnlyItsOwnWorld) {
  const Layers& on = sandbox_->jail().active();
  if (!on.user_namespace || !on.pid_namespace || !on.mount_namespace) {
    GTEST_SKIP() << sandbox_->jail().Report();
  }
  const char* program =
      "import os\n"
      "print(os.getuid(), os.getgid(), os.getpid(), sorted(os.listdir('/')), os.getcwd())\n"
      "print(sorted(os.listdir('/work')), sorted(os.listdir('/dev')), "
      "sorted(os.listdir('/etc')))\n";
  RunResult r = Run(
      program, R"({"inputs": [""], "outputs": ["1000 1000 1 ['bin', 'dev', 'etc', 'lib', 'lib64',)"
               R"( 'sbin', 'tmp', 'usr', 'work'] /work\n['main.py', 'ponder_driver.py'])"
               R"( ['null', 'random', 'urandom', 'zero'] ['alternatives', 'ld.so.cache']"]})");
  EXPECT_EQ(r.overall, Verdict::kPassed) << r.tests[0].detail;
}

TEST_F(SandboxRunTest, ProgramHasNoPrivilegeLeft) {
  const char* program =
      "import os\n"
      "for name, call in [('setuid', lambda: os.setuid(0)), ('chown', lambda: os.chown('/tmp', 0, "
      "0)),\n"
      "                   ('mknod', lambda: os.mknod('/tmp/n', 0o20666, os.makedev(1, 3)))]:\n"
      "    try:\n"
      "        call()\n"
      "        print(name, 'ALLOWED')\n"
      "    except OSError as e:\n"
      "        print(name, 'refused')\n";
  RunResult r = Run(
      program, R"({"inputs": [""], "outputs": ["setuid refused\nchown refused\nmknod refused"]})");
  EXPECT_EQ(r.overall, Verdict::kPassed) << r.tests[0].detail;
}

}  // namespace
}  // namespace ponder::sandbox
