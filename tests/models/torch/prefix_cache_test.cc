// The tree-shared prefix cache through the LanguageModel interface: what is
// reused, what is recomputed, and that answers never change because of it.
#include <gtest/gtest.h>

#include <algorithm>

#include "models/torch/torch_models.h"
#include "tests/models/torch/tiny_models.h"

namespace ponder {
namespace {

using testing::TinyConfig;
using testing::WriteTinyModel;

constexpr uint64_t kTree = 77;
// The tiny model caches 2 layers x (key + value) x 2 heads x 8 dims x 4 bytes per token.
constexpr int64_t kBytesPerToken = 2 * 2 * 2 * 8 * 4;

const TokenIds kPrompt = {1, 5, 9, 13, 17, 21, 25, 29, 33, 37};  // node 0, the root
const TokenIds kStep1 = {40, 41, 42, 43};                        // node 1 = root + step 1
const TokenIds kStep2 = {50, 51, 52, 53};                        // node 2 = root + step 2
const TokenIds kStep3 = {60, 61};                                // node 3 = node 1 + step 3

// A request to expand `node`, whose context is the prompt plus `steps`.
GenerateRequest Expand(const std::vector<std::pair<NodeId, TokenIds>>& path) {
  GenerateRequest r;
  r.context = kPrompt;
  r.marks.push_back({{kTree, 0}, static_cast<int64_t>(kPrompt.size())});
  for (const auto& [node, step] : path) {
    r.context.insert(r.context.end(), step.begin(), step.end());
    r.marks.push_back({{kTree, node}, static_cast<int64_t>(r.context.size())});
  }
  r.sampling.temperature = 0;
  r.sampling.max_tokens = 5;
  return r;
}

class PrefixCacheTest : public ::testing::Test {
 protected:
  void SetUp() override {
    tiny_ = WriteTinyModel(TinyConfig(), 3);
    uncached_ = Load(0);
  }

  std::unique_ptr<LanguageModel> Load(double cache_mb) {
    auto model = LoadTorchLanguageModel(tiny_->dir.path(), {.kv_cache_mb = cache_mb}, nullptr);
    PONDER_CHECK(model.ok()) << model.status().ToString();
    return std::move(*model);
  }

  // Generates with `model` and with a cache-less model; the answers must agree.
  GenerateResult Run(LanguageModel& model, std::vector<GenerateRequest> requests,
                     size_t which = 0) {
    auto cached = model.Generate(requests);
    auto plain = uncached_->Generate(requests);
    for (size_t i = 0; i < requests.size(); ++i) {
      PONDER_CHECK(cached[i].ok()) << cached[i].status().ToString();
      const Continuation& a = cached[i]->continuations[0];
      const Continuation& b = plain[i]->continuations[0];
      EXPECT_EQ(a.tokens, b.tokens);
      for (size_t t = 0; t < a.logprobs.size(); ++t)
        EXPECT_NEAR(a.logprobs[t], b.logprobs[t], 1e-5);
      EXPECT_EQ(plain[i]->reused_prefill_tokens, 0);
    }
    return *cached[which];
  }

  std::unique_ptr<testing::TinyModel> tiny_;
  std::unique_ptr<LanguageModel> uncached_;
};

TEST_F(PrefixCacheTest, ChildrenContinueFromTheirParentsCachedState) {
  auto model = Load(64);
  GenerateResult root = Run(*model, {Expand({})});
  EXPECT_EQ(root.prefill_tokens, 10);
  EXPECT_EQ(root.reused_prefill_tokens, 0);

  // Two siblings in one batch both reuse the root's 10 tokens.
  std::vector<GenerateRequest> siblings = {Expand({{1, kStep1}}), Expand({{2, kStep2}})};
  auto both = model->Generate(siblings);
  for (const auto& r : both) {
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(r->prefill_tokens, 4);
    EXPECT_EQ(r->reused_prefill_tokens, 10);
  }
  // A grandchild reuses root + node 1.
  GenerateResult grandchild = Run(*model, {Expand({{1, kStep1}, {3, kStep3}})});
  EXPECT_EQ(grandchild.prefill_tokens, 2);
  EXPECT_EQ(grandchild.reused_prefill_tokens, 14);
  // Expanding node 1 again finds its whole context; only the last token is recomputed for logits.
  GenerateResult again = Run(*model, {Expand({{1, kStep1}})});
  EXPECT_EQ(again.prefill_tokens, 1);
  EXPECT_EQ(again.reused_prefill_tokens, 13);
}

TEST_F(PrefixCacheTest, ForgetFreesANodeAndItsChildrenFallBackToTheRoot) {
  auto model = Load(64);
  Run(*model, {Expand({{1, kStep1}})});
  std::vector<CacheKey> drop = {{kTree, 1}};
  model->Forget(drop);
  GenerateResult grandchild = Run(*model, {Expand({{1, kStep1}, {3, kStep3}})});
  EXPECT_EQ(grandchild.reused_prefill_tokens, 10);
  EXPECT_EQ(grandchild.prefill_tokens, 6);
}

TEST_F(PrefixCacheTest, TheMemoryCapEvictsLeastRecentlyUsedAndAnswersStayTheSame) {
  uncached_ = Load(0);
  // Room for 15 tokens: the root (10) and one 4-token step.
  auto model = Load(static_cast<double>(15 * kBytesPerToken) / (1 << 20));
  Run(*model, {Expand({{1, kStep1}})});  // caches root + node 1 (14 tokens)
  GenerateResult second = Run(*model, {Expand({{2, kStep2}})});
  EXPECT_EQ(second.reused_prefill_tokens, 10);  // the root; caching node 2 evicts node 1
  GenerateResult first_again = Run(*model, {Expand({{1, kStep1}})});
  EXPECT_EQ(first_again.reused_prefill_tokens, 10) << "node 1 was evicted";
  EXPECT_EQ(first_again.prefill_tokens, 4);
}

TEST_F(PrefixCacheTest, AStaleKeyIsAMissNotAWrongAnswer) {
  auto model = Load(64);
  Run(*model, {Expand({{1, kStep1}})});
  // Node 1 of the same tree, but with other tokens (a bug in a caller, or a reused id).
  GenerateResult other = Run(*model, {Expand({{1, kStep2}})});
  EXPECT_EQ(other.reused_prefill_tokens, 10);
  EXPECT_EQ(other.prefill_tokens, 4);
}

TEST_F(PrefixCacheTest, AStaleAncestorMakesItsDescendantsAMissNotAWrongAnswer) {
  auto model = Load(64);
  Run(*model, {Expand({{1, kStep1}})});  // caches the root and node 1 after kPrompt
  // The root's key comes to stand for another prompt of the same length (a reused key),
  // and node 1 for the same step after it: node 1's cached state belongs to kPrompt.
  GenerateRequest other_root = Expand({});
  std::reverse(other_root.context.begin(), other_root.context.end());
  Run(*model, {other_root});  // the root's key now caches the reversed prompt
  GenerateRequest other = Expand({{1, kStep1}});
  std::reverse(other.context.begin(), other.context.begin() + 10);
  GenerateResult result = Run(*model, {other});
  EXPECT_EQ(result.reused_prefill_tokens, 10) << "the root alone";
  EXPECT_EQ(result.prefill_tokens, 4);
}

}  // namespace
}  // namespace ponder
