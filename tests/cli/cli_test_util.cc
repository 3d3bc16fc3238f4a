#include "tests/cli/cli_test_util.h"

#include <gtest/gtest.h>
#include <sys/wait.h>

#include <fstream>
#include <sstream>

namespace ponder::testing {

namespace fs = std::filesystem;

std::string Slurp(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string SyntheticExperiment(const std::string& name, int count, const std::string& more) {
  return "name: " + name +
         "\nseed: 2\ndataset: {name: synthetic_arithmetic, count: " + std::to_string(count) +
         ", terms: 5}\n"
         "policy: {name: synthetic, skill: 0.8}\n"
         "scorer: {name: synthetic_prm, noise: 1.0}\n"
         "grader: {name: exact}\n"
         "algorithm: {name: best_of_n, n: 2}\n" +
         more;
}

void Write(const fs::path& path, const std::string& text) { std::ofstream(path) << text; }

fs::path TempDir() {
  const auto* test = ::testing::UnitTest::GetInstance()->current_test_info();
  const fs::path dir = fs::path(::testing::TempDir()) / test->test_suite_name() / test->name();
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

Output Ponder(const std::string& args, const fs::path& dir) {
  const std::string command = "cd '" + dir.string() + "' && " PONDER_BINARY_DIR "/ponder " + args +
                              " >stdout.txt 2>stderr.txt </dev/null";
  const int status = std::system(command.c_str());
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, Slurp(dir / "stdout.txt"),
          Slurp(dir / "stderr.txt")};
}

}  // namespace ponder::testing
