// Zero-cost models for measuring the search engine alone: the policy returns
// one-token steps and the scorer a hash of the node, both without allocation
// beyond the proposals themselves. Solutions are complete at `depth` steps.
#pragma once

#include "search/base/rng.h"
#include "search/policy.h"
#include "search/scorer.h"

namespace ponder::bench {

class ZeroCostPolicy final : public Policy {
 public:
  explicit ZeroCostPolicy(int depth) : depth_(depth) {}

  std::vector<StatusOr<Expansion>> Propose(std::span<const ExpandRequest> requests) override {
    std::vector<StatusOr<Expansion>> out;
    out.reserve(requests.size());
    for (const ExpandRequest& r : requests) {
      const int depth = r.tree->at(r.node).depth;
      const int steps = r.mode == ExpandMode::kRollout ? std::max(1, depth_ - depth) : 1;
      Expansion e;
      e.proposals.resize(static_cast<size_t>(r.n));
      for (int i = 0; i < r.n; ++i) {
        Proposal& p = e.proposals[static_cast<size_t>(i)];
        const char c = static_cast<char>('a' + (MixKeys(r.seed, static_cast<uint64_t>(i)) & 7));
        p.text.assign(static_cast<size_t>(steps), c);
        p.tokens.assign(static_cast<size_t>(steps), c);
        p.token_logprobs.assign(static_cast<size_t>(steps), -0.5f - 0.1f * (c - 'a'));
        p.finish = depth + steps >= depth_        ? FinishReason::kEndOfSequence
                   : r.mode == ExpandMode::kToken ? FinishReason::kToken
                                                  : FinishReason::kDelimiter;
      }
      out.emplace_back(std::move(e));
    }
    return out;
  }

 private:
  int depth_;
};

class ZeroCostScorer final : public Scorer {
 public:
  std::vector<StatusOr<Score>> ScoreBatch(std::span<const ScoreRequest> requests) override {
    std::vector<StatusOr<Score>> out;
    out.reserve(requests.size());
    for (const ScoreRequest& r : requests) {
      const uint64_t h = MixKeys(r.tree->id(), r.node);
      out.emplace_back(Score{{static_cast<double>(h >> 11) * 0x1.0p-53}});
    }
    return out;
  }
};

}  // namespace ponder::bench
