// PG-TD, Planning-Guided Transformer Decoding (Zhang, Chen, Shen, Ding, Tenenbaum & Gan 2023,
// "Planning with Large Language Models for Code Generation", ICLR): Monte Carlo tree search over
// tokens (or steps) whose evaluation of a node is a lookahead to a complete program.
//
//   selection  from the root, the child maximising P-UCB,
//                Q(s,a) + beta(s) * P(a|s) * sqrt(ln N(s)) / (1 + N(s,a)),
//                beta(s) = ln((N(s) + c_base + 1) / c_base) + c,
//              where P is the policy's probability renormalised over the top k, N(s) counts the
//              node's own creation plus the simulations through it, and Q(s,a) is the best
//              return seen below a;
//   expansion  the new node's top-k next tokens (ExpandMode::kToken at temperature 0; or k
//              sampled steps with expansion: step);
//   evaluation a lookahead from the node to a complete program: greedy decoding (num_beams 1)
//              or beam search, scored by the scorer (in real use the pass rate on the
//              problem's public tests);
//   backup     every node on the path counts the visit and keeps the maximum return.
// The answer is the best-scoring complete program found.
//
// The paper's two caches share work between planner and model:
//   tree cache      a node's top-k are asked once and kept in the tree; every later descent
//                   through the node reuses them (counted as tree_cache_hits; the top-k asked
//                   are tree_cache_misses). The paper also fills it from the scores seen during
//                   rollouts; rollouts here return no alternatives, so it holds what the planner
//                   asked;
//   sequence cache  a lookahead's program is kept; a node whose partial program lies on a kept
//                   one takes that program's score without calling the model or the scorer
//                   (sequence_cache_hits), since the same deterministic lookahead would
//                   reproduce it.
// Counts go to SearchResult::counters and the trace (TraceEventKind::kCacheHit).
// Simulations may run batch_size at a time under virtual loss (tree_search.h).
#include <algorithm>
#include <limits>

#include "search/algorithms/lookahead.h"
#include "search/algorithms/tree_search.h"
#include "search/registry.h"
#include "search/selection.h"

namespace ponder {
namespace {

struct PgTdOptions {
  int k = 3;
  double c = 4;
  double c_base = 10;
  int rollouts = 256;
  int num_beams = 1;
  ExpandMode expansion = ExpandMode::kToken;
  bool sequence_cache = true;
  MinibatchOptions minibatch;

  void Bind(ParamBinder& b) {
    static constexpr std::pair<std::string_view, ExpandMode> kUnits[] = {
        {"token", ExpandMode::kToken}, {"step", ExpandMode::kStep}};
    b.Int("k", &k, 1, 1 << 16, "children per node: the top-k tokens (or k sampled steps)");
    b.Double("c", &c, 0, ParamBinder::kInf, "P-UCB exploration constant");
    b.Double("c_base", &c_base, 1e-9, ParamBinder::kInf,
             "P-UCB base: beta = ln((N + c_base + 1) / c_base) + c");
    b.Int("rollouts", &rollouts, 1, 1 << 24,
          "simulations, each evaluating one node by a lookahead (or a cache)");
    b.Int("num_beams", &num_beams, 1, 1 << 10, "lookahead beam width; 1 is greedy decoding");
    b.Enum<ExpandMode>("expansion", &expansion, kUnits, "what one tree edge adds: token or step");
    b.Bool("sequence_cache", &sequence_cache,
           "reuse a lookahead's program for nodes that lie on it");
    minibatch.Bind(b);
  }
  Status Validate() const { return OkStatus(); }
};

// A lookahead's program, as the tokens that follow the node it started from.
struct CachedSequence {
  NodeId program;
  TokenIds continuation;
};

// Where a node's partial program lies on a cached sequence.
struct OnSequence {
  int sequence = -1;
  size_t offset = 0;  // continuation tokens the node's path has consumed
};

// One PG-TD search: the state that lives for one Run.
class PgTdSearch {
 public:
  PgTdSearch(const PgTdOptions& options, SearchContext& ctx) : options_(options), ctx_(ctx) {}

  StatusOr<SearchResult> Run() {
    Sync();
    // Like the paper's root node, the root asks for its top-k when it is created; it is
    // never evaluated.
    if (!ctx_.Stopped()) {
      const NodeId root[] = {kRootNode};
      PONDER_RETURN_IF_ERROR(ExpandNodes(root));
    }
    if (ctx_.tree().root().children.empty()) return ctx_.Finish(kNoNode);
    PONDER_RETURN_IF_ERROR(SimulateInRounds(
        ctx_, options_.minibatch, options_.rollouts, [&] { return Select(); },
        [&](const std::vector<NodeId>& path) { return Settle(path); },
        [&](const std::vector<NodeId>& leaves) { return Evaluate(leaves); },
        [&](const std::vector<NodeId>& path, LeafValue v) { BackupMax(path, v.value_sum); }));
    return ctx_.Finish(BestSolutionOrMostVisited(ctx_, flags_));
  }

 private:
  void Sync() {
    flags_.Sync(ctx_.tree());
    best_return_.resize(ctx_.tree().size(), -std::numeric_limits<double>::infinity());
    on_sequence_.resize(ctx_.tree().size());
  }

  std::vector<NodeId> Select() {
    const Tree& tree = ctx_.tree();
    std::vector<NodeId> path = Descend(tree, flags_, [&](const Node& p, const Node& c) {
      const double q = c.visits > 0 ? best_return_[c.id] : 0.0;
      // N(s) starts at 1 for the node's own creation, as in the paper.
      return PUcb(q, c.prior, EffectiveVisits(c), EffectiveVisits(p) + 1, options_.c,
                  options_.c_base);
    });
    // Every step down took a node's top-k from the tree instead of the model.
    const int64_t reused = static_cast<int64_t>(path.size()) - 1;
    if (reused > 0) {
      ctx_.Count("tree_cache_hits", reused);
      if (ctx_.tracing()) {
        ctx_.Trace(TraceEventKind::kCacheHit, path.back(), "tree x" + std::to_string(reused));
      }
    }
    return path;
  }

  // A node evaluated before and ending here (a complete program, or a node the policy could
  // not continue) is backed up again with its best return, at no cost.
  bool Settle(const std::vector<NodeId>& path) {
    const Node& leaf = ctx_.tree().at(path.back());
    if (leaf.visits == 0 || (!leaf.terminal && !flags_.expanded(leaf.id))) return false;
    BackupMax(path, best_return_[leaf.id]);
    return true;
  }

  ExpandSpec UnitSpec(int n) const {
    ExpandSpec spec{.mode = options_.expansion, .n = n, .duplicates = Duplicates::kMerge};
    if (options_.expansion == ExpandMode::kToken) {
      SamplingParams greedy = ctx_.options().sampling;
      greedy.temperature = 0;
      spec.sampling = greedy;
    }
    return spec;
  }

  Status ExpandNodes(std::span<const NodeId> parents) {
    PONDER_ASSIGN_OR_RETURN(auto children, ExpandTree(ctx_, flags_, parents, UnitSpec(options_.k)));
    Sync();
    ctx_.Count("tree_cache_misses", static_cast<int64_t>(parents.size()));
    for (size_t i = 0; i < parents.size(); ++i) {
      for (NodeId c : children[i]) Follow(parents[i], c);
    }
    return OkStatus();
  }

  // A child lies on its parent's cached sequence when its tokens continue it.
  void Follow(NodeId parent, NodeId child) {
    const OnSequence at = on_sequence_[parent];
    if (at.sequence < 0) return;
    const TokenIds& rest = sequences_[static_cast<size_t>(at.sequence)].continuation;
    const TokenIds& step = ctx_.tree().at(child).tokens;
    if (at.offset + step.size() > rest.size() ||
        !std::equal(step.begin(), step.end(),
                    rest.begin() + static_cast<std::ptrdiff_t>(at.offset))) {
      return;
    }
    on_sequence_[child] = {at.sequence, at.offset + step.size()};
  }

  // The program a cached sequence already holds for `leaf`, or kNoNode.
  NodeId CachedProgram(NodeId leaf) const {
    const OnSequence at = on_sequence_[leaf];
    if (at.sequence < 0) return kNoNode;
    const CachedSequence& seq = sequences_[static_cast<size_t>(at.sequence)];
    // A program that ended at this node ends here; a longer cached one is not its completion.
    if (ctx_.tree().at(leaf).terminal && at.offset != seq.continuation.size()) return kNoNode;
    return seq.program;
  }

  void Remember(NodeId origin, NodeId program) {
    if (!options_.sequence_cache || on_sequence_[origin].sequence >= 0) return;
    const size_t prefix = ctx_.tree().PathTokens(origin).size();
    TokenIds tokens = ctx_.tree().PathTokens(program);
    sequences_.push_back(
        {program, TokenIds(tokens.begin() + static_cast<std::ptrdiff_t>(prefix), tokens.end())});
    on_sequence_[origin] = {static_cast<int>(sequences_.size()) - 1, 0};
    for (NodeId c : ctx_.tree().at(origin).children) {
      if (!flags_.completion(c)) Follow(origin, c);
    }
  }

  StatusOr<std::vector<NodeId>> Lookahead(std::span<const NodeId> origins) {
    ctx_.Count("lookahead_rollouts", static_cast<int64_t>(origins.size()));
    if (options_.num_beams > 1) {
      return BeamLookahead(ctx_, flags_, origins, options_.num_beams, UnitSpec(options_.num_beams));
    }
    SamplingParams greedy = ctx_.options().sampling;
    greedy.temperature = 0;
    return RollOut(ctx_, flags_, origins, greedy);
  }

  // Expands the round's new leaves in one batch, runs the lookaheads the caches cannot answer
  // in one batch, and scores the new programs in one batch.
  StatusOr<std::vector<std::optional<LeafValue>>> Evaluate(const std::vector<NodeId>& leaves) {
    std::vector<std::optional<LeafValue>> values(leaves.size());
    std::vector<NodeId> to_expand;
    for (NodeId l : leaves) {
      if (!ctx_.tree().at(l).terminal && !flags_.expanded(l)) to_expand.push_back(l);
    }
    if (ctx_.Stopped()) return values;
    PONDER_RETURN_IF_ERROR(ExpandNodes(to_expand));

    std::vector<NodeId> program(leaves.size(), kNoNode), origins;
    for (size_t i = 0; i < leaves.size(); ++i) {
      const NodeId l = leaves[i];
      if (options_.sequence_cache) program[i] = CachedProgram(l);
      if (program[i] != kNoNode) {
        ctx_.Count("sequence_cache_hits");
        if (ctx_.tracing()) ctx_.Trace(TraceEventKind::kCacheHit, l, "sequence");
      } else if (ctx_.tree().at(l).terminal) {
        program[i] = l;
      } else {
        origins.push_back(l);
      }
    }
    if (!origins.empty()) {
      if (ctx_.Stopped()) return values;
      PONDER_ASSIGN_OR_RETURN(std::vector<NodeId> programs, Lookahead(origins));
      Sync();
      for (size_t i = 0, j = 0; i < leaves.size(); ++i) {
        if (program[i] != kNoNode) continue;
        program[i] = programs[j++];
        if (program[i] != kNoNode) Remember(leaves[i], program[i]);
      }
    }

    std::vector<NodeId> to_score;
    for (NodeId p : program) {
      if (p != kNoNode && !ctx_.tree().at(p).scored() &&
          std::find(to_score.begin(), to_score.end(), p) == to_score.end()) {
        to_score.push_back(p);
      }
    }
    if (ctx_.ScoringStopped()) return values;
    PONDER_RETURN_IF_ERROR(ctx_.Score(to_score));
    for (size_t i = 0; i < leaves.size(); ++i) {
      if (program[i] != kNoNode) {
        values[i] = LeafValue{.value_sum = ctx_.tree().at(program[i]).score};
      }
    }
    return values;
  }

  // Counts the visit and keeps each node's best return (Q is the maximum, as in the paper).
  void BackupMax(const std::vector<NodeId>& path, double value) {
    BackupLeaf(ctx_, path, {.value_sum = value});
    for (NodeId n : path) best_return_[n] = std::max(best_return_[n], value);
  }

  const PgTdOptions& options_;
  SearchContext& ctx_;
  SearchFlags flags_;
  std::vector<double> best_return_;      // max return backed up through each node
  std::vector<OnSequence> on_sequence_;  // per node
  std::vector<CachedSequence> sequences_;
};

class PgTd final : public Algorithm {
 public:
  explicit PgTd(PgTdOptions options) : options_(options) {}
  ScorerUse scorer_use() const override { return ScorerUse::kRequired; }
  StatusOr<SearchResult> Run(SearchContext& ctx) const override {
    return PgTdSearch(options_, ctx).Run();
  }

 private:
  PgTdOptions options_;
};

}  // namespace

void RegisterPgTd(AlgorithmRegistry& registry) {
  RegisterAlgorithm<PgTdOptions, PgTd>(
      registry, "pg_td",
      "Planning-Guided Transformer Decoding: P-UCB tree search over tokens, nodes evaluated by "
      "a greedy or beam lookahead, with the tree and sequence caches");
}

}  // namespace ponder
