// The public-test scorer and the APPS grader on real APPS problems and their reference
// solutions, through a real sandbox pool.
#include <gtest/gtest.h>

#include <algorithm>

#include "sandbox/pool.h"
#include "tests/sandbox/sandbox_test_env.h"
#include "verifiers/code/apps_dataset.h"
#include "verifiers/code/apps_grader.h"
#include "verifiers/code/public_test_scorer.h"

namespace ponder {
namespace {

using sandbox::testing::SandboxTestEnv;

class CodeVerifiersTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto problems =
        ReadAppsProblems(std::string(PONDER_SHARED_DIR) + "/data/apps/train_subset.jsonl");
    ASSERT_TRUE(problems.ok()) << problems.status().ToString();
    problems_ = new std::vector<AppsProblem>(std::move(*problems));
  }
  static void TearDownTestSuite() { delete problems_; }

  void SetUp() override {
    sandbox::PoolOptions options;
    options.workers = 2;
    options.jail = env_.jail_options(2);
    auto pool = sandbox::SandboxPool::Create(options);
    ASSERT_TRUE(pool.ok()) << pool.status().ToString();
    pool_ = std::move(*pool);
  }

  static const AppsProblem& Find(const std::string& id) {
    for (const AppsProblem& p : *problems_) {
      if (p.id == id) return p;
    }
    ADD_FAILURE() << "no problem " << id;
    return problems_->front();
  }

  // A problem as the search sees it: public tests are the first `public_tests` tests.
  static Problem SearchProblem(const AppsProblem& p, size_t public_tests) {
    Problem problem;
    problem.id = p.id;
    problem.attributes["public_tests"] = p.TestsJson(public_tests);
    return problem;
  }

  // A tree whose root has one child per solution text.
  static std::vector<NodeId> AddSolutions(Tree& tree, const std::vector<std::string>& texts) {
    std::vector<NodeId> ids;
    for (const std::string& text : texts) {
      Node node;
      node.text = text;
      node.terminal = true;
      ids.push_back(tree.AddChild(kRootNode, node));
    }
    return ids;
  }

  // A program that prints test 0's expected output whatever its input.
  static std::string PrintsFirstOutput(const AppsProblem& p) {
    return "import sys\nsys.stdout.write(" + p.outputs_json[0] + ")\n";
  }

  SandboxTestEnv env_;
  std::unique_ptr<sandbox::SandboxPool> pool_;
  static inline std::vector<AppsProblem>* problems_ = nullptr;
};

TEST_F(CodeVerifiersTest, PublicTestPassRateRewardsPrograms) {
  const AppsProblem& p = Find("train/2015");  // 18 standard-input tests
  ASSERT_GE(p.test_count(), 4u);
  const Problem problem = SearchProblem(p, 4);
  Tree tree;
  const std::vector<NodeId> nodes =
      AddSolutions(tree, {"Solution:\n```python\n" + p.solutions[0] + "\n```\n",
                          PrintsFirstOutput(p), "print('nothing useful')", "def broken(:\n"});
  PublicTestScorer scorer(*pool_, sandbox::Limits{});
  std::vector<ScoreRequest> requests;
  for (NodeId n : nodes) requests.push_back({&problem, &tree, n});
  auto scores = scorer.ScoreBatch(requests);
  ASSERT_EQ(scores.size(), 4u);
  for (const auto& s : scores) ASSERT_TRUE(s.ok()) << s.status().ToString();
  EXPECT_EQ(scores[0]->step_scores, std::vector<double>{1.0});
  EXPECT_EQ(scores[1]->step_scores, std::vector<double>{0.25});  // 1 of the 4 public tests
  EXPECT_EQ(scores[2]->step_scores, std::vector<double>{0.0});
  EXPECT_EQ(scores[3]->step_scores, std::vector<double>{0.0});  // a syntax error scores 0

  // Scoring the same programs again runs nothing: PG-TD revisits programs.
  const sandbox::CacheStats before = pool_->cache_stats();
  auto again = scorer.ScoreBatch(requests);
  EXPECT_EQ(pool_->cache_stats().misses, before.misses);
  EXPECT_EQ(pool_->cache_stats().hits, before.hits + 4);
  EXPECT_EQ(again[1]->step_scores, scores[1]->step_scores);
}

TEST_F(CodeVerifiersTest, CallBasedProblemsScoreToo) {
  const AppsProblem& p = Find("train/2411");  // LeetCode's thirdMax, class Solution
  const Problem problem = SearchProblem(p, 1);
  Tree tree;
  const std::vector<NodeId> nodes =
      AddSolutions(tree, {p.solutions[0],
                          "class Solution:\n    def thirdMax(self, nums):\n"
                          "        return -1\n"});
  PublicTestScorer scorer(*pool_, sandbox::Limits{});
  auto scores = scorer.ScoreBatch(
      std::vector<ScoreRequest>{{&problem, &tree, nodes[0]}, {&problem, &tree, nodes[1]}});
  ASSERT_TRUE(scores[0].ok() && scores[1].ok());
  EXPECT_EQ(scores[0]->step_scores, std::vector<double>{1.0});
  EXPECT_EQ(scores[1]->step_scores, std::vector<double>{0.0});
}

TEST_F(CodeVerifiersTest, ScorerFailsOnlyTheBadRequest) {
  const AppsProblem& p = Find("train/0002");
  Problem no_tests;
  no_tests.id = "no-tests";
  Problem bad_tests;
  bad_tests.id = "bad-tests";
  bad_tests.attributes["public_tests"] = R"({"inputs": ["1"], "outputs": []})";
  const Problem good = SearchProblem(p, 1);
  Tree tree;
  const NodeId node = AddSolutions(tree, {p.solutions[0]})[0];
  PublicTestScorer scorer(*pool_, sandbox::Limits{});
  auto scores = scorer.ScoreBatch(std::vector<ScoreRequest>{
      {&no_tests, &tree, node}, {&bad_tests, &tree, node}, {&good, &tree, node}});
  EXPECT_EQ(scores[0].status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(scores[0].status().message().find("no-tests"), std::string::npos);
  EXPECT_EQ(scores[1].status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(scores[1].status().message().find("problem bad-tests public_tests"), std::string::npos)
      << scores[1].status().message();
  ASSERT_TRUE(scores[2].ok());
  EXPECT_EQ(scores[2]->step_scores, std::vector<double>{1.0});
}

TEST_F(CodeVerifiersTest, GraderReportsStrictAccuracyAndTestCaseAverage) {
  const AppsProblem& p = Find("train/2015");
  Problem problem;
  problem.id = p.id;
  const Reference reference{.answer = "", .tests_json = p.TestsJson()};
  AppsGrader grader(*pool_, sandbox::Limits{});
  std::vector<GradeRequest> requests = {
      {&problem, &reference, "", "```python\n" + p.solutions[0] + "\n```"},
      {&problem, &reference, "", PrintsFirstOutput(p)},
      {&problem, &reference, "", "if x print(1)"},
  };
  auto grades = grader.GradeBatch(requests);
  ASSERT_EQ(grades.size(), 3u);
  for (const auto& g : grades) ASSERT_TRUE(g.ok()) << g.status().ToString();
  EXPECT_TRUE(grades[0]->correct);
  EXPECT_DOUBLE_EQ(grades[0]->score, 1.0);
  EXPECT_EQ(grades[0]->detail, "passed 18/18 tests");
  // Printing test 0's answer passes every test that expects the same text.
  const double same = static_cast<double>(
      std::count(p.outputs_json.begin(), p.outputs_json.end(), p.outputs_json[0]));
  EXPECT_FALSE(grades[1]->correct);
  EXPECT_DOUBLE_EQ(grades[1]->score, same / 18);
  EXPECT_NE(grades[1]->detail.find("wrong_answer"), std::string::npos) << grades[1]->detail;
  EXPECT_FALSE(grades[2]->correct);
  EXPECT_DOUBLE_EQ(grades[2]->score, 0.0);
  EXPECT_NE(grades[2]->detail.find("compile_error"), std::string::npos) << grades[2]->detail;

  AppsScores scores;
  for (const auto& g : grades) scores.Add(*g);
  EXPECT_EQ(scores.problems(), 3);
  EXPECT_DOUBLE_EQ(scores.strict_accuracy(), 1.0 / 3);
  EXPECT_DOUBLE_EQ(scores.test_case_average(), (1.0 + same / 18) / 3);
}

TEST_F(CodeVerifiersTest, GraderRejectsBrokenReferences) {
  Problem problem;
  problem.id = "p";
  const Reference reference{.answer = "", .tests_json = "{]"};
  AppsGrader grader(*pool_, sandbox::Limits{});
  auto grades = grader.GradeBatch(std::vector<GradeRequest>{{&problem, &reference, "", "print(1)"},
                                                            {&problem, nullptr, "", "print(1)"}});
  EXPECT_EQ(grades[0].status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(grades[0].status().message().find("problem p reference tests"), std::string::npos);
  EXPECT_EQ(grades[1].status().code(), StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace ponder
