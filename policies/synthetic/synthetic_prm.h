// SyntheticPrm: a simulated process reward model for the synthetic arithmetic task.
//
// A step's score is sigmoid(+gap + noise) while every step so far is right and
// sigmoid(-gap + noise) from the first wrong step on (the solution can no
// longer reach the right answer), with noise ~ N(0, noise) drawn
// deterministically from (seed, problem, step text), so a PRM pass over the
// same path always returns the same scores. `noise` sets how often the PRM is
// fooled. Returns one score per step of the path. Thread-safe (stateless).
#pragma once

#include <cstdint>

#include "search/base/params.h"
#include "search/scorer.h"

namespace ponder::synthetic {

struct SyntheticPrmOptions {
  double gap = 2.0;
  double noise = 1.0;
  int64_t seed = 0;

  void Bind(ParamBinder& binder);
  Status Validate() const { return OkStatus(); }
};

class SyntheticPrm final : public Scorer {
 public:
  explicit SyntheticPrm(SyntheticPrmOptions options) : options_(options) {}
  std::vector<StatusOr<Score>> ScoreBatch(std::span<const ScoreRequest> requests) override;

 private:
  StatusOr<Score> ScoreOne(const ScoreRequest& request) const;
  SyntheticPrmOptions options_;
};

}  // namespace ponder::synthetic
