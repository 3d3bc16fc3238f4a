// An experiment with real LibTorch models end to end: the real stories260K
// checkpoint and tokenizer as the policy, a value model (a small random
// checkpoint written here, with stories260K's tokenizer) as the scorer, beam
// search between them, traces in a real SQLite file. Checks that the pieces
// meet: the tree-shared KV cache reuses prefixes across the search, usage and
// model fingerprints reach the trace.
#include <gtest/gtest.h>

#include <filesystem>

#include "experiments/model_components.h"
#include "experiments/runner.h"
#include "models/weights/random_checkpoint.h"
#include "tests/fakes/temp_dir.h"
#include "tests/models/torch/tiny_models.h"
#include "traces/trace_reader.h"

namespace ponder::experiments {
namespace {

const std::string kStories = std::string(PONDER_SHARED_DIR) + "/models/stories260K";

// A Llama value model reading stories260K's 512-token vocabulary.
void WriteValueModel(const testing::TempDir& dir) {
  ModelConfig c = testing::TinyConfig("LlamaForSequenceClassification");
  c.head = ModelHead::kSequenceScore;
  c.vocab_size = 512;  // stories260K's tokenizer
  c.max_position_embeddings = 512;
  auto written = WriteRandomCheckpoint(dir.path(), c, {.seed = 7, .stddev = 0.2});
  ASSERT_TRUE(written.ok()) << written.status().ToString();
  for (const char* file : {"tokenizer.json", "tokenizer_config.json"}) {
    dir.Copy(kStories + "/" + file, file);
  }
}

TEST(ModelPipelineTest, BeamSearchWithARealPolicyAndAValueModelSharesPrefixes) {
  testing::TempDir dir;
  const testing::TempDir value_model;
  WriteValueModel(value_model);
  dir.Write("stories.jsonl",
            "{\"id\": \"s1\", \"problem\": \"Once upon a time\", \"answer\": \"-\"}\n"
            "{\"id\": \"s2\", \"problem\": \"Lily and Tom\", \"answer\": \"-\"}\n");
  const std::string yaml =
      "name: stories\nseed: 3\n"
      "dataset: {name: jsonl, path: " +
      (dir.path() / "stories.jsonl").string() +
      "}\n"
      "policy: {name: lm, path: " +
      kStories +
      ", step_delimiter: \".\"}\n"
      "scorer: {name: reward_model, path: " +
      value_model.path().string() +
      ", head: value, preset: value, step_delimiter: \".\"}\n"
      "grader: {name: exact}\n"
      "algorithm: {name: beam_search, n: 4, beam_width: 2}\n"
      "search: {max_step_tokens: 24, max_steps: 3, temperature: 0.8}\n";
  auto config = ParseExperimentConfig(yaml, "stories.yaml", {});
  ASSERT_TRUE(config.ok()) << config.status().ToString();

  Components components;
  RegisterBuiltinComponents(components);
  RegisterModelComponents(components);
  const std::string db = (dir.path() / "stories.db").string();
  auto store = traces::TraceStore::Open(db);
  ASSERT_TRUE(store.ok());
  auto summary = RunExperiment(config->runs[0], components, **store, RunEnv{});
  ASSERT_TRUE(summary.ok()) << summary.status().ToString();
  ASSERT_TRUE((*store)->Close().ok());
  EXPECT_EQ(summary->finished, 2);
  EXPECT_EQ(summary->failed, 0);

  auto reader = traces::TraceReader::Open(db);
  auto runs = (*reader)->Runs();
  ASSERT_EQ(runs->size(), 1u);
  // Both models' files are fingerprinted in the run's record.
  const auto& hashes = (*runs)[0].info.model_hashes;
  EXPECT_TRUE(hashes.contains(kStories + "/model.safetensors"));
  EXPECT_TRUE(hashes.contains((value_model.path() / "model.safetensors").string()));
  auto problems = (*reader)->Problems((*runs)[0].id);
  for (const auto& p : *problems) {
    EXPECT_EQ(p.status, traces::ProblemStatus::kFinished) << p.error;
    const Usage& u = p.result.usage;
    EXPECT_GT(u.generated_tokens, 0);
    EXPECT_GT(u.scorer_calls, 0);
    // Beams continue their parents' cached keys and values: shared prefixes are reused,
    // not recomputed.
    EXPECT_GT(u.reused_prefill_tokens, 0) << p.problem_id;
    EXPECT_FALSE(p.result.solution.empty());
  }
}

TEST(ModelPipelineTest, AMissingModelFolderIsNamedInTheError) {
  testing::TempDir dir;
  dir.Write("stories.jsonl", "{\"id\": \"s1\", \"problem\": \"Once\", \"answer\": \"-\"}\n");
  const std::filesystem::path missing = dir.path() / "no-such-model";
  const std::string yaml =
      "dataset: {name: jsonl, path: stories.jsonl}\n"
      "policy: {name: lm, path: " +
      missing.string() +
      "}\n"
      "grader: {name: exact}\n"
      "algorithm: {name: majority_vote, n: 2}\n";
  auto config = ParseExperimentConfig(yaml, "stories.yaml", {});
  ASSERT_TRUE(config.ok()) << config.status().ToString();
  config->runs[0].base_dir = dir.path();

  Components components;
  RegisterBuiltinComponents(components);
  RegisterModelComponents(components);
  auto store = traces::TraceStore::Open((dir.path() / "stories.db").string());
  ASSERT_TRUE(store.ok());
  auto summary = RunExperiment(config->runs[0], components, **store, RunEnv{});
  ASSERT_TRUE((*store)->Close().ok());
  ASSERT_FALSE(summary.ok());
  // The folder that is missing, not its parent (which has no tokenizer either).
  EXPECT_TRUE(summary.status().message().starts_with(missing.string() + ":"))
      << summary.status().message();
}

}  // namespace
}  // namespace ponder::experiments
