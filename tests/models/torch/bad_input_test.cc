// Bad model folders and bad requests give errors naming the file and field.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "models/torch/torch_models.h"
#include "tests/models/torch/tiny_models.h"

namespace ponder {
namespace {

using ::testing::HasSubstr;
using testing::TinyConfig;
using testing::WriteTinyModel;

Status LoadStatus(const std::filesystem::path& dir, const TorchModelOptions& options = {}) {
  return LoadTorchLanguageModel(dir, options, nullptr).status();
}

void EditConfig(const std::filesystem::path& dir,
                const std::function<void(nlohmann::json&)>& edit) {
  std::ifstream in(dir / "config.json");
  nlohmann::json j = nlohmann::json::parse(in);
  in.close();
  edit(j);
  std::ofstream(dir / "config.json") << j.dump();
}

TEST(BadInputTest, UnknownArchitecture) {
  auto tiny = WriteTinyModel(TinyConfig());
  EditConfig(tiny->dir.path(), [](nlohmann::json& j) { j["architectures"] = {"GPT2LMHeadModel"}; });
  Status s = LoadStatus(tiny->dir.path());
  EXPECT_EQ(s.code(), StatusCode::kInvalidArgument);
  EXPECT_THAT(s.message(), HasSubstr((tiny->dir.path() / "config.json").string() +
                                     ": 'architectures' names 'GPT2LMHeadModel'"));
}

TEST(BadInputTest, ConfigAndWeightShapesDisagree) {
  auto tiny = WriteTinyModel(TinyConfig());
  EditConfig(tiny->dir.path(), [](nlohmann::json& j) { j["intermediate_size"] = 40; });
  EXPECT_THAT(LoadStatus(tiny->dir.path()).message(),
              HasSubstr("model.safetensors: tensor 'model.layers.0.mlp.gate_proj.weight' has "
                        "shape [48, 32] but config.json: "));
}

TEST(BadInputTest, MissingTensor) {
  ModelConfig c = TinyConfig();
  c.tie_word_embeddings = false;
  auto tiny = WriteTinyModel(c);
  EditConfig(tiny->dir.path(), [](nlohmann::json& j) { j["num_hidden_layers"] = 3; });
  EXPECT_THAT(
      LoadStatus(tiny->dir.path()).message(),
      HasSubstr("model.safetensors: missing tensor 'model.layers.2.input_layernorm.weight'"));
}

TEST(BadInputTest, CorruptAndTruncatedWeights) {
  auto tiny = WriteTinyModel(TinyConfig());
  const auto file = tiny->dir.path() / "model.safetensors";
  std::filesystem::resize_file(file, std::filesystem::file_size(file) - 100);
  Status truncated = LoadStatus(tiny->dir.path());
  EXPECT_EQ(truncated.code(), StatusCode::kDataLoss);
  EXPECT_THAT(truncated.message(), HasSubstr(file.string()));
  EXPECT_THAT(truncated.message(), HasSubstr("(truncated file?)"));
  std::ofstream(file, std::ios::binary) << "not a safetensors file at all";
  EXPECT_THAT(LoadStatus(tiny->dir.path()).message(), HasSubstr(file.string() + ": header"));
}

TEST(BadInputTest, PromptLongerThanTheContextFailsOnlyItsRequest) {
  auto tiny = WriteTinyModel(TinyConfig());
  auto model = LoadTorchLanguageModel(tiny->dir.path(), {}, nullptr);
  ASSERT_TRUE(model.ok());
  std::vector<GenerateRequest> requests(2);
  requests[0].context = TokenIds(64, 3);  // the context length is 64
  requests[1].context = {1, 2, 3};
  requests[1].sampling.max_tokens = 2;
  auto results = (*model)->Generate(requests);
  EXPECT_THAT(results[0].status().message(),
              HasSubstr("the context has 64 tokens but the model's context length "
                        "(max_position_embeddings in config.json) is 64"));
  ASSERT_TRUE(results[1].ok());
  EXPECT_EQ(results[1]->continuations[0].tokens.size(), 2u);
  // Generation that reaches the context length stops there.
  std::vector<GenerateRequest> near_end(1);
  near_end[0].context = TokenIds(60, 3);
  near_end[0].sampling.max_tokens = 50;
  auto ended = (*model)->Generate(near_end);
  ASSERT_TRUE(ended[0].ok());
  EXPECT_EQ(ended[0]->continuations[0].tokens.size(), 4u);
  EXPECT_EQ(ended[0]->continuations[0].finish, FinishReason::kLength);
  EXPECT_FALSE((*model)->PositionLogits(TokenIds(65, 3)).ok());
}

TEST(BadInputTest, OptionsAndDevices) {
  auto tiny = WriteTinyModel(TinyConfig());
  EXPECT_THAT(LoadStatus(tiny->dir.path(), {.dtype = "float16"}).message(),
              HasSubstr("dtype must be float32 or bfloat16"));
  EXPECT_THAT(LoadStatus(tiny->dir.path(), {.device = "tpu"}).message(),
              HasSubstr("device must be cpu, cuda or cuda:N"));
  // CUDA works when LibTorch has it (untested here); otherwise the error says why.
  Status cuda = LoadStatus(tiny->dir.path(), {.device = "cuda"});
  if (!cuda.ok()) {
    EXPECT_THAT(cuda.message(), HasSubstr("needs CUDA"));
  }
  testing::TempDir empty;
  EXPECT_EQ(LoadStatus(empty.path()).code(), StatusCode::kNotFound);
}

TEST(BadInputTest, RewardCheckpointIsNotALanguageModel) {
  ModelConfig c = TinyConfig("Qwen2ForProcessRewardModel");
  c.family = ModelFamily::kQwen2;
  c.head = ModelHead::kProcessReward;
  auto tiny = WriteTinyModel(c);
  EXPECT_THAT(LoadStatus(tiny->dir.path()).message(),
              HasSubstr("'Qwen2ForProcessRewardModel' is a reward or value model"));
}

}  // namespace
}  // namespace ponder
