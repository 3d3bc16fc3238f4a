// `ponder tokenize` end to end: the built binary, fed the shared reference texts.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "tests/models/tokenizer/reference_cases.h"

namespace ponder {
namespace {

using nlohmann::json;
using testing::ReadJsonLines;
using testing::SharedPath;

struct CommandResult {
  int exit_code = -1;
  std::vector<std::string> lines;
  std::string error;
};

std::string Slurp(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

CommandResult RunPonder(const std::string& args, const std::string& input) {
  const auto dir = std::filesystem::temp_directory_path() /
                   ("ponder_tokenize_test_" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "in") << input;
  const std::string command = std::string(PONDER_BINARY_DIR) + "/ponder tokenize " + args + " < " +
                              (dir / "in").string() + " > " + (dir / "out").string() + " 2> " +
                              (dir / "err").string();
  const int status = std::system(command.c_str());
  CommandResult run;
  run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  std::istringstream out(Slurp(dir / "out"));
  for (std::string line; std::getline(out, line);) run.lines.push_back(line);
  run.error = Slurp(dir / "err");
  std::filesystem::remove_all(dir);
  return run;
}

TEST(TokenizeCommandTest, EncodesAndDecodesTheGpt2Reference) {
  const auto cases = ReadJsonLines(SharedPath("tokenizers/gpt2/reference.jsonl"));
  std::string texts, ids;
  for (const auto& row : cases) {
    texts += row["text"].dump() + "\n";
    ids += row["ids"].dump() + "\n";
  }
  const CommandResult encoded = RunPonder(SharedPath("tokenizers/gpt2"), texts);
  ASSERT_EQ(encoded.exit_code, 0) << encoded.error;
  ASSERT_EQ(encoded.lines.size(), cases.size());
  for (size_t i = 0; i < cases.size(); ++i) {
    EXPECT_EQ(json::parse(encoded.lines[i]), cases[i]["ids"]) << cases[i]["text"].dump();
  }
  const CommandResult decoded = RunPonder("--decode " + SharedPath("tokenizers/gpt2"), ids);
  ASSERT_EQ(decoded.exit_code, 0) << decoded.error;
  ASSERT_EQ(decoded.lines.size(), cases.size());
  for (size_t i = 0; i < cases.size(); ++i) {
    EXPECT_EQ(json::parse(decoded.lines[i]), cases[i]["decoded"]) << cases[i]["text"].dump();
  }
}

TEST(TokenizeCommandTest, AddsNoSpecialTokens) {
  // stories260K's tokenizer prepends <s> when HF encodes with special tokens; tokenize must not.
  const CommandResult run = RunPonder(SharedPath("models/stories260K"), "\"Once upon a time\"\n");
  ASSERT_EQ(run.exit_code, 0) << run.error;
  ASSERT_EQ(run.lines.size(), 1u);
  EXPECT_EQ(run.lines[0], "[403,407,261,378]");
}

TEST(TokenizeCommandTest, BadLinesNameTheLine) {
  const CommandResult not_string =
      RunPonder(SharedPath("tokenizers/gpt2"), "\"fine\"\n[1, 2]\n\"never\"\n");
  EXPECT_EQ(not_string.exit_code, 1);
  EXPECT_EQ(not_string.lines.size(), 1u);  // the good line before the bad one
  EXPECT_NE(not_string.error.find("line 2"), std::string::npos) << not_string.error;

  const CommandResult bad_id =
      RunPonder("--decode " + SharedPath("tokenizers/gpt2"), "[1]\n[99999999]\n");
  EXPECT_EQ(bad_id.exit_code, 1);
  EXPECT_NE(bad_id.error.find("line 2"), std::string::npos) << bad_id.error;
  EXPECT_NE(bad_id.error.find("99999999"), std::string::npos) << bad_id.error;

  const CommandResult no_dir = RunPonder("/nonexistent/model", "\"x\"\n");
  EXPECT_EQ(no_dir.exit_code, 1);
  EXPECT_NE(no_dir.error.find("/nonexistent/model"), std::string::npos) << no_dir.error;
}

}  // namespace
}  // namespace ponder
