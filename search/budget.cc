#include "search/budget.h"

namespace ponder {

Usage& Usage::operator+=(const Usage& other) {
  expansions += other.expansions;
  policy_calls += other.policy_calls;
  policy_batches += other.policy_batches;
  scorer_calls += other.scorer_calls;
  scorer_batches += other.scorer_batches;
  generated_tokens += other.generated_tokens;
  prefill_tokens += other.prefill_tokens;
  reused_prefill_tokens += other.reused_prefill_tokens;
  elapsed_us += other.elapsed_us;
  return *this;
}

void Budget::Bind(ParamBinder& b) {
  b.Int64("max_tokens", &max_tokens, 0, ParamBinder::kMaxInt,
          "generated tokens per problem (0: unlimited)");
  b.Int64("max_policy_calls", &max_policy_calls, 0, ParamBinder::kMaxInt,
          "continuations requested from the policy per problem (0: unlimited)");
  b.Int64("max_scorer_calls", &max_scorer_calls, 0, ParamBinder::kMaxInt,
          "nodes scored per problem (0: unlimited)");
  b.Int64("max_expansions", &max_expansions, 0, ParamBinder::kMaxInt,
          "nodes added to the tree per problem (0: unlimited)");
  b.Double("max_seconds", &max_seconds, 0, ParamBinder::kInf,
           "wall time per problem in seconds (0: unlimited)");
}

Status Budget::Validate() const {
  // Ranges are enforced by Bind; code that builds a Budget directly is checked here.
  if (max_tokens < 0 || max_policy_calls < 0 || max_scorer_calls < 0 || max_expansions < 0 ||
      max_seconds < 0) {
    return InvalidArgumentError("budget limits must be >= 0 (0 means unlimited)");
  }
  return OkStatus();
}

std::optional<std::string> Budget::ExhaustedBy(const Usage& u) const {
  if (max_tokens > 0 && u.generated_tokens >= max_tokens) return "max_tokens";
  if (max_policy_calls > 0 && u.policy_calls >= max_policy_calls) return "max_policy_calls";
  if (max_scorer_calls > 0 && u.scorer_calls >= max_scorer_calls) return "max_scorer_calls";
  if (max_expansions > 0 && u.expansions >= max_expansions) return "max_expansions";
  if (max_seconds > 0 && static_cast<double>(u.elapsed_us) >= max_seconds * 1e6) {
    return "max_seconds";
  }
  return std::nullopt;
}

std::optional<std::string> Budget::ScoringExhaustedBy(const Usage& u) const {
  if (max_scorer_calls > 0 && u.scorer_calls >= max_scorer_calls) return "max_scorer_calls";
  if (max_seconds > 0 && static_cast<double>(u.elapsed_us) >= max_seconds * 1e6) {
    return "max_seconds";
  }
  return std::nullopt;
}

}  // namespace ponder
