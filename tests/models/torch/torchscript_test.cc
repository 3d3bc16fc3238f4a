// TorchScript policies and scorers, built here from TorchScript source.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <torch/script.h>

#include "models/torch/torch_models.h"
#include "tests/fakes/temp_dir.h"

namespace ponder {
namespace {

using ::testing::HasSubstr;

constexpr int64_t kVocab = 16;

// A bigram "language model": logits[t] = table[input_ids[t]].
std::filesystem::path WriteBigram(const testing::TempDir& dir, const std::string& forward) {
  torch::jit::Module m("Bigram");
  m.register_parameter(
      "table", torch::randn({kVocab, kVocab}, torch::TensorOptions().dtype(torch::kFloat)), false);
  m.define(forward);
  const auto path = dir.path() / "bigram.pt";
  m.save(path.string());
  return path;
}

constexpr const char* kBigramForward = R"JIT(
def forward(self, input_ids):
    return self.table.index_select(0, input_ids.view(-1)).unsqueeze(0)
)JIT";

TEST(TorchScriptTest, APolicyModuleGeneratesThroughTheSameLoop) {
  testing::TempDir dir;
  torch::manual_seed(3);
  const auto path = WriteBigram(dir, kBigramForward);
  auto model = LoadTorchScriptLanguageModel(
      path, {}, {.vocab_size = kVocab, .context_length = 32, .eos_token_ids = {}}, nullptr);
  ASSERT_TRUE(model.ok()) << model.status().ToString();
  // The greedy chain follows the table's argmax from the last token.
  torch::jit::Module loaded = torch::jit::load(path.string());
  const at::Tensor table = loaded.attr("table").toTensor();
  std::vector<GenerateRequest> request(1);
  request[0].context = {4, 9};
  request[0].sampling.temperature = 0;
  request[0].sampling.max_tokens = 6;
  auto result = (*model)->Generate(request);
  ASSERT_TRUE(result[0].ok()) << result[0].status().ToString();
  int64_t last = 9;
  for (int32_t t : result[0]->continuations[0].tokens) {
    EXPECT_EQ(t, table[last].argmax().item<int64_t>());
    last = t;
  }
  EXPECT_EQ(result[0]->prefill_tokens, 2);
  auto logits = (*model)->PositionLogits(request[0].context);
  ASSERT_TRUE(logits.ok());
  EXPECT_FLOAT_EQ((*logits)[kVocab + 3], table[9][3].item<float>());
}

TEST(TorchScriptTest, AScorerModuleScoresPositions) {
  testing::TempDir dir;
  torch::jit::Module m("Half");
  m.define(R"JIT(
def forward(self, input_ids):
    return input_ids.float() * 0.5
)JIT");
  const auto path = dir.path() / "half.pt";
  m.save(path.string());
  auto model = LoadTorchScriptRewardModel(path, {}, RewardKind::kValue, 100);
  ASSERT_TRUE(model.ok()) << model.status().ToString();
  std::vector<ScoreAtRequest> request = {{.tokens = {2, 8, 6}, .positions = {0, 2}, .marks = {}}};
  auto result = (*model)->ScoreAt(request);
  ASSERT_TRUE(result[0].ok()) << result[0].status().ToString();
  EXPECT_EQ(result[0]->scores, (std::vector<double>{1.0, 3.0}));
}

TEST(TorchScriptTest, BrokenModulesGiveClearErrors) {
  testing::TempDir dir;
  EXPECT_THAT(LoadTorchScriptLanguageModel(dir.path() / "missing.pt", {},
                                           {.vocab_size = kVocab, .context_length = 32}, nullptr)
                  .status()
                  .message(),
              HasSubstr("missing.pt: cannot load the TorchScript module"));
  const auto path = WriteBigram(dir, R"JIT(
def forward(self, input_ids):
    return self.table
)JIT");
  auto model = LoadTorchScriptLanguageModel(
      path, {}, {.vocab_size = kVocab, .context_length = 32, .eos_token_ids = {}}, nullptr);
  ASSERT_TRUE(model.ok());
  std::vector<GenerateRequest> request(1);
  request[0].context = {1, 2, 3};
  EXPECT_THAT((*model)->Generate(request)[0].status().message(),
              HasSubstr("bigram.pt: forward returned shape [16, 16], expected [1, 3, 16]"));
}

}  // namespace
}  // namespace ponder
