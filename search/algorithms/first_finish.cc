// First-Finish Search (Agarwal, Sengupta & Chakraborty 2025, "First Finish Search: Efficient
// Test-Time Scaling in Large Language Models", arXiv:2505.18149): launch n independent samples
// and return the first to finish, cancelling the rest, on the observation that shorter
// reasoning traces are more often correct.
//
// The samples run in lock-step chunks, as the paper's synchronous variant decodes them in one
// batch: each round asks the policy for the next chunk_tokens tokens of every live sample in one
// batch (ExpandMode::kRollout, max_tokens = chunk_tokens). A chunk that ends with the model's end
// of sequence (or reaches search.max_steps / search.max_solution_tokens) finishes its sample;
// one cut at chunk_tokens continues next round. When k samples have finished, the others are
// cancelled (ctx.Drop, TraceEventKind::kCancel) and their remaining tokens are never generated.
// The answer is the shortest finished sample: with k = 1 the first to finish; with k > 1 the
// shortest of the first k to finish. Since all live samples are equally long at the start of a
// round, finishing order is length order, and finishers of the same round differ only in their
// last chunk; ties (equally long) go to the higher log-probability, then the lower id.
// The cost of a round's granularity: the samples that did not finish may each have generated
// up to chunk_tokens tokens past the finishing point. If the budget ends before any sample
// finishes, the most likely unfinished sample is returned.
#include <algorithm>

#include "search/registry.h"

namespace ponder {
namespace {

struct FirstFinishOptions {
  int n = 8;
  int chunk_tokens = 32;
  int k = 1;

  void Bind(ParamBinder& b) {
    b.Int("n", &n, 1, 1 << 16, "samples launched together");
    b.Int("chunk_tokens", &chunk_tokens, 1, 1 << 20,
          "tokens each live sample generates per round before finishing is checked");
    b.Int("k", &k, 1, 1 << 16,
          "finished samples to wait for; the shortest of them is the answer (1: the first)");
  }
  Status Validate() const {
    if (k > n) {
      return InvalidArgumentError("k (" + std::to_string(k) + ") must not exceed n (" +
                                  std::to_string(n) + "): it counts finished samples");
    }
    return OkStatus();
  }
};

class FirstFinish final : public Algorithm {
 public:
  explicit FirstFinish(FirstFinishOptions options) : options_(options) {}
  ScorerUse scorer_use() const override { return ScorerUse::kNone; }

  StatusOr<SearchResult> Run(SearchContext& ctx) const override {
    SamplingParams sampling = ctx.options().sampling;
    sampling.max_tokens = options_.chunk_tokens;
    ExpandSpec chunk{.mode = ExpandMode::kRollout, .n = 1, .sampling = sampling};

    struct Sample {
      NodeId first;  // its first chunk: dropping it cancels the whole sample
      NodeId last;   // its newest chunk
    };
    std::vector<Sample> live;
    std::vector<NodeId> finished;
    if (!ctx.Stopped()) {
      const NodeId root[] = {kRootNode};
      ExpandSpec launch = chunk;
      launch.n = options_.n;
      PONDER_ASSIGN_OR_RETURN(auto started, ctx.Expand(root, launch));
      for (NodeId s : started[0]) live.push_back({s, s});
    }
    while (true) {
      // Sort this round's chunks into finished and still running.
      std::vector<Sample> running;
      for (const Sample& s : live) {
        if (ctx.tree().at(s.last).terminal) {
          finished.push_back(s.last);
          if (ctx.tracing()) {
            ctx.Trace(TraceEventKind::kFinish, s.last,
                      std::to_string(ctx.tree().at(s.last).cumulative_tokens) + " tokens");
          }
        } else {
          running.push_back(s);
        }
      }
      live = std::move(running);
      if (static_cast<int>(finished.size()) >= options_.k || live.empty() || ctx.Stopped()) break;

      std::vector<NodeId> leaves;
      for (const Sample& s : live) leaves.push_back(s.last);
      PONDER_ASSIGN_OR_RETURN(auto next, ctx.Expand(leaves, chunk));
      std::vector<Sample> continued;
      for (size_t i = 0; i < live.size(); ++i) {
        // A sample the policy cannot continue is over without finishing.
        if (!next[i].empty()) continued.push_back({live[i].first, next[i].front()});
      }
      live = std::move(continued);
    }

    NodeId chosen = Best(ctx.tree(), finished);
    if (chosen == kNoNode) {
      std::vector<NodeId> partial;
      for (const Sample& s : live) partial.push_back(s.last);
      chosen = Best(ctx.tree(), partial);
    }
    for (const Sample& s : live) {
      if (s.last == chosen) continue;
      ctx.Trace(TraceEventKind::kCancel, s.last);
      ctx.Drop(s.first);
    }
    if (chosen != kNoNode) ctx.Trace(TraceEventKind::kSelect, chosen);
    return ctx.Finish(chosen);
  }

 private:
  // The shortest; ties to the higher path log-probability, then the lower id.
  static NodeId Best(const Tree& tree, const std::vector<NodeId>& nodes) {
    NodeId best = kNoNode;
    double best_logprob = 0;
    for (NodeId n : nodes) {
      double logprob = 0;
      for (NodeId step : tree.PathTo(n)) logprob += tree.at(step).logprob;
      if (best == kNoNode || Shorter(tree, n, logprob, best, best_logprob)) {
        best = n;
        best_logprob = logprob;
      }
    }
    return best;
  }

  static bool Shorter(const Tree& tree, NodeId a, double logprob_a, NodeId b, double logprob_b) {
    const int64_t ta = tree.at(a).cumulative_tokens, tb = tree.at(b).cumulative_tokens;
    if (ta != tb) return ta < tb;
    if (logprob_a != logprob_b) return logprob_a > logprob_b;
    return a < b;
  }

  FirstFinishOptions options_;
};

}  // namespace

void RegisterFirstFinish(AlgorithmRegistry& registry) {
  RegisterAlgorithm<FirstFinishOptions, FirstFinish>(
      registry, "first_finish",
      "First-Finish Search: n samples in lock-step chunks; the first to finish wins and the "
      "rest are cancelled (k > 1: the shortest of the first k)");
}

}  // namespace ponder
