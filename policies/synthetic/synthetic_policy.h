// SyntheticPolicy: a simulated language model for the synthetic arithmetic
// task, at zero cost.
//
// Each step is right with probability `skill` (at temperature 1); otherwise its
// result is off by 1..error_spread either way, and the error carries into every
// later step. Sampling (temperature, top-k, top-p, min-p) acts on that
// next-step distribution exactly as on a model's; log-probabilities are those
// of the temperature-1 distribution, as a model reports them. Each character is
// one token. Deterministic per request seed; thread-safe (stateless).
#pragma once

#include "search/base/params.h"
#include "search/policy.h"

namespace ponder::synthetic {

struct SyntheticPolicyOptions {
  double skill = 0.8;
  int error_spread = 3;

  void Bind(ParamBinder& binder);
  Status Validate() const { return OkStatus(); }
};

class SyntheticPolicy final : public Policy {
 public:
  explicit SyntheticPolicy(SyntheticPolicyOptions options) : options_(options) {}
  std::vector<StatusOr<Expansion>> Propose(std::span<const ExpandRequest> requests) override;

 private:
  StatusOr<Expansion> ProposeOne(const ExpandRequest& request) const;
  SyntheticPolicyOptions options_;
};

}  // namespace ponder::synthetic
