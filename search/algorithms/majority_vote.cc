// Majority vote (self-consistency; Wang et al. 2023, "Self-Consistency Improves
// Chain of Thought Reasoning"): sample N solutions, extract each final answer,
// return the most frequent one. The weighted form sums scorer scores per
// answer instead of counting (PRM-weighted majority, as in Uesato et al. 2022
// and Snell et al. 2024). The returned node is the highest-scored (or first)
// solution with the winning answer.
#include "search/algorithms/sampling.h"
#include "search/registry.h"
#include "search/selection.h"

namespace ponder {
namespace {

struct MajorityVoteOptions {
  int n = 16;
  int batch_size = 16;
  VoteWeight weighting = VoteWeight::kCount;

  void Bind(ParamBinder& b) {
    static constexpr std::pair<std::string_view, VoteWeight> kWeights[] = {
        {"count", VoteWeight::kCount}, {"score", VoteWeight::kScore}};
    b.Int("n", &n, 1, 1 << 20, "solutions sampled");
    b.Int("batch_size", &batch_size, 1, 1 << 16, "samples (and scores) requested per batch");
    b.Enum<VoteWeight>("weighting", &weighting, kWeights,
                       "count: plain majority; score: sum of scorer scores per answer");
  }
  Status Validate() const { return OkStatus(); }
};

class MajorityVote final : public Algorithm {
 public:
  explicit MajorityVote(MajorityVoteOptions options) : options_(options) {}
  ScorerUse scorer_use() const override {
    return options_.weighting == VoteWeight::kScore ? ScorerUse::kRequired : ScorerUse::kNone;
  }

  StatusOr<SearchResult> Run(SearchContext& ctx) const override {
    PONDER_ASSIGN_OR_RETURN(std::vector<NodeId> leaves,
                            SampleSolutions(ctx, options_.n, options_.batch_size));
    std::vector<NodeId> voters = leaves;
    if (options_.weighting == VoteWeight::kScore) {
      PONDER_ASSIGN_OR_RETURN(voters, ScoreWhileBudget(ctx, leaves, options_.batch_size));
    }
    const std::vector<Vote> votes = TallyVotes(ctx.tree(), voters, options_.weighting);
    NodeId chosen = votes.empty() ? (leaves.empty() ? kNoNode : leaves.front()) : votes[0].best;
    if (chosen != kNoNode) {
      ctx.Trace(TraceEventKind::kSelect, chosen,
                votes.empty() ? "no answers" : std::to_string(votes[0].count) + " votes");
    }
    return ctx.Finish(chosen);
  }

 private:
  MajorityVoteOptions options_;
};

}  // namespace

void RegisterMajorityVote(AlgorithmRegistry& registry) {
  RegisterAlgorithm<MajorityVoteOptions, MajorityVote>(
      registry, "majority_vote",
      "sample n solutions, return the most frequent answer (or the one with most score)");
}

}  // namespace ponder
