#include "tests/fakes/fake_tree_policy.h"

#include <algorithm>
#include <cmath>

#include "search/base/rng.h"

namespace ponder::testing {

FakeTreePolicy::FakeTreePolicy(FakeTreeOptions options) : options_(std::move(options)) {}

std::vector<CharChoice> FakeTreePolicy::Next(std::string_view path) const {
  if (options_.distribution) return options_.distribution(path);
  std::vector<CharChoice> uniform;
  for (char c : options_.alphabet) uniform.push_back({c, 1.0});
  return uniform;
}

namespace {

// Draws one index of `choices` by weight; greedy (the first heaviest) at temperature 0.
size_t Draw(const std::vector<CharChoice>& choices, double temperature, Rng& rng) {
  if (temperature == 0) {
    size_t best = 0;
    for (size_t i = 1; i < choices.size(); ++i) {
      if (choices[i].weight > choices[best].weight) best = i;
    }
    return best;
  }
  std::vector<double> w;
  for (const CharChoice& c : choices) w.push_back(std::pow(c.weight, 1.0 / temperature));
  return rng.Categorical(w);
}

float LogProb(const std::vector<CharChoice>& choices, size_t i) {
  double total = 0;
  for (const CharChoice& c : choices) total += c.weight;
  return static_cast<float>(std::log(choices[i].weight / total));
}

}  // namespace

bool FakeTreePolicy::Ends(size_t length, char last) const {
  return static_cast<int>(length) >= options_.depth ||
         (options_.end_char != '\0' && last == options_.end_char);
}

Expansion FakeTreePolicy::ProposeOne(const ExpandRequest& request) const {
  const std::string prefix = request.tree->PathText(request.node);
  Expansion expansion;
  expansion.prefill_tokens = static_cast<int64_t>(prefix.size());
  auto append = [&](Proposal& p, char c, float logprob) {
    p.text.push_back(c);
    p.tokens.push_back(static_cast<unsigned char>(c));
    p.token_logprobs.push_back(logprob);
  };

  if (request.mode == ExpandMode::kToken) {
    // n distinct characters: the most likely first at temperature 0, else sampled without
    // replacement.
    const std::vector<CharChoice> all = Next(prefix);
    std::vector<CharChoice> remaining = all;
    std::vector<size_t> original(all.size());
    for (size_t j = 0; j < original.size(); ++j) original[j] = j;
    Rng rng(request.seed);
    for (int i = 0; i < request.n && !remaining.empty(); ++i) {
      const size_t pick = Draw(remaining, request.sampling.temperature, rng);
      Proposal p;
      append(p, remaining[pick].c, LogProb(all, original[pick]));
      p.finish = Ends(prefix.size() + 1, remaining[pick].c) ? FinishReason::kEndOfSequence
                                                            : FinishReason::kToken;
      expansion.proposals.push_back(std::move(p));
      remaining.erase(remaining.begin() + static_cast<std::ptrdiff_t>(pick));
      original.erase(original.begin() + static_cast<std::ptrdiff_t>(pick));
    }
    return expansion;
  }

  for (int i = 0; i < request.n; ++i) {
    Rng rng = Rng(request.seed).Derive(static_cast<uint64_t>(i));
    Proposal p;
    std::string path = prefix;
    const int steps = request.mode == ExpandMode::kStep
                          ? 1
                          : std::min(options_.depth - static_cast<int>(prefix.size()),
                                     request.sampling.max_tokens);
    bool ended = false;
    for (int s = 0; s < steps && !ended; ++s) {
      const std::vector<CharChoice> choices = Next(path);
      const size_t pick = Draw(choices, request.sampling.temperature, rng);
      append(p, choices[pick].c, LogProb(choices, pick));
      path.push_back(choices[pick].c);
      ended = Ends(path.size(), choices[pick].c);
    }
    p.finish = ended                               ? FinishReason::kEndOfSequence
               : request.mode == ExpandMode::kStep ? FinishReason::kDelimiter
                                                   : FinishReason::kLength;
    expansion.proposals.push_back(std::move(p));
  }
  return expansion;
}

std::vector<StatusOr<Expansion>> FakeTreePolicy::Propose(std::span<const ExpandRequest> requests) {
  std::vector<StatusOr<Expansion>> out;
  for (const ExpandRequest& r : requests) out.emplace_back(ProposeOne(r));
  std::lock_guard lock(mu_);
  requests_.insert(requests_.end(), requests.begin(), requests.end());
  ++batches_;
  return out;
}

void FakeTreePolicy::Forget(const Tree&, std::span<const NodeId> nodes) {
  std::lock_guard lock(mu_);
  forgotten_.insert(forgotten_.end(), nodes.begin(), nodes.end());
}

std::vector<ExpandRequest> FakeTreePolicy::requests() const {
  std::lock_guard lock(mu_);
  return requests_;
}

size_t FakeTreePolicy::batches() const {
  std::lock_guard lock(mu_);
  return batches_;
}

std::vector<NodeId> FakeTreePolicy::forgotten() const {
  std::lock_guard lock(mu_);
  return forgotten_;
}

}  // namespace ponder::testing
