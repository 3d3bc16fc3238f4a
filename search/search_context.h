// SearchContext: everything one search of one problem talks to, and the only
// way an algorithm touches the policy, the scorer, the budget and the trace.
//
// Expand() and Score() do the bookkeeping every algorithm needs, once: they
// batch the requests, validate what comes back (an empty step or a NaN score
// is an error, not a silent wrong answer), add nodes, extract answers from
// complete solutions, count usage and emit trace events. Algorithms keep
// their own state in locals and stay small.
//
// Threading: one context per problem, used by that problem's thread only.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <stop_token>
#include <string>
#include <vector>

#include "search/answer_extractor.h"
#include "search/base/clock.h"
#include "search/base/params.h"
#include "search/base/rng.h"
#include "search/budget.h"
#include "search/policy.h"
#include "search/problem.h"
#include "search/scorer.h"
#include "search/trace_sink.h"
#include "search/tree.h"

namespace ponder {

// Settings every algorithm honours; the `search:` section of a config.
struct SearchOptions {
  SamplingParams sampling;                       // default sampling for expansions
  Aggregation aggregation = Aggregation::kLast;  // PRM step scores -> node score
  int max_steps = 64;                            // a node this deep is a complete solution
  int64_t max_solution_tokens = 4096;            // a node this long is a complete solution

  void Bind(ParamBinder& binder);
  Status Validate() const;
};

struct SearchResult {
  NodeId chosen = kNoNode;  // the node whose path is the answer; kNoNode if nothing was generated
  bool complete = false;    // chosen is a finished solution (not a partial one cut by the budget)
  bool has_answer = false;
  std::string answer;
  std::string solution;  // the chosen path's text
  double score = kNoScore;
  Usage usage;
  std::string stop_reason;  // "completed", "budget:max_tokens", "cancelled", ...
  // Algorithm-specific counts by name (e.g. PG-TD's "sequence_cache_hits"), as Count() left them.
  std::map<std::string, int64_t, std::less<>> counters;
};

// How a batch of expansions is asked for.
enum class Duplicates : uint8_t {
  kKeep,   // every proposal becomes a child (sampling as the papers do)
  kMerge,  // siblings with identical text become one child (tree search); priors are those
           // of the distinct steps, normalised over them
};

struct ExpandSpec {
  ExpandMode mode = ExpandMode::kStep;
  int n = 1;
  std::optional<SamplingParams> sampling;  // default: SearchOptions::sampling
  Duplicates duplicates = Duplicates::kKeep;
};

struct SearchSetup {
  const Problem* problem = nullptr;
  Policy* policy = nullptr;
  Scorer* scorer = nullptr;                    // optional
  const AnswerExtractor* extractor = nullptr;  // optional: without it, no answers are extracted
  TraceSink* trace = nullptr;                  // optional
  const Clock* clock = &SteadyClock::Get();
  Budget budget;
  SearchOptions options;
  uint64_t seed = 0;  // the problem's seed: derive it from (run seed, problem id)
  std::stop_token stop;
};

class SearchContext {
 public:
  explicit SearchContext(SearchSetup setup);
  // A search that ended without Finish (its algorithm failed) still frees backend state.
  ~SearchContext();
  SearchContext(const SearchContext&) = delete;
  SearchContext& operator=(const SearchContext&) = delete;

  const Problem& problem() const { return *setup_.problem; }
  Tree& tree() { return tree_; }
  const Tree& tree() const { return tree_; }
  const SearchOptions& options() const { return setup_.options; }
  const Budget& budget() const { return setup_.budget; }
  bool has_scorer() const { return setup_.scorer != nullptr; }
  // For choices an algorithm makes itself (resampling, tie breaks).
  Rng& rng() { return rng_; }
  const Usage& usage();

  // Why the search must stop now ("budget:max_tokens", "cancelled"), or nullopt. Asked before
  // each batch of generation.
  std::optional<std::string> StopReason();
  bool Stopped() { return StopReason().has_value(); }
  // Why scoring must stop now: cancelled, or the scorer-call or time limit reached. Asked
  // before each batch of scoring: a spent generation limit still lets the search score what it
  // generated.
  std::optional<std::string> ScoringStopReason();
  bool ScoringStopped() { return ScoringStopReason().has_value(); }

  // Expands each parent once, in one batch. result[i] holds the new children of parents[i].
  StatusOr<std::vector<std::vector<NodeId>>> Expand(std::span<const NodeId> parents,
                                                    const ExpandSpec& spec);
  // Scores the nodes in one batch, setting step_score and score.
  Status Score(std::span<const NodeId> nodes);
  // Prunes the subtree at `node` and tells the backends to free its state.
  void Drop(NodeId node);

  // Records an algorithm's decision in the trace (no cost when nothing traces).
  void Trace(TraceEventKind kind, NodeId node, std::string detail = "");
  bool tracing() const { return setup_.trace != nullptr; }

  // Adds `delta` to the named counter reported in SearchResult::counters (cache hits and the like).
  void Count(std::string_view counter, int64_t delta = 1);

  // Ends the search with `chosen` as the answer (kNoNode: none) and frees backend state.
  SearchResult Finish(NodeId chosen);

 private:
  StatusOr<NodeId> AddProposal(NodeId parent, Proposal proposal, int64_t created_us);
  void ComputePriors(std::span<const NodeId> siblings);
  // Tells the backends to free the state of every node not dropped yet.
  void ForgetLive();
  int64_t ElapsedMicros() const;

  SearchSetup setup_;
  Tree tree_;
  Rng rng_;
  Usage usage_;
  std::map<std::string, int64_t, std::less<>> counters_;
  uint64_t request_counter_ = 0;
  int64_t start_us_;
  bool finished_ = false;
};

}  // namespace ponder
