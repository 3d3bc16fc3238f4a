// stories260K, a real trained Llama, against llama2.c's run.c outputs in
// ../shared/models/stories260K/reference (see its README for "positions").
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <nlohmann/json.hpp>

#include "models/core/sampler.h"
#include "models/torch/torch_models.h"

namespace ponder {
namespace {

const std::filesystem::path kStories =
    std::filesystem::path(PONDER_SHARED_DIR) / "models/stories260K";
constexpr int32_t kBos = 1;
constexpr size_t kPositions = 200;  // run.c -n 200: token_ids holds positions 0..200

struct GreedyCase {
  std::string id;
  TokenIds prompt;
  TokenIds generated;
  bool stopped_on_bos = false;
};

std::vector<GreedyCase> ReadGreedyCases() {
  std::ifstream in(kStories / "reference/greedy.jsonl");
  std::vector<GreedyCase> cases;
  for (std::string line; std::getline(in, line);) {
    const nlohmann::json j = nlohmann::json::parse(line);
    cases.push_back(
        {j["id"], j["prompt_token_ids"], j["generated_token_ids"], j["stopped_on_bos"]});
  }
  return cases;
}

std::unique_ptr<LanguageModel> LoadStories() {
  auto model = LoadTorchLanguageModel(kStories, {}, nullptr);
  PONDER_CHECK(model.ok()) << model.status().ToString();
  return std::move(*model);
}

// run.c's settings: greedy, stop after 200 positions or on BOS.
GenerateRequest RunCRequest(const TokenIds& prompt) {
  GenerateRequest r;
  r.context = prompt;
  r.sampling.temperature = 0;
  r.sampling.max_tokens = static_cast<int>(kPositions + 1 - prompt.size());
  r.end_token_ids = {kBos};
  return r;
}

TEST(Stories260KTest, LogitsMatchRunCWithin1e4) {
  std::ifstream in(kStories / "reference/logits_once_upon_a_time.json");
  const nlohmann::json ref = nlohmann::json::parse(in);
  const TokenIds fed = ref["token_ids_fed"];
  auto model = LoadStories();
  auto logits = model->PositionLogits(fed);
  ASSERT_TRUE(logits.ok()) << logits.status().ToString();
  ASSERT_EQ(logits->size(), fed.size() * 512);
  double max_diff = 0;
  for (const nlohmann::json& position : ref["logits"]) {
    const size_t pos = position["pos"];
    const std::vector<double> values = position["values"];
    ASSERT_EQ(values.size(), 512u);
    for (size_t v = 0; v < values.size(); ++v) {
      max_diff = std::max(max_diff, std::fabs((*logits)[pos * 512 + v] - values[v]));
    }
  }
  EXPECT_LT(max_diff, 1e-4);
  RecordProperty("max_abs_logit_diff", std::to_string(max_diff));
}

TEST(Stories260KTest, GreedyReproducesRunCTokenForToken) {
  auto model = LoadStories();
  const std::vector<GreedyCase> cases = ReadGreedyCases();
  ASSERT_EQ(cases.size(), 4u);
  for (const GreedyCase& c : cases) {
    std::vector<GenerateRequest> request = {RunCRequest(c.prompt)};
    auto result = model->Generate(request);
    ASSERT_TRUE(result[0].ok()) << c.id << ": " << result[0].status().ToString();
    const Continuation& out = result[0]->continuations.at(0);
    EXPECT_EQ(out.tokens, c.generated) << c.id;
    EXPECT_EQ(out.finish, c.stopped_on_bos ? FinishReason::kEndOfSequence : FinishReason::kLength)
        << c.id;
    EXPECT_EQ(result[0]->prefill_tokens, static_cast<int64_t>(c.prompt.size())) << c.id;
  }
}

TEST(Stories260KTest, OneBatchOfDifferentLengthsGivesTheSameTokens) {
  auto model = LoadStories();
  const std::vector<GreedyCase> cases = ReadGreedyCases();
  std::vector<GenerateRequest> batch;
  for (const GreedyCase& c : cases) batch.push_back(RunCRequest(c.prompt));
  auto results = model->Generate(batch);
  for (size_t i = 0; i < cases.size(); ++i) {
    ASSERT_TRUE(results[i].ok()) << results[i].status().ToString();
    EXPECT_EQ(results[i]->continuations.at(0).tokens, cases[i].generated) << cases[i].id;
  }
}

TEST(Stories260KTest, CachedDecodingAgreesWithFullRecomputation) {
  auto model = LoadStories();
  const GreedyCase c = ReadGreedyCases()[0];
  std::vector<GenerateRequest> request = {RunCRequest(c.prompt)};
  auto result = model->Generate(request);
  ASSERT_TRUE(result[0].ok());
  const Continuation& out = result[0]->continuations[0];
  TokenIds all = c.prompt;
  all.insert(all.end(), out.tokens.begin(), out.tokens.end());
  auto logits = model->PositionLogits(all);
  ASSERT_TRUE(logits.ok());
  double max_diff = 0;
  for (size_t i = 0; i < out.tokens.size(); ++i) {
    const size_t row = c.prompt.size() - 1 + i;  // the row that predicts generated token i
    std::span<const float> l(logits->data() + row * 512, 512);
    const double recomputed = l[out.tokens[i]] - LogSumExp(l);
    max_diff = std::max(max_diff, std::fabs(recomputed - out.logprobs[i]));
  }
  EXPECT_LT(max_diff, 1e-4);
}

TEST(Stories260KTest, SamplingIsSeededAndStopsAtMaxTokens) {
  auto model = LoadStories();
  GenerateRequest r = RunCRequest(ReadGreedyCases()[0].prompt);
  r.sampling.temperature = 0.8;
  r.sampling.top_p = 0.9;
  r.sampling.max_tokens = 20;
  r.end_token_ids.clear();
  r.n = 3;
  r.seed = 99;
  std::vector<GenerateRequest> request = {r};
  auto first = model->Generate(request);
  auto again = model->Generate(request);
  ASSERT_TRUE(first[0].ok());
  ASSERT_EQ(first[0]->continuations.size(), 3u);
  for (size_t s = 0; s < 3; ++s) {
    EXPECT_EQ(first[0]->continuations[s].tokens.size(), 20u);
    EXPECT_EQ(first[0]->continuations[s].finish, FinishReason::kLength);
    EXPECT_EQ(first[0]->continuations[s].tokens, again[0]->continuations[s].tokens);
  }
  EXPECT_NE(first[0]->continuations[0].tokens, first[0]->continuations[1].tokens);
}

}  // namespace
}  // namespace ponder
