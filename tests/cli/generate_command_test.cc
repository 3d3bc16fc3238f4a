// `ponder generate` end to end: the built binary on the real stories260K folder.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>

namespace ponder {
namespace {

const std::string kStories = std::string(PONDER_SHARED_DIR) + "/models/stories260K";

struct CommandRun {
  int exit_code = -1;
  std::string out;
};

// Runs `ponder ARGS`, capturing stdout (stderr joins it when `with_stderr`).
CommandRun Ponder(const std::string& args, bool with_stderr = false) {
  const std::string command =
      std::string(PONDER_BINARY_DIR) + "/ponder " + args + (with_stderr ? " 2>&1" : " 2>/dev/null");
  FILE* pipe = popen(command.c_str(), "r");
  CommandRun run;
  char buffer[4096];
  for (size_t n; (n = fread(buffer, 1, sizeof buffer, pipe)) > 0;) run.out.append(buffer, n);
  const int status = pclose(pipe);
  run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return run;
}

TEST(GenerateCommandTest, GreedyPrintsRunCsCompletionOnly) {
  std::ifstream in(kStories + "/reference/greedy.jsonl");
  std::string line;
  std::getline(in, line);
  const std::string text = nlohmann::json::parse(line)["text"];  // "Once upon a time, ..."
  const CommandRun run = Ponder("generate " + kStories +
                                " --prompt 'Once upon a time' --max-tokens 40 --temperature 0");
  ASSERT_EQ(run.exit_code, 0);
  ASSERT_GT(run.out.size(), 100u);
  EXPECT_EQ(run.out, text.substr(16, run.out.size())) << "the completion, without the prompt";
}

TEST(GenerateCommandTest, SamplingIsSeeded) {
  const std::string args = "generate " + kStories + " --prompt 'The cat' --max-tokens 30";
  const CommandRun a = Ponder(args + " --seed 1"), b = Ponder(args + " --seed 1"),
                   c = Ponder(args + " --seed 2");
  ASSERT_EQ(a.exit_code, 0);
  EXPECT_EQ(a.out, b.out);
  EXPECT_NE(a.out, c.out);
}

TEST(GenerateCommandTest, ErrorsGoToStderrWithAStatus) {
  const CommandRun missing = Ponder("generate /nonexistent --prompt hi", true);
  EXPECT_EQ(missing.exit_code, 1);
  EXPECT_NE(missing.out.find("ponder generate: "), std::string::npos) << missing.out;
  const CommandRun long_prompt =
      Ponder("generate " + kStories + " --prompt \"$(printf 'a %.0s' $(seq 600))\"", true);
  EXPECT_EQ(long_prompt.exit_code, 1);
  EXPECT_NE(long_prompt.out.find("context length"), std::string::npos) << long_prompt.out;
  EXPECT_NE(Ponder("generate " + kStories + " --prompt x --temperature -1").exit_code, 0);
  const CommandRun no_tokens = Ponder("generate " + kStories + " --prompt x --max-tokens -5", true);
  EXPECT_NE(no_tokens.exit_code, 0);
  EXPECT_NE(no_tokens.out.find("--max-tokens: must be at least 1, got -5"), std::string::npos)
      << no_tokens.out;
}

}  // namespace
}  // namespace ponder
