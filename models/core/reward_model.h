// RewardModel: a model that reads scores off a token sequence at given
// positions. Process reward models (PRMs) give each step's probability of
// being correct at the step's tag or separator token; value models give the
// expected outcome of the partial solution ending there. Which of the two a
// model is does not change how it is called.
//
// Batching: ScoreAt takes a span of requests and returns one result per
// request, in the same order, each with one score per requested position; a
// bad request fails only itself. Threading: as LanguageModel.
// Caching: `marks` work as in GenerateRequest (language_model.h): a child's
// input extends its parent's, so a model may keep the parent's state.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>
#include <utility>
#include <vector>

#include "models/core/language_model.h"
#include "search/base/status.h"

namespace ponder {

struct ScoreAtRequest {
  TokenIds tokens;                 // the scorer's whole input
  std::vector<int64_t> positions;  // indices into tokens; a score is read at each
  std::vector<PrefixMark> marks;   // optional, as in GenerateRequest
};

struct ScoreAtResult {
  std::vector<double> scores;  // one per position
  int64_t prefill_tokens = 0;
  int64_t reused_prefill_tokens = 0;
};

enum class RewardKind : uint8_t {
  kMathShepherd,  // softmax over the good/bad tokens' logits at each step tag: P(good)
  kTwoClassPrm,   // Qwen2.5-Math-PRM: softmax of the score head at each separator: P(class 1)
  kValue,         // a scalar head at each step's last token
};

inline constexpr std::pair<std::string_view, RewardKind> kRewardKindNames[] = {
    {"math-shepherd", RewardKind::kMathShepherd},
    {"two-class-prm", RewardKind::kTwoClassPrm},
    {"value", RewardKind::kValue},
};

std::string_view RewardKindName(RewardKind kind);

class RewardModel {
 public:
  virtual ~RewardModel() = default;
  virtual std::vector<StatusOr<ScoreAtResult>> ScoreAt(
      std::span<const ScoreAtRequest> requests) = 0;
  virtual void Forget(std::span<const CacheKey> keys) = 0;
  virtual RewardKind kind() const = 0;
  virtual int64_t context_length() const = 0;
};

}  // namespace ponder
