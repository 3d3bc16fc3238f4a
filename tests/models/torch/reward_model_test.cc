// The reward heads on tiny random checkpoints against the float64 reference.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "models/torch/torch_models.h"
#include "tests/models/torch/tiny_models.h"

namespace ponder {
namespace {

using ::testing::HasSubstr;
using testing::TinyConfig;
using testing::WriteTinyModel;

const TokenIds kTokens = {1, 7, 3, 12, 40, 41, 9, 22, 63, 5, 17, 30};
const std::vector<int64_t> kPositions = {3, 7, 11};

std::unique_ptr<RewardModel> Load(const testing::TinyModel& tiny, const RewardHeadSpec& spec) {
  auto model = LoadTorchRewardModel(tiny.dir.path(), {}, spec);
  PONDER_CHECK(model.ok()) << model.status().ToString();
  return std::move(*model);
}

std::vector<double> Score(RewardModel& model, const ScoreAtRequest& request) {
  std::vector<ScoreAtRequest> requests = {request};
  auto result = model.ScoreAt(requests);
  PONDER_CHECK(result[0].ok()) << result[0].status().ToString();
  return result[0]->scores;
}

void ExpectNear(const std::vector<double>& got, const std::vector<double>& reference_at_all,
                double tolerance) {
  ASSERT_EQ(got.size(), kPositions.size());
  for (size_t i = 0; i < kPositions.size(); ++i) {
    EXPECT_NEAR(got[i], reference_at_all[static_cast<size_t>(kPositions[i])], tolerance) << i;
  }
}

TEST(RewardModelTest, MathShepherdReadsTheGoodAndBadTokensAtEachTag) {
  ModelConfig c = TinyConfig("MistralForCausalLM");
  c.family = ModelFamily::kMistral;
  auto tiny = WriteTinyModel(c, 21);
  auto model = Load(*tiny, {.kind = RewardKind::kMathShepherd, .good_token = 10, .bad_token = 11});
  EXPECT_EQ(model->kind(), RewardKind::kMathShepherd);
  ExpectNear(Score(*model, {.tokens = kTokens, .positions = kPositions, .marks = {}}),
             tiny->Reference().MathShepherd(kTokens, 10, 11), 1e-5);
}

TEST(RewardModelTest, TwoClassPrmReadsTheScoreHead) {
  ModelConfig c = TinyConfig("Qwen2ForProcessRewardModel");
  c.family = ModelFamily::kQwen2;
  c.head = ModelHead::kProcessReward;
  auto tiny = WriteTinyModel(c, 22);
  auto model = Load(*tiny, {.kind = RewardKind::kTwoClassPrm});
  const std::vector<double> ref = tiny->Reference().TwoClassPrm(kTokens);
  ExpectNear(Score(*model, {.tokens = kTokens, .positions = kPositions, .marks = {}}), ref, 1e-5);
  // The scores are probabilities that vary with the position.
  EXPECT_NE(ref[3], ref[7]);
  // Prefilled in passes of 5 tokens, the per-position outputs line up the same.
  auto chunked = LoadTorchRewardModel(tiny->dir.path(), {.prefill_chunk = 5},
                                      {.kind = RewardKind::kTwoClassPrm});
  ASSERT_TRUE(chunked.ok()) << chunked.status().ToString();
  ExpectNear(Score(**chunked, {.tokens = kTokens, .positions = kPositions, .marks = {}}), ref,
             1e-5);
}

TEST(RewardModelTest, ValueHeadIsAScalarPerPosition) {
  ModelConfig c = TinyConfig("LlamaForSequenceClassification");
  c.head = ModelHead::kSequenceScore;
  auto tiny = WriteTinyModel(c, 23);
  auto model = Load(*tiny, {.kind = RewardKind::kValue});
  ExpectNear(Score(*model, {.tokens = kTokens, .positions = kPositions, .marks = {}}),
             tiny->Reference().Value(kTokens), 1e-4);
}

TEST(RewardModelTest, AChildReusesItsParentsScoresAndKeys) {
  ModelConfig c = TinyConfig("Qwen2ForProcessRewardModel");
  c.family = ModelFamily::kQwen2;
  c.head = ModelHead::kProcessReward;
  auto tiny = WriteTinyModel(c, 24);
  auto model = Load(*tiny, {.kind = RewardKind::kTwoClassPrm});
  const CacheKey parent{5, 1}, child{5, 2};
  ScoreAtRequest first{.tokens = TokenIds(kTokens.begin(), kTokens.begin() + 8),
                       .positions = {3, 7},
                       .marks = {{parent, 8}}};
  std::vector<ScoreAtRequest> one = {first};
  auto r1 = model->ScoreAt(one);
  ASSERT_TRUE(r1[0].ok());
  EXPECT_EQ(r1[0]->prefill_tokens, 8);
  ScoreAtRequest second{
      .tokens = kTokens, .positions = kPositions, .marks = {{parent, 8}, {child, 12}}};
  one = {second};
  auto r2 = model->ScoreAt(one);
  ASSERT_TRUE(r2[0].ok());
  EXPECT_EQ(r2[0]->reused_prefill_tokens, 8);
  EXPECT_EQ(r2[0]->prefill_tokens, 4);
  ExpectNear(r2[0]->scores, tiny->Reference().TwoClassPrm(kTokens), 1e-5);
  // Scoring the parent again needs no computation at all.
  one = {first};
  auto r3 = model->ScoreAt(one);
  EXPECT_EQ(r3[0]->prefill_tokens, 0);
  EXPECT_NEAR(r3[0]->scores[1], r1[0]->scores[1], 1e-7);
}

TEST(RewardModelTest, HeadAndCheckpointMustAgree) {
  auto lm = WriteTinyModel(TinyConfig(), 25);
  auto prm = LoadTorchRewardModel(lm->dir.path(), {}, {.kind = RewardKind::kTwoClassPrm});
  EXPECT_THAT(prm.status().message(),
              HasSubstr("config.json: architecture 'LlamaForCausalLM' cannot be read as a "
                        "two-class-prm model; that needs Qwen2ForProcessRewardModel"));
  auto shepherd = LoadTorchRewardModel(
      lm->dir.path(), {}, {.kind = RewardKind::kMathShepherd, .good_token = 3, .bad_token = 64});
  EXPECT_THAT(shepherd.status().message(),
              HasSubstr("config.json: Math-Shepherd bad_token 64 is outside the vocabulary "
                        "(vocab_size 64)"));
  auto model = Load(*lm, {.kind = RewardKind::kMathShepherd, .good_token = 3, .bad_token = 4});
  std::vector<ScoreAtRequest> bad = {{.tokens = {1, 2}, .positions = {2}, .marks = {}}};
  EXPECT_THAT(model->ScoreAt(bad)[0].status().message(),
              HasSubstr("score position 2 is outside the input of 2 tokens"));
}

}  // namespace
}  // namespace ponder
