// ModelScorer's input layout and score bookkeeping, over a recording fake model.
#include "verifiers/model/model_scorer.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/fakes/byte_tokenizer.h"

namespace ponder {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

// Scores each position p as p / 100 and remembers what it was asked.
class RecordingRewardModel final : public RewardModel {
 public:
  std::vector<StatusOr<ScoreAtResult>> ScoreAt(std::span<const ScoreAtRequest> requests) override {
    std::vector<StatusOr<ScoreAtResult>> out;
    for (const ScoreAtRequest& r : requests) {
      seen.push_back(r);
      ScoreAtResult result;
      for (int64_t p : r.positions) result.scores.push_back(static_cast<double>(p) / 100);
      out.push_back(result);
    }
    return out;
  }
  void Forget(std::span<const CacheKey> keys) override {
    forgotten.insert(forgotten.end(), keys.begin(), keys.end());
  }
  RewardKind kind() const override { return RewardKind::kTwoClassPrm; }
  int64_t context_length() const override { return 1 << 20; }

  std::vector<ScoreAtRequest> seen;
  std::vector<CacheKey> forgotten;
};

std::string Text(const TokenIds& ids) {
  std::string s;
  for (int32_t id : ids) s.push_back(static_cast<char>(id));
  return s;
}

class ModelScorerTest : public ::testing::Test {
 protected:
  std::unique_ptr<ModelScorer> Make(ModelScorerOptions options) {
    auto scorer = ModelScorer::Create(model_, tokenizer_, std::move(options), "");
    PONDER_CHECK(scorer.ok()) << scorer.status().ToString();
    return std::move(*scorer);
  }
  NodeId Add(NodeId parent, std::string text) {
    Node n;
    n.text = std::move(text);
    return tree_.AddChild(parent, std::move(n));
  }
  StatusOr<Score> ScoreNode(ModelScorer& scorer, NodeId node) {
    const ScoreRequest request{.problem = &problem_, .tree = &tree_, .node = node};
    return std::move(scorer.ScoreBatch(std::span(&request, 1))[0]);
  }

  RecordingRewardModel model_;
  testing::ByteTokenizer tokenizer_;
  Tree tree_;
  Problem problem_{.id = "p", .prompt = "Q", .attributes = {}};
};

TEST(SplitStepsTest, DropsDelimitersAndTrailingEmptySteps) {
  EXPECT_THAT(SplitSteps("a\n\nb\n\nc", "\n\n"), ElementsAre("a", "b", "c"));
  EXPECT_THAT(SplitSteps("a\n\nb\n\n", "\n\n"), ElementsAre("a", "b"));
  EXPECT_THAT(SplitSteps("a\n\n\n\nb", "\n\n"), ElementsAre("a", "", "b"));
  EXPECT_THAT(SplitSteps("one step", "\n\n"), ElementsAre("one step"));
  EXPECT_TRUE(SplitSteps("", "\n\n").empty());
}

TEST_F(ModelScorerTest, TaggedStepsAreScoredAtEachTagAndMarkedPerNode) {
  ModelScorerOptions options;
  options.prompt.suffix = " ";
  options.step_tag = "#";
  options.step_separator = "\n";
  auto scorer = Make(options);
  const NodeId first = Add(kRootNode, "a\n\n");
  const NodeId second = Add(first, "bc\n\n");
  auto score = ScoreNode(*scorer, second);
  ASSERT_TRUE(score.ok()) << score.status().ToString();
  const ScoreAtRequest& seen = model_.seen.back();
  EXPECT_EQ(Text(seen.tokens), "Q a#\nbc#");
  EXPECT_THAT(seen.positions, ElementsAre(3, 7));
  ASSERT_EQ(seen.marks.size(), 2u);
  EXPECT_EQ(seen.marks[0].key, (CacheKey{tree_.id(), first}));
  EXPECT_EQ(seen.marks[0].end, 4);
  EXPECT_EQ(seen.marks[1].end, 8);
  EXPECT_THAT(score->step_scores, ElementsAre(0.03, 0.07)) << "one score per tree step";
}

TEST_F(ModelScorerTest, StepsThatDoNotLineUpWithNodesGiveTheLastScore) {
  ModelScorerOptions options;
  options.step_tag = "#";
  auto scorer = Make(options);
  const NodeId whole = Add(kRootNode, "x\n\ny\n\nz");  // a rollout: three steps in one node
  auto score = ScoreNode(*scorer, whole);
  ASSERT_TRUE(score.ok());
  EXPECT_EQ(Text(model_.seen.back().tokens), "Qx#y#z#");
  EXPECT_THAT(score->step_scores, ElementsAre(0.06));
  EXPECT_EQ(model_.seen.back().marks.size(), 1u) << "only the node's end is a step end";
}

// A value model reads the text as the policy wrote it, the step delimiter included.
TEST_F(ModelScorerTest, WithoutATagScoresAreReadAtEachStepsLastToken) {
  ModelScorerOptions options;
  options.preset = "value";
  auto scorer = Make(options);
  const NodeId first = Add(kRootNode, "ab\n\n");
  const NodeId second = Add(first, "cde");
  auto score = ScoreNode(*scorer, second);
  ASSERT_TRUE(score.ok());
  EXPECT_EQ(Text(model_.seen.back().tokens), "Qab\n\ncde");
  EXPECT_THAT(model_.seen.back().positions, ElementsAre(4, 7));
  EXPECT_THAT(score->step_scores, ElementsAre(0.04, 0.07));
}

TEST_F(ModelScorerTest, BadInputsFailTheirRequestOnly) {
  ModelScorerOptions options;
  options.step_tag = "#";
  auto scorer = Make(options);
  const NodeId tagged = Add(kRootNode, "uses # inside");
  EXPECT_THAT(ScoreNode(*scorer, tagged).status().message(),
              HasSubstr("found 2 step tags in the scorer input for 1 steps"));
  EXPECT_THAT(ScoreNode(*scorer, kRootNode).status().message(), HasSubstr("no step to score"));
  ModelScorerOptions unknown;
  unknown.preset = "orm";
  EXPECT_THAT(ModelScorer::Create(model_, tokenizer_, unknown, "").status().message(),
              HasSubstr("scorer preset must be"));
}

TEST_F(ModelScorerTest, ForgetReachesTheModel) {
  auto scorer = Make({});
  const NodeId nodes[] = {3, 4};
  scorer->Forget(tree_, nodes);
  EXPECT_THAT(model_.forgotten, ElementsAre(CacheKey{tree_.id(), 3}, CacheKey{tree_.id(), 4}));
}

}  // namespace
}  // namespace ponder
