#include "experiments/config.h"

#include <gtest/gtest.h>

namespace ponder::experiments {
namespace {

const char* kConfig = R"(name: demo
seed: 7
dataset:
  name: synthetic_arithmetic
  count: 10
  limit: 4
policy:
  name: synthetic
  skill: 0.7
scorer:
  name: synthetic_prm
grader:
  name: exact
algorithm:
  name: best_of_n
  n: 8
budget:
  max_tokens: 1000
)";

TEST(ConfigTest, ReadsSectionsWithTheirOrigins) {
  auto config = ParseExperimentConfig(kConfig, "demo.yaml", {});
  ASSERT_TRUE(config.ok()) << config.status().ToString();
  ASSERT_EQ(config->runs.size(), 1u);
  const RunConfig& run = config->runs[0];
  EXPECT_EQ(run.name, "demo");
  EXPECT_EQ(run.seed, 7);
  EXPECT_EQ(run.dataset.name, "synthetic_arithmetic");
  EXPECT_EQ(run.limit, 4);
  EXPECT_EQ(run.dataset.params.Find("limit"), nullptr);
  EXPECT_EQ(run.policy.name, "synthetic");
  ASSERT_TRUE(run.scorer.has_value());
  EXPECT_FALSE(run.answers.has_value());
  const ParamValue* n = run.algorithm.params.Find("n");
  ASSERT_NE(n, nullptr);
  EXPECT_EQ(std::get<int64_t>(n->value()), 8);
  EXPECT_EQ(n->origin(), "demo.yaml:16:6");
  EXPECT_EQ(std::get<double>(run.policy.params.Find("skill")->value()), 0.7);
  EXPECT_NE(run.canonical.find("algorithm.n=8\n"), std::string::npos);
}

TEST(ConfigTest, HowARunExecutesIsNotPartOfItsIdentity) {
  auto a = ParseExperimentConfig(kConfig, "c.yaml", {"runner.threads=1"});
  auto b = ParseExperimentConfig(
      kConfig, "c.yaml",
      {"runner.threads=8", "runner.batch_size=4", "description=on the big machine"});
  auto c = ParseExperimentConfig(kConfig, "c.yaml", {"runner.threads=8", "seed=2"});
  ASSERT_TRUE(a.ok() && b.ok() && c.ok());
  EXPECT_NE(a->runs[0].canonical, b->runs[0].canonical);
  EXPECT_EQ(a->runs[0].identity, b->runs[0].identity);
  EXPECT_NE(a->runs[0].identity, c->runs[0].identity);
  EXPECT_EQ(b->runs[0].identity.find("runner."), std::string::npos);
}

TEST(ConfigTest, AMultiLineDescriptionIsNotPartOfTheIdentity) {
  // A block scalar (`description: |`) holds line breaks; none of its lines may reach the
  // identity, or editing the description would stop a run from resuming.
  auto a = ParseExperimentConfig(std::string(kConfig) + "description: |\n  first\n  second\n",
                                 "c.yaml", {});
  auto b = ParseExperimentConfig(std::string(kConfig) + "description: |\n  first\n  changed\n",
                                 "c.yaml", {});
  auto c = ParseExperimentConfig(kConfig, "c.yaml", {});
  ASSERT_TRUE(a.ok() && b.ok() && c.ok());
  EXPECT_NE(a->runs[0].canonical, b->runs[0].canonical);
  EXPECT_EQ(a->runs[0].identity, b->runs[0].identity);
  EXPECT_EQ(a->runs[0].identity, c->runs[0].identity);
}

TEST(ConfigTest, AMultiLineValueKeepsEveryLineInTheIdentity) {
  // A line of a string value that looks like an execution setting is still part of the value.
  auto a = ParseExperimentConfig(kConfig, "c.yaml",
                                 {"policy.system_prompt=\"Think.\\nrunner.threads=1\""});
  auto b = ParseExperimentConfig(kConfig, "c.yaml",
                                 {"policy.system_prompt=\"Think.\\nrunner.threads=2\""});
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_NE(a->runs[0].identity, b->runs[0].identity);
}

TEST(ConfigTest, QuotedScalarsStayStrings) {
  auto config = ParseExperimentConfig(std::string(kConfig) +
                                          "search:\n  aggregation: \"min\"\n  "
                                          "temperature: '1'\n",
                                      "c.yaml", {});
  ASSERT_TRUE(config.ok());
  const Params& search = config->runs[0].search;
  EXPECT_EQ(std::get<std::string>(search.Find("temperature")->value()), "1");
}

TEST(ConfigTest, UnknownTopLevelKeysNameTheirLine) {
  auto config = ParseExperimentConfig(std::string(kConfig) + "algoritm:\n  n: 3\n", "c.yaml", {});
  EXPECT_EQ(config.status().message(),
            "unknown key 'algoritm' (c.yaml:19:1); expected one of: name, description, seed, "
            "dataset, policy, scorer, grader, answers, algorithm, search, budget, runner, sweep");
}

TEST(ConfigTest, AKeyGivenTwiceIsAnErrorNotAMerge) {
  auto section =
      ParseExperimentConfig(std::string(kConfig) + "algorithm:\n  name: mcts\n", "c.yaml", {});
  EXPECT_EQ(section.status().message(),
            "duplicate key 'algorithm' (c.yaml:19:1); first at c.yaml:14:1");
  auto setting = ParseExperimentConfig(
      "dataset: {name: synthetic_arithmetic, count: 3, count: 4}\n", "d.yaml", {});
  EXPECT_EQ(setting.status().message(),
            "duplicate key 'dataset.count' (d.yaml:1:49); first at d.yaml:1:39");
}

TEST(ConfigTest, MalformedYamlNamesTheLine) {
  auto config = ParseExperimentConfig("dataset:\n  name: [unclosed\n", "bad.yaml", {});
  EXPECT_EQ(config.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(config.status().message().find("bad.yaml:"), std::string::npos);
  EXPECT_NE(config.status().message().find("malformed YAML"), std::string::npos);
}

TEST(ConfigTest, MissingSectionsAndNamesAreErrors) {
  EXPECT_EQ(ParseExperimentConfig("dataset:\n  name: x\n", "c.yaml", {}).status().message(),
            "c.yaml: missing section 'policy:' (with a 'name:')");
  auto no_name = ParseExperimentConfig(
      "dataset:\n  name: x\npolicy:\n  skill: 1\ngrader: {name: exact}\nalgorithm: {name: b}\n",
      "c.yaml", {});
  EXPECT_EQ(no_name.status().message(), "policy (c.yaml:3:1): missing 'name:'");
}

TEST(ConfigTest, NestedMappingsInsideASectionAreRejected) {
  auto config =
      ParseExperimentConfig(std::string(kConfig) + "runner:\n  nested:\n    a: 1\n", "c.yaml", {});
  EXPECT_EQ(config.status().message(),
            "runner.nested (c.yaml:21:5): expected a value or a list of values, not a mapping");
}

TEST(ConfigTest, OverridesReplaceValuesAndRememberTheirSource) {
  auto config =
      ParseExperimentConfig(kConfig, "c.yaml", {"algorithm.n=32", "seed=3", "search.top_p=0.9"});
  ASSERT_TRUE(config.ok()) << config.status().ToString();
  const RunConfig& run = config->runs[0];
  EXPECT_EQ(run.seed, 3);
  const ParamValue* n = run.algorithm.params.Find("n");
  EXPECT_EQ(std::get<int64_t>(n->value()), 32);
  EXPECT_EQ(n->origin(), "--set algorithm.n=32");
  EXPECT_EQ(std::get<double>(run.search.Find("top_p")->value()), 0.9);
}

TEST(ConfigTest, BadOverridesAreErrors) {
  EXPECT_EQ(ParseExperimentConfig(kConfig, "c.yaml", {"algorithm.n"}).status().message(),
            "--set algorithm.n: expected key.path=value");
  EXPECT_EQ(ParseExperimentConfig(kConfig, "c.yaml", {"algo.n=3"}).status().message(),
            "--set algo.n=3: unknown section 'algo'; expected one of: name, description, seed, "
            "dataset, policy, scorer, grader, answers, algorithm, search, budget, runner, sweep");
  EXPECT_FALSE(ParseExperimentConfig(kConfig, "c.yaml", {"seed=-1"}).ok());
  // The override names itself, with no line:column inside its one-line value.
  EXPECT_EQ(ParseExperimentConfig(kConfig, "c.yaml", {"algorithm.n=99999999999999999999"})
                .status()
                .message(),
            "algorithm.n (--set algorithm.n=99999999999999999999): integer out of range: "
            "99999999999999999999");
}

TEST(ConfigTest, SweepsExpandToEveryCombination) {
  auto config = ParseExperimentConfig(
      std::string(kConfig) + "sweep:\n  algorithm.n: [1, 4, 16]\n  budget.max_tokens: [100, 200]\n",
      "c.yaml", {});
  ASSERT_TRUE(config.ok()) << config.status().ToString();
  ASSERT_EQ(config->runs.size(), 6u);
  EXPECT_EQ(std::get<int64_t>(config->runs[0].algorithm.params.Find("n")->value()), 1);
  EXPECT_EQ(std::get<int64_t>(config->runs[1].algorithm.params.Find("n")->value()), 4);
  EXPECT_EQ(std::get<int64_t>(config->runs[5].budget.Find("max_tokens")->value()), 200);
  EXPECT_EQ(config->runs[4].sweep_point.size(), 2u);
  EXPECT_NE(config->runs[0].canonical, config->runs[1].canonical);
}

TEST(ConfigTest, AnOverrideOfASweptKeyIsAnErrorNotIgnored) {
  // The sweep sets algorithm.n in every run, so `--set algorithm.n=8` would silently run
  // n = 1, 4 and 16 instead of 8.
  const std::string swept = std::string(kConfig) + "sweep:\n  algorithm.n: [1, 4, 16]\n";
  EXPECT_EQ(ParseExperimentConfig(swept, "c.yaml", {"algorithm.n=8"}).status().message(),
            "algorithm.n (--set algorithm.n=8): the sweep varies this key "
            "(sweep.algorithm.n (c.yaml:20:16)), so the override would be ignored; "
            "override the sweep instead: --set 'sweep.algorithm.n=[...]'");
  // The key set in the file beside the sweep is its default, as before; so is an override
  // of the sweep itself.
  auto config = ParseExperimentConfig(swept, "c.yaml", {"sweep.algorithm.n=[8]"});
  ASSERT_TRUE(config.ok()) << config.status().ToString();
  ASSERT_EQ(config->runs.size(), 1u);
  EXPECT_EQ(std::get<int64_t>(config->runs[0].algorithm.params.Find("n")->value()), 8);
}

TEST(ConfigTest, SweepsMustBeListsOfSectionKeys) {
  EXPECT_EQ(ParseExperimentConfig(std::string(kConfig) + "sweep:\n  algorithm.n: 4\n", "c.yaml", {})
                .status()
                .message(),
            "sweep.algorithm.n (c.yaml:20:16): expected a non-empty list of values, got 4");
  EXPECT_FALSE(
      ParseExperimentConfig(std::string(kConfig) + "sweep:\n  bogus.n: [1]\n", "c.yaml", {}).ok());
}

TEST(ConfigTest, ASweepOverAnUnknownSectionNamesItsFileAndLine) {
  EXPECT_EQ(
      ParseExperimentConfig(std::string(kConfig) + "sweep:\n  bogus.n: [1, 2]\n", "c.yaml", {})
          .status()
          .message(),
      "sweep.bogus.n (c.yaml:20:12): unknown section 'bogus'; expected one of: name, "
      "description, seed, dataset, policy, scorer, grader, answers, algorithm, search, "
      "budget, runner, sweep");
}

TEST(ConfigTest, NumbersOutOfRangeAreErrorsNotCrashes) {
  const Status overridden =
      ParseExperimentConfig(kConfig, "c.yaml", {"budget.max_seconds=1e999"}).status();
  EXPECT_EQ(overridden.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(overridden.message().find("number out of range: 1e999"), std::string::npos)
      << overridden.message();
  EXPECT_EQ(
      ParseExperimentConfig(std::string(kConfig) + "search:\n  temperature: 2e-999\n", "c.yaml", {})
          .status()
          .message(),
      "search.temperature (c.yaml:20:16): number out of range: 2e-999");
}

TEST(ConfigTest, MissingFileIsAClearError) {
  auto config = LoadExperimentConfig("/nonexistent/x.yaml", {});
  EXPECT_EQ(config.status().message(), "/nonexistent/x.yaml: cannot open the config file");
}

}  // namespace
}  // namespace ponder::experiments
