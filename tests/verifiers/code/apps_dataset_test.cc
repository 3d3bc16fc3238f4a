#include "verifiers/code/apps_dataset.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "sandbox/test_suite.h"

namespace ponder {
namespace {

const std::string kAppsPath = std::string(PONDER_SHARED_DIR) + "/data/apps/train_subset.jsonl";

TEST(AppsDatasetTest, ReadsTheSharedTrainSubset) {
  auto problems = ReadAppsProblems(kAppsPath);
  ASSERT_TRUE(problems.ok()) << problems.status().ToString();
  ASSERT_EQ(problems->size(), 135u);  // ../shared/data/README.md
  int call_based = 0, solutions = 0;
  for (const AppsProblem& p : *problems) {
    call_based += p.fn_name.empty() ? 0 : 1;
    solutions += static_cast<int>(p.solutions.size());
    EXPECT_GE(p.solutions.size(), 1u) << p.id;
    EXPECT_GE(p.test_count(), 1u) << p.id;
    // Every problem's tests are valid for the sandbox, whole and cut to one test.
    auto all = sandbox::TestSuite::Parse(p.TestsJson(), p.id);
    ASSERT_TRUE(all.ok()) << all.status().ToString();
    EXPECT_EQ(all->size(), p.test_count());
    EXPECT_EQ(all->kind() == sandbox::TestKind::kCallBased, !p.fn_name.empty());
    auto first = sandbox::TestSuite::Parse(p.TestsJson(1), p.id);
    ASSERT_TRUE(first.ok());
    EXPECT_EQ(first->size(), 1u);
  }
  EXPECT_EQ(call_based, 7);
  EXPECT_EQ(solutions, 386);
  EXPECT_EQ(problems->front().id, "train/0002");
  EXPECT_EQ(problems->front().difficulty, "interview");
}

TEST(AppsDatasetTest, BadFilesNameTheLine) {
  const std::filesystem::path dir = ::testing::TempDir();
  const std::string path = (dir / "bad_apps.jsonl").string();
  std::ofstream(path) << R"({"id": "a", "inputs": ["1"], "outputs": ["1"], "solutions": []})"
                      << "\n"
                      << R"({"id": "b", "inputs": ["1", "2"], "outputs": ["1"], "solutions": []})"
                      << "\n";
  auto problems = ReadAppsProblems(path);
  ASSERT_FALSE(problems.ok());
  EXPECT_NE(problems.status().message().find("bad_apps.jsonl:2 (b)"), std::string::npos)
      << problems.status().message();
  EXPECT_NE(problems.status().message().find("\"inputs\" has 2 entries but \"outputs\" has 1"),
            std::string::npos);
  EXPECT_EQ(ReadAppsProblems(path + ".missing").status().code(), StatusCode::kNotFound);
  // A folder opens as a stream with no lines: it must not read as a file without problems.
  auto folder = ReadAppsProblems(dir.string());
  ASSERT_FALSE(folder.ok());
  EXPECT_NE(folder.status().message().find("is a directory"), std::string::npos)
      << folder.status().message();
  EXPECT_EQ(ParseAppsProblem("not json", "x:1").status().message(), "x:1: not a JSON object");
  EXPECT_NE(ParseAppsProblem(R"({"inputs": []})", "x:1").status().message().find("\"id\""),
            std::string::npos);
}

}  // namespace
}  // namespace ponder
