#include "policies/synthetic/synthetic_policy.h"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "policies/synthetic/arithmetic_task.h"
#include "search/base/rng.h"

namespace ponder::synthetic {
namespace {

// The next step's possible results: the right one first, then the errors by size.
struct Candidate {
  int64_t result;
  double probability;  // at temperature 1
};

std::vector<Candidate> NextStep(int64_t right, double skill, int spread) {
  std::vector<Candidate> out = {{right, skill}};
  const double wrong = (1 - skill) / (2.0 * spread);
  for (int d = 1; d <= spread; ++d) {
    out.push_back({right + d, wrong});
    out.push_back({right - d, wrong});
  }
  return out;
}

// Sampling weights after temperature, top-k, top-p and min-p, as a model's sampler applies them.
std::vector<double> SamplingWeights(const std::vector<Candidate>& candidates,
                                    const SamplingParams& s) {
  // Relative to the most likely candidate, so p^(1/T) cannot underflow to an all-zero
  // distribution at a small temperature.
  double most = 0;
  for (const Candidate& c : candidates) most = std::max(most, c.probability);
  std::vector<double> w;
  for (const Candidate& c : candidates) {
    w.push_back(std::pow(c.probability / most, 1.0 / s.temperature));
  }
  const double total = std::accumulate(w.begin(), w.end(), 0.0);
  for (double& x : w) x /= total;
  std::vector<size_t> order(w.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return w[a] > w[b]; });
  const double top = w[order[0]];
  double mass = 0;
  for (size_t rank = 0; rank < order.size(); ++rank) {
    const size_t i = order[rank];
    const bool cut = (s.top_k > 0 && static_cast<int>(rank) >= s.top_k) || mass >= s.top_p ||
                     w[i] < s.min_p * top;
    mass += w[i];
    if (cut) w[i] = 0;
  }
  return w;
}

void AppendStep(Proposal& p, const std::string& text, double probability) {
  for (size_t i = 0; i < text.size(); ++i) {
    p.text.push_back(text[i]);
    p.tokens.push_back(static_cast<unsigned char>(text[i]));
    p.token_logprobs.push_back(i == 0 ? static_cast<float>(std::log(probability)) : 0.0f);
  }
}

}  // namespace

void SyntheticPolicyOptions::Bind(ParamBinder& b) {
  b.Double("skill", &skill, 0, 1, "probability that a step is right at temperature 1");
  b.Int("error_spread", &error_spread, 1, 1000, "a wrong step is off by 1..error_spread");
}

StatusOr<Expansion> SyntheticPolicy::ProposeOne(const ExpandRequest& r) const {
  PONDER_ASSIGN_OR_RETURN(ArithmeticTask task, TaskOf(*r.problem));
  const std::string prefix = r.tree->PathText(r.node);
  const std::vector<StepLine> done = ParseSteps(prefix);
  if (static_cast<int>(done.size()) >= task.steps()) {
    return FailedPreconditionError("the solution at node " + std::to_string(r.node) +
                                   " is already complete");
  }
  Expansion expansion;
  expansion.prefill_tokens = static_cast<int64_t>(r.problem->prompt.size() + prefix.size());

  auto step = [&](int index, int64_t total, Rng& rng, Proposal& p) {
    const auto candidates =
        NextStep(total + task.terms[index + 1], options_.skill, options_.error_spread);
    size_t pick = 0;  // greedy: the most probable result
    if (r.sampling.temperature > 0) pick = rng.Categorical(SamplingWeights(candidates, r.sampling));
    for (size_t i = 0; r.sampling.temperature == 0 && i < candidates.size(); ++i) {
      if (candidates[i].probability > candidates[pick].probability) pick = i;
    }
    AppendStep(p, StepText(task, index, total, candidates[pick].result),
               candidates[pick].probability);
    return candidates[pick].result;
  };

  const int first = static_cast<int>(done.size());
  const int64_t total = done.empty() ? task.terms[0] : done.back().result;
  if (r.mode == ExpandMode::kToken) {
    // The n most likely distinct next steps (greedy), or n distinct ones sampled without
    // replacement. A "token" of this simulated model is a whole step.
    auto candidates =
        NextStep(total + task.terms[first + 1], options_.skill, options_.error_spread);
    Rng rng(r.seed);
    for (int i = 0; i < r.n && !candidates.empty(); ++i) {
      size_t pick = 0;
      if (r.sampling.temperature > 0) {
        std::vector<double> w = SamplingWeights(candidates, r.sampling);
        if (std::accumulate(w.begin(), w.end(), 0.0) <= 0) break;
        pick = rng.Categorical(w);
      }
      Proposal p;
      AppendStep(p, StepText(task, first, total, candidates[pick].result),
                 candidates[pick].probability);
      p.finish = first + 1 == task.steps() ? FinishReason::kEndOfSequence : FinishReason::kToken;
      expansion.proposals.push_back(std::move(p));
      candidates.erase(candidates.begin() + static_cast<std::ptrdiff_t>(pick));
    }
    return expansion;
  }

  for (int i = 0; i < r.n; ++i) {
    Rng rng = Rng(r.seed).Derive(static_cast<uint64_t>(i));
    Proposal p;
    int index = first;
    int64_t running = total;
    do {
      running = step(index++, running, rng, p);
    } while (r.mode == ExpandMode::kRollout && index < task.steps() &&
             static_cast<int>(p.tokens.size()) < r.sampling.max_tokens);
    p.finish = index == task.steps()            ? FinishReason::kEndOfSequence
               : r.mode == ExpandMode::kRollout ? FinishReason::kLength
                                                : FinishReason::kDelimiter;
    expansion.proposals.push_back(std::move(p));
  }
  return expansion;
}

std::vector<StatusOr<Expansion>> SyntheticPolicy::Propose(std::span<const ExpandRequest> requests) {
  std::vector<StatusOr<Expansion>> out;
  out.reserve(requests.size());
  for (const ExpandRequest& r : requests) out.push_back(ProposeOne(r));
  return out;
}

}  // namespace ponder::synthetic
