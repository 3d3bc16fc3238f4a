#include "policies/synthetic/synthetic_prm.h"

#include <cmath>

#include "policies/synthetic/arithmetic_task.h"
#include "search/base/rng.h"

namespace ponder::synthetic {

void SyntheticPrmOptions::Bind(ParamBinder& b) {
  b.Double("gap", &gap, 0, 100, "logit distance between right and wrong steps");
  b.Double("noise", &noise, 0, 100, "standard deviation of the logit noise");
  b.Int64("seed", &seed, 0, ParamBinder::kMaxInt, "noise seed");
}

StatusOr<Score> SyntheticPrm::ScoreOne(const ScoreRequest& r) const {
  PONDER_ASSIGN_OR_RETURN(ArithmeticTask task, TaskOf(*r.problem));
  // Score each step of the path, the way a PRM reads every step tag in one pass. Node
  // texts are whole lines, so each node's steps parse on their own; a node holding
  // several steps (a rollout) is scored by its last one.
  Score score;
  const uint64_t problem_key =
      MixKeys(static_cast<uint64_t>(options_.seed), StableHash(r.problem->id));
  uint64_t path_key = problem_key;
  bool right_so_far = true;
  int64_t running = task.terms[0];
  int index = 0;
  for (NodeId id : r.tree->PathTo(r.node)) {
    const std::string& text = r.tree->at(id).text;
    for (const StepLine& s : ParseSteps(text)) {
      right_so_far = right_so_far && index < task.steps() && s.lhs == running &&
                     s.term == task.terms[index + 1] && s.result == s.lhs + s.term;
      running = s.result;
      ++index;
    }
    path_key = MixKeys(path_key, StableHash(text));
    Rng rng(path_key);
    const double logit =
        (right_so_far ? options_.gap : -options_.gap) + options_.noise * rng.Normal();
    score.step_scores.push_back(1.0 / (1.0 + std::exp(-logit)));
  }
  if (score.step_scores.empty()) return InvalidArgumentError("cannot score the empty root");
  return score;
}

std::vector<StatusOr<Score>> SyntheticPrm::ScoreBatch(std::span<const ScoreRequest> requests) {
  std::vector<StatusOr<Score>> out;
  out.reserve(requests.size());
  for (const ScoreRequest& r : requests) out.push_back(ScoreOne(r));
  return out;
}

}  // namespace ponder::synthetic
