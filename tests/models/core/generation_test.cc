#include "models/core/generation.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include "tests/fakes/byte_tokenizer.h"

namespace ponder {
namespace {

using testing::ByteTokenizer;
using ::testing::HasSubstr;

// The model's vocabulary has one id more than the tokenizer's, as real
// embeddings have padding rows (Qwen2.5: 151936 rows, 151665 tokens).
constexpr int64_t kVocab = 259;
constexpr int32_t kNoToken = 258;

// A model over bytes that strongly prefers the next letter of the alphabet,
// EOS after 'z', and the id without a token after '{'; after '~' its logits are
// NaN, as a broken checkpoint's would be. Sessions keep each row's whole sequence.
int32_t Successor(int32_t t) {
  if (t == 'z') return ByteTokenizer::kEos;
  if (t == '{') return kNoToken;
  return (t + 1) % 256;
}

class SuccessorSession final : public DecodeSession {
 public:
  explicit SuccessorSession(std::vector<TokenIds> rows) : rows_(std::move(rows)) { Compute(); }
  int64_t rows() const override { return static_cast<int64_t>(rows_.size()); }
  std::span<const float> logits() const override { return logits_; }
  Status Select(std::span<const int64_t> rows) override {
    std::vector<TokenIds> kept;
    for (int64_t r : rows) kept.push_back(rows_[static_cast<size_t>(r)]);
    rows_ = std::move(kept);
    Compute();
    return OkStatus();
  }
  Status Step(std::span<const int32_t> tokens) override {
    for (size_t r = 0; r < rows_.size(); ++r) rows_[r].push_back(tokens[r]);
    ++steps;
    Compute();
    return OkStatus();
  }
  int steps = 0;

 private:
  void Compute() {
    logits_.assign(rows_.size() * kVocab, 0.0f);
    for (size_t r = 0; r < rows_.size(); ++r) {
      if (rows_[r].back() == '~') {
        std::fill_n(logits_.begin() + static_cast<std::ptrdiff_t>(r * kVocab), kVocab, NAN);
        continue;
      }
      logits_[r * kVocab + static_cast<size_t>(Successor(rows_[r].back()))] = 4.0f;
    }
  }
  std::vector<TokenIds> rows_;
  std::vector<float> logits_;
};

class SuccessorBackend final : public DecodeBackend {
 public:
  StatusOr<std::unique_ptr<DecodeSession>> Prefill(std::span<const GenerateRequest* const> requests,
                                                   std::vector<PrefillCount>* counts) override {
    ++prefills;
    if (fail) return InternalError("backend failed");
    std::vector<TokenIds> rows;
    for (size_t i = 0; i < requests.size(); ++i) {
      rows.push_back(requests[i]->context);
      (*counts)[i].computed = static_cast<int64_t>(requests[i]->context.size());
    }
    return std::unique_ptr<DecodeSession>(std::make_unique<SuccessorSession>(std::move(rows)));
  }
  int prefills = 0;
  bool fail = false;
};

const LanguageModelInfo kInfo{.vocab_size = kVocab, .context_length = 64, .eos_token_ids = {}};

GenerateRequest Request(std::string_view context) {
  GenerateRequest r;
  for (char c : context) r.context.push_back(static_cast<uint8_t>(c));
  r.sampling.temperature = 0;
  r.sampling.max_tokens = 8;
  return r;
}

std::string Text(const Continuation& c) {
  std::string s;
  for (int32_t t : c.tokens)
    s += t == ByteTokenizer::kEos ? std::string("</s>") : std::string(1, static_cast<char>(t));
  return s;
}

TEST(GenerationTest, GreedyStopsOnLengthDelimiterAndEndTokens) {
  ByteTokenizer tokenizer;
  SuccessorBackend backend;
  std::vector<GenerateRequest> requests = {Request("a"), Request("a"), Request("wx")};
  requests[1].stop_strings = {"de"};
  requests[2].end_token_ids = {ByteTokenizer::kEos};
  auto results = RunGeneration(backend, kInfo, &tokenizer, requests);
  ASSERT_EQ(results.size(), 3u);
  for (const auto& r : results) ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(Text(results[0]->continuations[0]), "bcdefghi");
  EXPECT_EQ(results[0]->continuations[0].finish, FinishReason::kLength);
  EXPECT_EQ(Text(results[1]->continuations[0]), "bcde");
  EXPECT_EQ(results[1]->continuations[0].finish, FinishReason::kDelimiter);
  EXPECT_EQ(Text(results[2]->continuations[0]), "yz</s>");
  EXPECT_EQ(results[2]->continuations[0].finish, FinishReason::kEndOfSequence);
  EXPECT_EQ(backend.prefills, 1) << "one batch";
  EXPECT_EQ(results[2]->prefill_tokens, 2);
  // The logprob of a token with logit 4 among kVocab - 1 zeros.
  const float expected = static_cast<float>(4.0 - std::log(std::exp(4.0) + (kVocab - 1)));
  for (float lp : results[0]->continuations[0].logprobs) EXPECT_NEAR(lp, expected, 1e-5);
}

TEST(GenerationTest, NonFiniteLogitsFailTheirRequestOnlyAndNeverAbort) {
  SuccessorBackend backend;
  std::vector<GenerateRequest> requests = {Request("~"), Request("a"), Request("~")};
  requests[0].sampling.temperature = 1.0;
  requests[2].distinct_next_tokens = true;
  requests[2].n = 3;
  auto results = RunGeneration(backend, kInfo, nullptr, requests);
  ASSERT_EQ(results.size(), 3u);
  EXPECT_THAT(results[0].status().message(), HasSubstr("non-finite logit"));
  ASSERT_TRUE(results[1].ok()) << results[1].status().ToString();
  EXPECT_EQ(Text(results[1]->continuations[0]), "bcdefghi");
  EXPECT_THAT(results[2].status().message(), HasSubstr("non-finite logit"));
}

TEST(GenerationTest, NSamplesAreSeededPerSample) {
  SuccessorBackend backend;
  GenerateRequest r = Request("a");
  r.n = 6;
  r.sampling.temperature = 3.0;  // flat enough that samples differ
  r.sampling.max_tokens = 5;
  r.seed = 42;
  std::vector<GenerateRequest> one = {r};
  auto first = RunGeneration(backend, kInfo, nullptr, one);
  auto again = RunGeneration(backend, kInfo, nullptr, one);
  ASSERT_TRUE(first[0].ok());
  ASSERT_EQ(first[0]->continuations.size(), 6u);
  std::set<TokenIds> distinct;
  for (size_t s = 0; s < 6; ++s) {
    EXPECT_EQ(first[0]->continuations[s].tokens, again[0]->continuations[s].tokens);
    EXPECT_EQ(first[0]->continuations[s].tokens.size(), 5u);
    distinct.insert(first[0]->continuations[s].tokens);
  }
  EXPECT_GT(distinct.size(), 1u);
  // Sample i depends only on (seed, i): asking for 2 gives the first 2 of the 6.
  one[0].n = 2;
  auto two = RunGeneration(backend, kInfo, nullptr, one);
  EXPECT_EQ(two[0]->continuations[1].tokens, first[0]->continuations[1].tokens);
}

TEST(GenerationTest, DistinctNextTokensComeFromThePrefillAlone) {
  SuccessorBackend backend;
  GenerateRequest r = Request("y");
  r.n = 3;
  r.distinct_next_tokens = true;
  r.end_token_ids = {'z'};
  std::vector<GenerateRequest> one = {r};
  auto result = RunGeneration(backend, kInfo, nullptr, one);
  ASSERT_TRUE(result[0].ok());
  ASSERT_EQ(result[0]->continuations.size(), 3u);
  EXPECT_EQ(result[0]->continuations[0].tokens, TokenIds{'z'});
  EXPECT_EQ(result[0]->continuations[0].finish, FinishReason::kEndOfSequence);
  EXPECT_EQ(result[0]->continuations[1].tokens, TokenIds{0}) << "then ties, lowest id first";
  EXPECT_EQ(result[0]->continuations[1].finish, FinishReason::kToken);
}

TEST(GenerationTest, ContextLengthEndsGenerationAndLongContextsFail) {
  SuccessorBackend backend;
  std::vector<GenerateRequest> requests = {Request(std::string(60, 'a')),
                                           Request(std::string(64, 'a')), Request("")};
  requests[0].sampling.max_tokens = 100;
  requests.push_back(Request("ab"));
  requests.back().marks = {{{1, 0}, 2}, {{1, 1}, 1}};
  requests.push_back(Request("ab"));
  requests.back().context[0] = 999;
  requests.push_back(Request("ab"));
  requests.back().stop_strings = {"x"};
  auto results = RunGeneration(backend, kInfo, nullptr, requests);
  ASSERT_TRUE(results[0].ok());
  EXPECT_EQ(results[0]->continuations[0].tokens.size(), 4u) << "60 + 4 = the context length";
  EXPECT_EQ(results[0]->continuations[0].finish, FinishReason::kLength);
  EXPECT_THAT(results[1].status().message(),
              HasSubstr("the context has 64 tokens but the model's context length "
                        "(max_position_embeddings in config.json) is 64"));
  EXPECT_THAT(results[2].status().message(), HasSubstr("the context is empty"));
  EXPECT_THAT(results[3].status().message(), HasSubstr("marks must increase"));
  EXPECT_THAT(results[4].status().message(), HasSubstr("token id 999 is outside the vocabulary"));
  EXPECT_THAT(results[5].status().message(), HasSubstr("without a tokenizer"));
}

TEST(GenerationTest, AStopStringCheckThatFailsFailsOnlyItsRequest) {
  ByteTokenizer tokenizer;
  SuccessorBackend backend;
  std::vector<GenerateRequest> requests = {Request("a"), Request("{"), Request("a")};
  for (GenerateRequest& r : requests) r.stop_strings = {"de"};
  requests[1].n = 2;
  auto results = RunGeneration(backend, kInfo, &tokenizer, requests);
  EXPECT_THAT(results[1].status().message(), HasSubstr("token id 258 is not a byte"));
  for (size_t i : {0, 2}) {
    ASSERT_TRUE(results[i].ok()) << results[i].status().ToString();
    EXPECT_EQ(Text(results[i]->continuations[0]), "bcde");
    EXPECT_EQ(results[i]->continuations[0].finish, FinishReason::kDelimiter);
  }
}

TEST(GenerationTest, ABackendFailureFailsTheBatch) {
  SuccessorBackend backend;
  backend.fail = true;
  std::vector<GenerateRequest> requests = {Request("a"), Request("b")};
  auto results = RunGeneration(backend, kInfo, nullptr, requests);
  EXPECT_EQ(results[0].status().message(), "backend failed");
  EXPECT_EQ(results[1].status().message(), "backend failed");
}

}  // namespace
}  // namespace ponder
