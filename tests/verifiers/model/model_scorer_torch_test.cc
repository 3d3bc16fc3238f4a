// ModelScorer end to end: real tokenizers, tiny random reward checkpoints in
// the published formats, and the float64 reference at the tag positions.
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "models/torch/torch_models.h"
#include "tests/models/torch/tiny_models.h"
#include "verifiers/model/model_scorer.h"

namespace ponder {
namespace {

using testing::TinyConfig;
using testing::WriteTinyModel;

const std::filesystem::path kShared(PONDER_SHARED_DIR);

class ModelScorerTorchTest : public ::testing::Test {
 protected:
  NodeId Add(NodeId parent, std::string text) {
    Node n;
    n.text = std::move(text);
    return tree_.AddChild(parent, std::move(n));
  }
  Score ScoreOf(Scorer& scorer, NodeId node) {
    const ScoreRequest request{.problem = &problem_, .tree = &tree_, .node = node};
    auto score = scorer.ScoreBatch(std::span(&request, 1))[0];
    PONDER_CHECK(score.ok()) << score.status().ToString();
    return *score;
  }
  std::vector<double> ScoreNode(Scorer& scorer, NodeId node) {
    return ScoreOf(scorer, node).step_scores;
  }
  // The reference's scores at the positions of `tag` in `tokens`.
  static std::vector<double> At(const std::vector<double>& all, const TokenIds& tokens,
                                int32_t tag) {
    std::vector<double> out;
    for (size_t p = 0; p < tokens.size(); ++p) {
      if (tokens[p] == tag) out.push_back(all[p]);
    }
    return out;
  }

  Tree tree_;
  Problem problem_{.id = "p", .prompt = "Lily had 3 apples.", .attributes = {}};
};

TEST_F(ModelScorerTorchTest, MathShepherdFormatWithASentencePieceTokenizer) {
  auto tokenizer = LoadTokenizer(kShared / "models/stories260K");
  ASSERT_TRUE(tokenizer.ok());
  ModelConfig c = TinyConfig("MistralForCausalLM");
  c.family = ModelFamily::kMistral;
  c.vocab_size = 512;
  auto tiny = WriteTinyModel(c, 31);
  // "+" and "-" as the good and bad tokens, as the Math-Shepherd card reads them.
  const int32_t good = (*tokenizer)->Encode("+")->back(), bad = (*tokenizer)->Encode("-")->back();
  auto model = LoadTorchRewardModel(
      tiny->dir.path(), {},
      {.kind = RewardKind::kMathShepherd, .good_token = good, .bad_token = bad});
  ASSERT_TRUE(model.ok()) << model.status().ToString();
  ModelScorerOptions options;
  options.preset = "math-shepherd";
  auto scorer = ModelScorer::Create(**model, **tokenizer, options, "");
  ASSERT_TRUE(scorer.ok()) << scorer.status().ToString();

  const NodeId first = Add(kRootNode, "She ate one.\n\n");
  const NodeId second = Add(first, "So she had 2.");
  const Score parent = ScoreOf(**scorer, first);
  const Score child = ScoreOf(**scorer, second);
  const std::vector<double>& scores = child.step_scores;
  ASSERT_EQ(scores.size(), 2u);
  // Math-Shepherd's own layout: f"{question} {steps joined by ' ки\n'} ки", BOS first.
  TokenIds tokens = {1};
  const auto ids = (*tokenizer)->Encode("Lily had 3 apples. She ate one. ки\nSo she had 2. ки");
  tokens.insert(tokens.end(), ids->begin(), ids->end());
  // The child's input extends the parent's: the parent's tokens come from the prefix cache,
  // and computed plus reused are the child's whole input.
  EXPECT_GT(parent.prefill_tokens, 0);
  EXPECT_EQ(parent.reused_prefill_tokens, 0);
  EXPECT_EQ(child.reused_prefill_tokens, parent.prefill_tokens);
  EXPECT_EQ(child.prefill_tokens + child.reused_prefill_tokens,
            static_cast<int64_t>(tokens.size()));
  const int32_t tag = (*tokenizer)->Encode(" ки")->back();
  const std::vector<double> expected =
      At(tiny->Reference().MathShepherd(tokens, good, bad), tokens, tag);
  ASSERT_EQ(expected.size(), 2u);
  EXPECT_NEAR(scores[0], expected[0], 1e-5);
  EXPECT_NEAR(scores[1], expected[1], 1e-5);
}

TEST_F(ModelScorerTorchTest, QwenPrmFormatWithTheQwenChatTemplate) {
  // Qwen3's tokenizer with Qwen2.5-Math-PRM's step separator added as a special token.
  testing::TempDir dir;
  std::ifstream in(kShared / "tokenizers/qwen3/tokenizer.json");
  nlohmann::json tok = nlohmann::json::parse(in);
  const int32_t extra0 = 151669;
  tok["added_tokens"].push_back({{"id", extra0},
                                 {"content", "<extra_0>"},
                                 {"single_word", false},
                                 {"lstrip", false},
                                 {"rstrip", false},
                                 {"normalized", false},
                                 {"special", true}});
  std::ofstream(dir.path() / "tokenizer.json") << tok.dump();
  std::filesystem::copy_file(kShared / "tokenizers/qwen3/tokenizer_config.json",
                             dir.path() / "tokenizer_config.json");
  auto tokenizer = LoadTokenizer(dir.path());
  ASSERT_TRUE(tokenizer.ok()) << tokenizer.status().ToString();
  ASSERT_EQ((*tokenizer)->TokenId("<extra_0>"), extra0);

  ModelConfig c = TinyConfig("Qwen2ForProcessRewardModel");
  c.family = ModelFamily::kQwen2;
  c.head = ModelHead::kProcessReward;
  c.vocab_size = extra0 + 1;
  c.max_position_embeddings = 256;
  auto tiny = WriteTinyModel(c, 32);
  auto model = LoadTorchRewardModel(tiny->dir.path(), {}, {.kind = RewardKind::kTwoClassPrm});
  ASSERT_TRUE(model.ok()) << model.status().ToString();
  ModelScorerOptions options;
  options.preset = "qwen-prm";
  auto scorer = ModelScorer::Create(**model, **tokenizer, options, dir.path());
  ASSERT_TRUE(scorer.ok()) << scorer.status().ToString();

  const NodeId first = Add(kRootNode, "She ate one.\n\n");
  const NodeId second = Add(first, "So she had 2.");
  const std::vector<double> scores = ScoreNode(**scorer, second);
  // The model card's layout: the chat turns, then the steps each followed by <extra_0>.
  const auto tokens =
      (*tokenizer)
          ->Encode(
              "<|im_start|>system\nPlease reason step by step, and put your final answer within "
              "\\boxed{}.<|im_end|>\n<|im_start|>user\nLily had 3 apples.<|im_end|>\n"
              "<|im_start|>assistant\nShe ate one.<extra_0>So she had 2.<extra_0>");
  const std::vector<double> expected = At(tiny->Reference().TwoClassPrm(*tokens), *tokens, extra0);
  ASSERT_EQ(scores.size(), 2u);
  ASSERT_EQ(expected.size(), 2u);
  EXPECT_NEAR(scores[0], expected[0], 1e-5);
  EXPECT_NEAR(scores[1], expected[1], 1e-5);

  // Scoring a sibling of `second` reuses the first step, cached under node `first`.
  const NodeId sibling = Add(first, "So she had 4.");
  const ScoreRequest request{.problem = &problem_, .tree = &tree_, .node = sibling};
  ASSERT_TRUE((*scorer)->ScoreBatch(std::span(&request, 1))[0].ok());
}

TEST_F(ModelScorerTorchTest, ValueFormatReadsEachStepsLastToken) {
  auto tokenizer = LoadTokenizer(kShared / "models/stories260K");
  ASSERT_TRUE(tokenizer.ok());
  ModelConfig c = TinyConfig("LlamaForSequenceClassification");
  c.head = ModelHead::kSequenceScore;
  c.vocab_size = 512;
  auto tiny = WriteTinyModel(c, 33);
  auto model = LoadTorchRewardModel(tiny->dir.path(), {}, {.kind = RewardKind::kValue});
  ASSERT_TRUE(model.ok());
  ModelScorerOptions options;
  options.preset = "value";
  auto scorer = ModelScorer::Create(**model, **tokenizer, options, "");
  ASSERT_TRUE(scorer.ok());
  const NodeId first = Add(kRootNode, "She ate one.\n\n");
  const NodeId second = Add(first, "So she had 2.");
  const std::vector<double> scores = ScoreNode(**scorer, second);
  // The prompt, then each step as the policy wrote it (its delimiter included), tokenized in
  // turn; a step's value is read at its last token.
  TokenIds tokens = {1};
  std::vector<size_t> step_ends;
  for (const char* piece : {"Lily had 3 apples.", "She ate one.\n\n", "So she had 2."}) {
    const auto ids = (*tokenizer)->Encode(piece);
    tokens.insert(tokens.end(), ids->begin(), ids->end());
    step_ends.push_back(tokens.size() - 1);
  }
  const std::vector<double> all = tiny->Reference().Value(tokens);
  ASSERT_EQ(scores.size(), 2u);
  EXPECT_NEAR(scores[0], all[step_ends[1]], 1e-4) << "after the first step's delimiter";
  EXPECT_NEAR(scores[1], all.back(), 1e-4) << "the outcome: the last step's value";
}

}  // namespace
}  // namespace ponder
