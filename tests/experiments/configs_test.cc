// Every config under configs/ is valid: it parses, every run's settings pass every
// component's checks, and its data set loads. Model paths are parameters of the model
// configs, so they are given here as a user gives them (--set policy.path=...).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "experiments/model_components.h"
#include "experiments/runner.h"

namespace ponder::experiments {
namespace {

namespace fs = std::filesystem;

std::vector<fs::path> AllConfigs() {
  std::vector<fs::path> out;
  for (const auto& entry :
       fs::recursive_directory_iterator(std::string(PONDER_SOURCE_DIR) + "/configs")) {
    if (entry.path().extension() == ".yaml") out.push_back(entry.path());
  }
  std::sort(out.begin(), out.end());
  return out;
}

class ConfigsTest : public ::testing::TestWithParam<fs::path> {};

TEST_P(ConfigsTest, ParsesChecksAndLoadsItsData) {
  const fs::path path = GetParam();
  std::stringstream text;
  text << std::ifstream(path).rdbuf();
  std::vector<std::string> overrides;
  const std::string stories = std::string(PONDER_SHARED_DIR) + "/models/stories260K";
  if (text.str().find("name: lm ") != std::string::npos) {
    overrides.push_back("policy.path=" + stories);
  }
  if (text.str().find("name: reward_model ") != std::string::npos) {
    overrides.push_back("scorer.path=" + stories);
  }
  auto config = LoadExperimentConfig(path, overrides);
  ASSERT_TRUE(config.ok()) << config.status().ToString();
  ASSERT_FALSE(config->runs.empty());

  Components components;
  RegisterBuiltinComponents(components);
  RegisterModelComponents(components);
  for (const RunConfig& run : config->runs) {
    Status valid = CheckRunConfig(run, components);
    EXPECT_TRUE(valid.ok()) << path << ": " << valid.ToString();
  }
  const RunConfig& run = config->runs[0];
  auto dataset = components.datasets.Create("dataset", run.dataset.name, run.dataset.params,
                                            ComponentEnv{.base_dir = run.base_dir});
  ASSERT_TRUE(dataset.ok()) << path << ": " << dataset.status().ToString();
  EXPECT_FALSE((*dataset)->items.empty());
}

INSTANTIATE_TEST_SUITE_P(Configs, ConfigsTest, ::testing::ValuesIn(AllConfigs()),
                         [](const auto& info) {
                           std::string name =
                               fs::relative(info.param, std::string(PONDER_SOURCE_DIR) + "/configs")
                                   .replace_extension()
                                   .string();
                           for (char& c : name) {
                             if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
                           }
                           return name;
                         });

}  // namespace
}  // namespace ponder::experiments
