// `ponder exec` and `ponder apps-check`, run as a user runs them: the real binary, real files.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

namespace ponder {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

struct Output {
  int exit_code;
  std::string out, err;
};

class SandboxCommandsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::path(::testing::TempDir()) / ("sandbox_cli_" + std::to_string(getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::string Write(const std::string& name, const std::string& text) {
    std::ofstream(dir_ / name, std::ios::binary) << text;
    return (dir_ / name).string();
  }

  Output Ponder(const std::string& args) {
    const std::string command = "cd '" + dir_.string() + "' && " PONDER_BINARY_DIR "/ponder " +
                                args + " >stdout.txt 2>stderr.txt </dev/null";
    const int status = std::system(command.c_str());
    return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, Slurp(dir_ / "stdout.txt"),
            Slurp(dir_ / "stderr.txt")};
  }

  // Runs `ponder exec` and parses its one JSON object.
  json Exec(const std::string& program, const std::string& tests, const std::string& flags = "") {
    Write("program.py", program);
    Write("tests.json", tests);
    Output o = Ponder("exec program.py --tests tests.json " + flags);
    EXPECT_EQ(o.exit_code, 0) << o.err;
    EXPECT_EQ(std::count(o.out.begin(), o.out.end(), '\n'), 1) << o.out;
    json result = json::parse(o.out, nullptr, false);
    EXPECT_FALSE(result.is_discarded()) << o.out;
    return result;
  }

  static std::string Slurp(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
  }

  fs::path dir_;
};

constexpr const char* kSum = "a, b = map(int, input().split())\nprint(a + b)\n";
constexpr const char* kSumTests = R"({"inputs": ["1 2\n", "3 4\n"], "outputs": ["3\n", "7\n"]})";

TEST_F(SandboxCommandsTest, ExecPrintsVerdictsTimeAndMemory) {
  json r = Exec(kSum, kSumTests);
  EXPECT_EQ(r["verdict"], "passed");
  EXPECT_EQ(r["passed"], 2);
  EXPECT_EQ(r["tests"], 2);
  ASSERT_EQ(r["results"].size(), 2u);
  EXPECT_EQ(r["results"][1]["verdict"], "passed");
  EXPECT_GT(r["peak_memory_kb"].get<int64_t>(), 0);
  EXPECT_GT(r["wall_s"].get<double>(), 0);
  EXPECT_EQ(r["program"], "program.py");
}

TEST_F(SandboxCommandsTest, ExecReportsEachFailureKind) {
  json wrong = Exec("print(0)", kSumTests);
  EXPECT_EQ(wrong["verdict"], "wrong_answer");
  EXPECT_EQ(wrong["passed"], 0);
  json slow =
      Exec("while True:\n    pass\n", R"({"inputs": [""], "outputs": [""]})", "--time-limit 0.5");
  EXPECT_EQ(slow["verdict"], "time_limit");
  json big = Exec("x = bytearray(200 * 1024 * 1024)", R"({"inputs": [""], "outputs": [""]})",
                  "--memory-mb 64");
  EXPECT_EQ(big["verdict"], "memory_limit");
  json crash = Exec("raise KeyError('k')", kSumTests);
  EXPECT_EQ(crash["verdict"], "runtime_error");
  EXPECT_EQ(crash["results"][0]["detail"], "KeyError: 'k'");
  json call = Exec("def f(a):\n    return [a, a]\n",
                   R"({"fn_name": "f", "inputs": [[1], [2]], "outputs": [[[1, 1]], [2, 2]]})");
  EXPECT_EQ(call["verdict"], "passed");
}

TEST_F(SandboxCommandsTest, ExecGivesAClearVerdictOnBadPrograms) {
  json syntax = Exec("def f(:\n", kSumTests);
  EXPECT_EQ(syntax["verdict"], "compile_error");
  EXPECT_NE(syntax["compile_detail"].get<std::string>().find("SyntaxError"), std::string::npos);
  json garbage = Exec(std::string("\x00\xff\xfe\x89PNG\r\n", 8), kSumTests);
  EXPECT_EQ(garbage["verdict"], "compile_error");
  json empty = Exec("", kSumTests);
  EXPECT_EQ(empty["verdict"], "wrong_answer");
  // Bytes that are not UTF-8 still give valid JSON (parsed above) with U+FFFD in the detail.
  json bytes = Exec("import sys\nsys.stdout.buffer.write(b'\\xff\\xfe ok')", kSumTests);
  EXPECT_EQ(bytes["verdict"], "wrong_answer");
  EXPECT_NE(bytes["results"][0]["detail"].get<std::string>().find("\xEF\xBF\xBD"),
            std::string::npos);
}

TEST_F(SandboxCommandsTest, ExecRejectsBadInputWithAClearError) {
  Write("program.py", kSum);
  Output missing = Ponder("exec nope.py --tests tests.json");
  EXPECT_EQ(missing.exit_code, 1);
  EXPECT_NE(missing.err.find("cannot read program nope.py"), std::string::npos) << missing.err;
  Write("tests.json", "{\"inputs\": [\"1\"");
  Output invalid = Ponder("exec program.py --tests tests.json");
  EXPECT_EQ(invalid.exit_code, 1);
  EXPECT_NE(invalid.err.find("tests.json: tests are not valid JSON"), std::string::npos)
      << invalid.err;
  Write("tests.json", R"({"inputs": ["1", "2"], "outputs": ["1"]})");
  Output lengths = Ponder("exec program.py --tests tests.json");
  EXPECT_EQ(lengths.exit_code, 1);
  EXPECT_NE(lengths.err.find("\"inputs\" has 2 entries but \"outputs\" has 1"), std::string::npos)
      << lengths.err;
  Write("tests.json", kSumTests);
  Output limit = Ponder("exec program.py --tests tests.json --memory-mb 2");
  EXPECT_EQ(limit.exit_code, 1);
  EXPECT_NE(limit.err.find("memory_mb"), std::string::npos) << limit.err;
  EXPECT_TRUE(limit.out.empty());
  // So large that it overflowed into no limit at all.
  Output huge = Ponder("exec program.py --tests tests.json --memory-mb 99999999999999");
  EXPECT_EQ(huge.exit_code, 1);
  EXPECT_NE(huge.err.find("memory_mb"), std::string::npos) << huge.err;
  EXPECT_TRUE(huge.out.empty());
}

TEST_F(SandboxCommandsTest, ExecRefusesADirectoryAsTheProgram) {
  Write("tests.json", kSumTests);
  Output dir = Ponder("exec . --tests tests.json");
  EXPECT_EQ(dir.exit_code, 1);
  EXPECT_NE(dir.err.find("cannot read program .: it is a directory"), std::string::npos) << dir.err;
  EXPECT_TRUE(dir.out.empty());
}

TEST_F(SandboxCommandsTest, AppsCheckPrintsOneLinePerProblemAndASummary) {
  Output o = Ponder("apps-check " PONDER_SHARED_DIR "/data/apps/train_subset.jsonl --limit 3");
  ASSERT_EQ(o.exit_code, 0) << o.err;
  std::vector<json> lines;
  std::istringstream in(o.out);
  for (std::string line; std::getline(in, line);) lines.push_back(json::parse(line));
  ASSERT_EQ(lines.size(), 4u);
  EXPECT_EQ(lines[0]["id"], "train/0002");
  EXPECT_EQ(lines[0]["solutions_tried"], 3);
  EXPECT_EQ(lines[0]["solutions_passed"], 3);
  EXPECT_EQ(lines[0]["verdicts"], json::array({"passed", "passed", "passed"}));
  const json& summary = lines[3];
  EXPECT_EQ(summary["summary"], true);
  EXPECT_EQ(summary["problems"], 3);
  EXPECT_EQ(summary["solutions_tried"], 9);
  EXPECT_EQ(summary["solutions_passed"], 9);
  EXPECT_EQ(summary["solution_pass_share"], 1.0);

  Output bad = Ponder("apps-check missing.jsonl");
  EXPECT_EQ(bad.exit_code, 1);
  EXPECT_NE(bad.err.find("missing.jsonl"), std::string::npos) << bad.err;
}

}  // namespace
}  // namespace ponder
