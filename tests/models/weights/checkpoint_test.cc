#include "models/weights/checkpoint.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "models/weights/decoder_layout.h"
#include "models/weights/safetensors_writer.h"
#include "tests/fakes/temp_dir.h"

namespace ponder {
namespace {

using ::testing::HasSubstr;

const std::filesystem::path kStories =
    std::filesystem::path(PONDER_SHARED_DIR) / "models/stories260K";

// A folder with the real stories260K weights and a config edited by `edit`.
void StoriesWithConfig(const std::filesystem::path& dir,
                       const std::function<void(nlohmann::json&)>& edit) {
  std::filesystem::create_symlink(kStories / "model.safetensors", dir / "model.safetensors");
  std::ifstream in(kStories / "config.json");
  nlohmann::json config = nlohmann::json::parse(in);
  edit(config);
  std::ofstream(dir / "config.json") << config.dump();
}

Status CheckFolder(const std::filesystem::path& dir) {
  PONDER_ASSIGN_OR_RETURN(ModelConfig config, LoadModelConfig(dir));
  PONDER_ASSIGN_OR_RETURN(Checkpoint checkpoint, Checkpoint::Open(dir));
  return CheckDecoderTensors(config, checkpoint);
}

TEST(CheckpointTest, Stories260KHasEveryTensorItsConfigNeeds) {
  auto checkpoint = Checkpoint::Open(kStories);
  ASSERT_TRUE(checkpoint.ok()) << checkpoint.status().ToString();
  EXPECT_TRUE(checkpoint->Find("model.layers.4.mlp.down_proj.weight").has_value());
  EXPECT_FALSE(checkpoint->Find("lm_head.weight").has_value()) << "tied: no lm_head";
  EXPECT_TRUE(CheckFolder(kStories).ok()) << CheckFolder(kStories).ToString();
  auto config = LoadModelConfig(kStories);
  EXPECT_EQ(ExpectedDecoderTensors(*config).size(), 47u) << "exactly the file's tensors";
}

TEST(CheckpointTest, ShapeMismatchNamesFileTensorAndConfigFields) {
  testing::TempDir dir;
  StoriesWithConfig(dir.path(), [](nlohmann::json& c) { c["num_key_value_heads"] = 8; });
  Status status = CheckFolder(dir.path());
  EXPECT_EQ(status.code(), StatusCode::kInvalidArgument);
  EXPECT_THAT(status.message(),
              HasSubstr("model.safetensors: tensor 'model.layers.0.self_attn.k_proj.weight' has "
                        "shape [32, 64] but config.json: "));
  EXPECT_THAT(status.message(), HasSubstr("num_key_value_heads 8, head_dim 8 imply [64, 64]"));
}

TEST(CheckpointTest, MissingTensorIsNamed) {
  testing::TempDir dir;
  StoriesWithConfig(dir.path(), [](nlohmann::json& c) { c["tie_word_embeddings"] = false; });
  Status status = CheckFolder(dir.path());
  EXPECT_EQ(status.code(), StatusCode::kNotFound);
  EXPECT_THAT(status.message(), HasSubstr("model.safetensors: missing tensor 'lm_head.weight' "
                                          "that LlamaForCausalLM needs (config.json has "
                                          "tie_word_embeddings false"));

  testing::TempDir qwen;
  StoriesWithConfig(qwen.path(),
                    [](nlohmann::json& c) { c["architectures"] = {"Qwen2ForCausalLM"}; });
  EXPECT_THAT(CheckFolder(qwen.path()).message(),
              HasSubstr("missing tensor 'model.layers.0.self_attn.q_proj.bias'"));
}

TEST(CheckpointTest, ReadsShardsThroughTheIndex) {
  testing::TempDir dir;
  const std::vector<float> a = {1, 2}, b = {3, 4, 5};
  std::vector<TensorToWrite> shard1 = {FloatTensor("a", {2}, a)};
  std::vector<TensorToWrite> shard2 = {FloatTensor("b", {3}, b),
                                       FloatTensor("unlisted", {1}, std::span(a).first(1))};
  ASSERT_TRUE(WriteSafetensors(dir.path() / "model-00001-of-00002.safetensors", shard1).ok());
  ASSERT_TRUE(WriteSafetensors(dir.path() / "model-00002-of-00002.safetensors", shard2).ok());
  std::ofstream(dir.path() / "model.safetensors.index.json")
      << R"({"metadata": {"total_size": 20}, "weight_map": {
              "a": "model-00001-of-00002.safetensors", "b": "model-00002-of-00002.safetensors"}})";
  auto checkpoint = Checkpoint::Open(dir.path());
  ASSERT_TRUE(checkpoint.ok()) << checkpoint.status().ToString();
  EXPECT_EQ(checkpoint->files().size(), 2u);
  ASSERT_TRUE(checkpoint->Find("b").has_value());
  EXPECT_EQ(checkpoint->Find("b")->info->shape, (std::vector<int64_t>{3}));
  EXPECT_EQ(checkpoint->Find("b")->file->path().filename(), "model-00002-of-00002.safetensors");
  EXPECT_FALSE(checkpoint->Find("unlisted").has_value()) << "only the index's tensors count";
}

TEST(CheckpointTest, BadIndexesFailWithTheirReason) {
  testing::TempDir dir;
  std::vector<TensorToWrite> shard = {FloatTensor("a", {1}, std::vector<float>{1})};
  ASSERT_TRUE(WriteSafetensors(dir.path() / "s1.safetensors", shard).ok());
  auto open_with_index = [&](const std::string& index) {
    std::ofstream(dir.path() / "model.safetensors.index.json") << index;
    return Checkpoint::Open(dir.path()).status();
  };
  EXPECT_THAT(open_with_index(R"({"weight_map": {"b": "s1.safetensors"}})").message(),
              HasSubstr("maps tensor 'b' to s1.safetensors, which has no such tensor"));
  EXPECT_THAT(open_with_index(R"({"weight_map": {"a": "../s1.safetensors"}})").message(),
              HasSubstr("is not a file name in the model folder"));
  EXPECT_THAT(open_with_index(R"({"weight_map": {"a": "s2.safetensors"}})").message(),
              HasSubstr("s2.safetensors: cannot open"));
  EXPECT_THAT(open_with_index(R"({"metadata": {}})").message(), HasSubstr("no 'weight_map'"));
  EXPECT_THAT(open_with_index("{").message(), HasSubstr("not valid JSON"));

  testing::TempDir empty;
  EXPECT_THAT(Checkpoint::Open(empty.path()).status().message(),
              HasSubstr("no model.safetensors or model.safetensors.index.json"));
}

TEST(CheckpointTest, TruncatedWeightsNameTheFile) {
  testing::TempDir dir;
  std::ifstream in(kStories / "model.safetensors", std::ios::binary);
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  bytes.resize(bytes.size() / 2);
  std::ofstream(dir.path() / "model.safetensors", std::ios::binary) << bytes;
  Status status = Checkpoint::Open(dir.path()).status();
  EXPECT_EQ(status.code(), StatusCode::kDataLoss);
  EXPECT_THAT(status.message(), HasSubstr((dir.path() / "model.safetensors").string()));
  EXPECT_THAT(status.message(), HasSubstr("(truncated file?)"));
}

}  // namespace
}  // namespace ponder
