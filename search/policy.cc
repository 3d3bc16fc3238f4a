#include "search/policy.h"

#include <cmath>

namespace ponder {

std::string_view ExpandModeName(ExpandMode mode) {
  switch (mode) {
    case ExpandMode::kStep:
      return "step";
    case ExpandMode::kToken:
      return "token";
    case ExpandMode::kRollout:
      return "rollout";
  }
  return "unknown";
}

Status SamplingParams::Validate() const {
  if (!(temperature >= 0) || !std::isfinite(temperature)) {
    return InvalidArgumentError("temperature must be a finite number >= 0");
  }
  // Below this, p^(1/temperature) overflows: such a temperature means greedy.
  if (temperature > 0 && temperature < 1e-3) {
    return InvalidArgumentError("temperature must be 0 (greedy) or at least 0.001");
  }
  if (!(top_p > 0 && top_p <= 1)) return InvalidArgumentError("top_p must be in (0, 1]");
  if (top_k < 0) return InvalidArgumentError("top_k must be >= 0");
  if (!(min_p >= 0 && min_p < 1)) return InvalidArgumentError("min_p must be in [0, 1)");
  if (max_tokens < 1) return InvalidArgumentError("max_tokens must be >= 1");
  return OkStatus();
}

}  // namespace ponder
