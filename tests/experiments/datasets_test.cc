#include "experiments/datasets/datasets.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>

#include "experiments/components.h"

namespace ponder::experiments {
namespace {

class DatasetsTest : public ::testing::Test {
 protected:
  void SetUp() override { RegisterBuiltinDatasets(registry_); }

  StatusOr<std::unique_ptr<Dataset>> Load(const std::string& name, Params params) {
    return registry_.Create("dataset", name, params, env_);
  }

  std::string WriteFile(const std::string& name, const std::string& text) {
    const auto path = std::filesystem::path(::testing::TempDir()) / name;
    std::ofstream(path, std::ios::binary) << text;
    return path.string();
  }

  DatasetRegistry registry_;
  ComponentEnv env_{.base_dir = PONDER_SHARED_DIR};
};

TEST_F(DatasetsTest, Math500HasFiveHundredUniqueProblemsWithAnswers) {
  auto data = Load("math500", {{"path", "data/math500/test.jsonl"}});
  ASSERT_TRUE(data.ok()) << data.status().ToString();
  EXPECT_EQ((*data)->label, "MATH500");
  ASSERT_EQ((*data)->items.size(), 500u);
  std::set<std::string> ids;
  for (const DatasetItem& item : (*data)->items) {
    ids.insert(item.problem.id);
    EXPECT_FALSE(item.problem.prompt.empty());
    EXPECT_FALSE(item.reference.answer.empty());
  }
  EXPECT_EQ(ids.size(), 500u);
  // The answer is for the grader only: the search's view of the problem does not carry it.
  for (const auto& [key, value] : (*data)->items[0].problem.attributes) EXPECT_NE(key, "answer");
  EXPECT_EQ((*data)->items[0].problem.attributes.at("level").size(), 1u);
}

TEST_F(DatasetsTest, Aime2024HasThirtyIntegerAnswers) {
  auto data = Load("aime2024", {{"path", "data/aime/aime2024.jsonl"}});
  ASSERT_TRUE(data.ok()) << data.status().ToString();
  ASSERT_EQ((*data)->items.size(), 30u);
  for (const DatasetItem& item : (*data)->items) {
    EXPECT_EQ(item.reference.answer.find_first_not_of("0123456789"), std::string::npos);
  }
}

TEST_F(DatasetsTest, AppsSplitsPublicTestsFromAllTestsAndSaysTrainSplit) {
  auto data = Load("apps", {{"path", "data/apps/train_subset.jsonl"}});
  ASSERT_TRUE(data.ok()) << data.status().ToString();
  EXPECT_EQ((*data)->items.size(), 135u);
  EXPECT_NE((*data)->label.find("train split"), std::string::npos);
  int call_based = 0;
  for (const DatasetItem& item : (*data)->items) {
    const auto public_tests = nlohmann::json::parse(item.problem.attributes.at("public_tests"));
    const auto all_tests = nlohmann::json::parse(item.reference.tests_json);
    EXPECT_GE(public_tests["inputs"].size(), 1u);
    EXPECT_LE(public_tests["inputs"].size(), all_tests["inputs"].size());
    EXPECT_EQ(public_tests["inputs"][0], all_tests["inputs"][0]);
    call_based += item.problem.attributes.contains("fn_name");
  }
  EXPECT_EQ(call_based, 7);
}

TEST_F(DatasetsTest, AppsPromptIsAppsOwnFormOrAsksAChatModelForACodeBlock) {
  for (const std::string format : {"apps", "instruct"}) {
    auto data = Load("apps", {{"path", "data/apps/train_subset.jsonl"}, {"prompt_format", format}});
    ASSERT_TRUE(data.ok()) << data.status().ToString();
    int checked = 0;
    for (const DatasetItem& item : (*data)->items) {
      const std::string& prompt = item.problem.prompt;
      const bool call_based = item.problem.attributes.contains("fn_name");
      const std::string& starter = item.problem.attributes.at("starter_code");
      if (!starter.empty()) {
        EXPECT_NE(prompt.find(starter), std::string::npos) << item.problem.id;
      }
      if (format == "apps") {
        EXPECT_TRUE(prompt.starts_with("\nQUESTION:\n")) << prompt;
        EXPECT_TRUE(prompt.ends_with(call_based ? "\nUse Call-Based format\nANSWER:\n"
                                                : "\nUse Standard Input format\nANSWER:\n"))
            << prompt;
      } else {
        EXPECT_EQ(prompt.find("QUESTION:"), std::string::npos);
        EXPECT_NE(prompt.find(call_based ? "return value" : "standard input"), std::string::npos);
        EXPECT_TRUE(prompt.ends_with("```python code block.")) << prompt;
      }
      ++checked;
    }
    EXPECT_EQ(checked, 135);
  }
  EXPECT_NE(Load("apps", {{"path", "data/apps/train_subset.jsonl"}, {"prompt_format", "chat"}})
                .status()
                .message()
                .find("prompt_format"),
            std::string::npos);
}

TEST_F(DatasetsTest, GenericJsonlMapsFields) {
  const std::string path =
      WriteFile("mapped.jsonl", R"({"qid": "a", "q": "1+1?", "gold": 2, "topic": "sums"})"
                                "\n\n"
                                R"({"qid": "b", "q": "2+2?", "gold": "4", "topic": "sums"})"
                                "\n");
  auto data = Load("jsonl", {{"path", path},
                             {"id_field", "qid"},
                             {"prompt_field", "q"},
                             {"answer_field", "gold"},
                             {"attribute_fields", "topic"}});
  ASSERT_TRUE(data.ok()) << data.status().ToString();
  ASSERT_EQ((*data)->items.size(), 2u);
  EXPECT_EQ((*data)->items[0].reference.answer, "2");
  EXPECT_EQ((*data)->items[1].problem.attributes.at("topic"), "sums");
}

TEST_F(DatasetsTest, BadLinesNameTheFileLineAndField) {
  const std::string missing = WriteFile("missing.jsonl", "{\"id\": \"a\", \"problem\": \"x\"}\n");
  EXPECT_EQ(Load("jsonl", {{"path", missing}}).status().message(),
            missing + ":1: missing field 'answer'");

  const std::string dup = WriteFile("dup.jsonl",
                                    "{\"id\": \"a\", \"problem\": \"x\", \"answer\": \"1\"}\n"
                                    "{\"id\": \"a\", \"problem\": \"y\", \"answer\": \"2\"}\n");
  EXPECT_EQ(Load("jsonl", {{"path", dup}}).status().message(), dup + ":2: duplicate id 'a'");

  const std::string empty_id =
      WriteFile("empty_id.jsonl", "{\"id\": \"\", \"problem\": \"x\", \"answer\": \"1\"}\n");
  EXPECT_EQ(Load("jsonl", {{"path", empty_id}}).status().message(), empty_id + ":1: empty id");

  const std::string latin1 =
      WriteFile("latin1.jsonl", "{\"id\": \"a\", \"problem\": \"caf\xe9\", \"answer\": \"1\"}\n");
  const Status bad_utf8 = Load("jsonl", {{"path", latin1}}).status();
  EXPECT_NE(bad_utf8.message().find(latin1 + ":1: not a valid JSON line"), std::string::npos);

  const std::string empty = WriteFile("empty.jsonl", "");
  EXPECT_EQ(Load("jsonl", {{"path", empty}}).status().message(),
            empty + ": the dataset file is empty");
  const std::string blank = WriteFile("blank.jsonl", "\n  \n\t\n");
  EXPECT_EQ(Load("jsonl", {{"path", blank}}).status().message(),
            blank + ": the dataset file is empty");

  EXPECT_EQ(Load("jsonl", {}).status().message(), "dataset: path: the dataset file must be given");
  EXPECT_EQ(Load("math500", {{"path", "nope.jsonl"}}).status().code(), StatusCode::kNotFound);
}

TEST_F(DatasetsTest, AppsRejectsTestsOfDifferentLengths) {
  const std::string path = WriteFile(
      "apps_bad.jsonl",
      R"({"id": "train/1", "question": "q", "inputs": ["1\n", "2\n"], "outputs": ["1\n"]})"
      "\n");
  EXPECT_EQ(Load("apps", {{"path", path}}).status().message(),
            path + ":1 (train/1): \"inputs\" has 2 entries but \"outputs\" has 1");
}

TEST_F(DatasetsTest, SyntheticProblemsAreDeterministicPerSeed) {
  auto a = Load("synthetic_arithmetic", {{"count", 5}, {"seed", 3}});
  auto b = Load("synthetic_arithmetic", {{"count", 5}, {"seed", 3}});
  auto c = Load("synthetic_arithmetic", {{"count", 5}, {"seed", 4}});
  ASSERT_TRUE(a.ok() && b.ok() && c.ok());
  EXPECT_EQ((*a)->items[4].problem.prompt, (*b)->items[4].problem.prompt);
  EXPECT_NE((*a)->items[4].problem.prompt, (*c)->items[4].problem.prompt);
  EXPECT_EQ((*a)->items[0].problem.id, "synthetic/00000");
}

}  // namespace
}  // namespace ponder::experiments
