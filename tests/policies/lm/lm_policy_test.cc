// LmPolicy over the real stories260K model and tokenizer, driven through the
// search core's SearchContext.
#include "policies/lm/lm_policy.h"

#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "models/torch/torch_models.h"
#include "tests/support/likelihood_beam.h"

namespace ponder {
namespace {

const std::filesystem::path kStories =
    std::filesystem::path(PONDER_SHARED_DIR) / "models/stories260K";

struct Reference {
  TokenIds prompt;
  TokenIds generated;
  std::string text;  // the decoding of everything after BOS
};

Reference OnceUponATime() {
  std::ifstream in(kStories / "reference/greedy.jsonl");
  std::string line;
  std::getline(in, line);
  const nlohmann::json j = nlohmann::json::parse(line);
  return {j["prompt_token_ids"], j["generated_token_ids"], j["text"]};
}

class LmPolicyTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto tokenizer = LoadTokenizer(kStories);
    ASSERT_TRUE(tokenizer.ok()) << tokenizer.status().ToString();
    tokenizer_ = std::move(*tokenizer);
  }

  std::unique_ptr<LmPolicy> MakePolicy(LanguageModel& model) {
    LmPolicyOptions options;
    options.step_delimiter = ".";
    auto policy = LmPolicy::Create(model, *tokenizer_, options, kStories);
    PONDER_CHECK(policy.ok()) << policy.status().ToString();
    return std::move(*policy);
  }

  std::unique_ptr<LanguageModel> LoadModel(double cache_mb) {
    auto model = LoadTorchLanguageModel(kStories, {.kv_cache_mb = cache_mb}, tokenizer_);
    PONDER_CHECK(model.ok()) << model.status().ToString();
    return std::move(*model);
  }

  SearchSetup Setup(Policy& policy, double temperature) {
    SearchSetup setup{.problem = &problem_, .policy = &policy, .seed = 7};
    setup.options.sampling.temperature = temperature;
    setup.options.sampling.max_tokens = 40;
    return setup;
  }

  std::shared_ptr<const Tokenizer> tokenizer_;
  Problem problem_{.id = "story", .prompt = "Once upon a time", .attributes = {}};
};

TEST_F(LmPolicyTest, GreedyStepsReproduceRunCAndConcatenateExactly) {
  auto model = LoadModel(64);
  auto policy = MakePolicy(*model);
  SearchContext ctx(Setup(*policy, 0.0));
  const Reference ref = OnceUponATime();
  NodeId node = kRootNode;
  int64_t expected_prefill = 0, expected_reused = 0, context = 5;
  for (int step = 0; step < 4; ++step) {
    auto children = ctx.Expand(std::vector<NodeId>{node}, {.mode = ExpandMode::kStep, .n = 1});
    ASSERT_TRUE(children.ok()) << children.status().ToString();
    // The root computes the prompt; every later node its own step, and reuses the rest.
    const int64_t step_tokens =
        node == kRootNode ? 5 : static_cast<int64_t>(ctx.tree().at(node).tokens.size());
    expected_prefill += step_tokens;
    expected_reused += context - step_tokens;
    node = (*children)[0][0];
    EXPECT_EQ(ctx.tree().at(node).finish, FinishReason::kDelimiter);
    EXPECT_EQ(ctx.tree().at(node).text.back(), '.');
    context += static_cast<int64_t>(ctx.tree().at(node).tokens.size());
  }
  const TokenIds path = ctx.tree().PathTokens(node);
  EXPECT_EQ(path, TokenIds(ref.generated.begin(), ref.generated.begin() + path.size()));
  const std::string text = ctx.tree().PathText(node);
  EXPECT_EQ(ref.text.substr(0, 16), "Once upon a time");
  EXPECT_EQ(text, ref.text.substr(16, text.size()));
  EXPECT_EQ(text.substr(0, 37), ", there was a little girl named Lily.");
  EXPECT_EQ(ctx.usage().prefill_tokens, expected_prefill);
  EXPECT_EQ(ctx.usage().reused_prefill_tokens, expected_reused);
}

// Sums what a beam search's expansions must compute: with sharing, the prompt
// once and each expanded node's own step once; without, every expansion's whole context.
struct Expected {
  int64_t shared = 0;
  int64_t unshared = 0;
};

Expected ExpectedPrefill(const Tree& tree, int64_t prompt) {
  Expected e;
  for (const Node& n : tree.nodes()) {
    if (n.children.empty()) continue;  // never expanded
    e.shared += n.id == kRootNode ? prompt : static_cast<int64_t>(n.tokens.size());
    e.unshared += prompt + n.cumulative_tokens;
  }
  return e;
}

TEST_F(LmPolicyTest, BeamSearchComputesEverySharedPrefixOnce) {
  SearchResult shared_result, unshared_result;
  for (double cache_mb : {64.0, 0.0}) {
    auto model = LoadModel(cache_mb);
    auto policy = MakePolicy(*model);
    Expected expected;
    auto result =
        testing::RunLikelihoodBeam(Setup(*policy, 1.0), {.n = 9, .beam_width = 3, .max_steps = 4},
                                   [&](const Tree& tree) { expected = ExpectedPrefill(tree, 5); });
    ASSERT_TRUE(result.ok()) << result.status().ToString();
    if (cache_mb > 0) {
      EXPECT_EQ(result->usage.prefill_tokens, expected.shared);
      EXPECT_GT(result->usage.reused_prefill_tokens, 0);
      EXPECT_EQ(result->usage.prefill_tokens + result->usage.reused_prefill_tokens,
                expected.unshared);
      shared_result = *result;
    } else {
      EXPECT_EQ(result->usage.prefill_tokens, expected.unshared);
      EXPECT_EQ(result->usage.reused_prefill_tokens, 0);
      unshared_result = *result;
    }
  }
  // Caching changes the cost, never the search: same seed, same answer.
  EXPECT_EQ(shared_result.solution, unshared_result.solution);
  EXPECT_LT(shared_result.usage.prefill_tokens, unshared_result.usage.prefill_tokens);
}

TEST_F(LmPolicyTest, TokenAndRolloutModes) {
  auto model = LoadModel(64);
  auto policy = MakePolicy(*model);
  SearchContext ctx(Setup(*policy, 0.0));
  const Reference ref = OnceUponATime();
  auto tokens = ctx.Expand(std::vector<NodeId>{kRootNode}, {.mode = ExpandMode::kToken, .n = 3});
  ASSERT_TRUE(tokens.ok()) << tokens.status().ToString();
  ASSERT_EQ((*tokens)[0].size(), 3u);
  const Node& top = ctx.tree().at((*tokens)[0][0]);
  EXPECT_EQ(top.tokens, TokenIds{ref.generated[0]}) << "the greedy token comes first";
  EXPECT_EQ(top.finish, FinishReason::kToken);
  EXPECT_EQ(top.text, ",");
  EXPECT_GT(top.prior, ctx.tree().at((*tokens)[0][1]).prior);

  auto rollout =
      ctx.Expand(std::vector<NodeId>{(*tokens)[0][0]}, {.mode = ExpandMode::kRollout, .n = 1});
  ASSERT_TRUE(rollout.ok());
  const Node& rest = ctx.tree().at((*rollout)[0][0]);
  EXPECT_EQ(rest.finish, FinishReason::kLength);
  EXPECT_EQ(rest.tokens.size(), 40u);
  EXPECT_EQ(rest.tokens, TokenIds(ref.generated.begin() + 1, ref.generated.begin() + 41));
}

TEST_F(LmPolicyTest, ForgetReachesTheModelsCache) {
  auto model = LoadModel(64);
  auto policy = MakePolicy(*model);
  Tree tree;
  const ExpandRequest root{.problem = &problem_,
                           .tree = &tree,
                           .node = kRootNode,
                           .mode = ExpandMode::kStep,
                           .n = 1,
                           .sampling = {.temperature = 0, .max_tokens = 40}};
  auto first = policy->Propose(std::span(&root, 1));
  ASSERT_TRUE(first[0].ok());
  Node child;
  child.tokens = first[0]->proposals[0].tokens;
  child.text = first[0]->proposals[0].text;
  const NodeId id = tree.AddChild(kRootNode, child);
  ExpandRequest next = root;
  next.node = id;
  EXPECT_EQ(policy->Propose(std::span(&next, 1))[0]->reused_prefill_tokens, 5);
  const NodeId forget[] = {kRootNode, id};
  policy->Forget(tree, forget);
  auto after = policy->Propose(std::span(&next, 1));
  EXPECT_EQ(after[0]->reused_prefill_tokens, 0);
  EXPECT_EQ(after[0]->prefill_tokens, 5 + static_cast<int64_t>(child.tokens.size()));
}

}  // namespace
}  // namespace ponder
