#include "search/search_context.h"

#include <algorithm>
#include <cmath>

namespace ponder {
namespace {

std::string NodeName(const Problem& problem, NodeId node) {
  return "problem '" + problem.id + "', node " + std::to_string(node);
}

Status ValidateProposal(const Proposal& p) {
  if (p.text.empty() && p.tokens.empty()) return InternalError("policy returned an empty step");
  if (p.token_logprobs.size() != p.tokens.size()) {
    return InternalError("policy returned " + std::to_string(p.tokens.size()) + " tokens but " +
                         std::to_string(p.token_logprobs.size()) + " log-probabilities");
  }
  for (float lp : p.token_logprobs) {
    if (std::isnan(lp) || lp > 0) {
      return InternalError("policy returned an invalid token log-probability " +
                           std::to_string(lp));
    }
  }
  if (p.finish == FinishReason::kNone) return InternalError("policy gave no finish reason");
  return OkStatus();
}

// A step's prior before siblings are normalised: its length-normalised
// probability, so long steps are not penalised for their length.
double UnnormalisedPrior(std::span<const float> token_logprobs) {
  if (token_logprobs.empty()) return 1.0;
  double sum = 0;
  for (float lp : token_logprobs) sum += lp;
  return std::exp(sum / static_cast<double>(token_logprobs.size()));
}

}  // namespace

void SearchOptions::Bind(ParamBinder& b) {
  b.Double("temperature", &sampling.temperature, 0, 100, "sampling temperature; 0 is greedy");
  // The ranges are those Validate accepts, so a bad value is reported with its line.
  b.Double("top_p", &sampling.top_p, 1e-6, 1, "nucleus sampling mass");
  b.Int("top_k", &sampling.top_k, 0, 1 << 20, "keep the k most likely tokens (0: all)");
  b.Double("min_p", &sampling.min_p, 0, 0.999999,
           "drop tokens below min_p times the top probability");
  b.Int("max_step_tokens", &sampling.max_tokens, 1, 1 << 20, "tokens per generated step");
  b.Enum<Aggregation>("aggregation", &aggregation, kAggregationNames,
                      "how PRM step scores combine into a node score");
  b.Int("max_steps", &max_steps, 1, 1 << 20, "steps after which a solution is complete");
  b.Int64("max_solution_tokens", &max_solution_tokens, 1, int64_t{1} << 40,
          "tokens after which a solution is complete");
}

Status SearchOptions::Validate() const { return sampling.Validate(); }

SearchContext::SearchContext(SearchSetup setup)
    : setup_(std::move(setup)), rng_(Rng(setup_.seed).Derive(0x5ea4c4)) {
  PONDER_CHECK(setup_.problem != nullptr && setup_.policy != nullptr && setup_.clock != nullptr);
  start_us_ = setup_.clock->NowMicros();
  if (setup_.trace) setup_.trace->SearchStarted(problem(), tree_);
}

SearchContext::~SearchContext() {
  if (!finished_) ForgetLive();
}

int64_t SearchContext::ElapsedMicros() const { return setup_.clock->NowMicros() - start_us_; }

const Usage& SearchContext::usage() {
  usage_.elapsed_us = ElapsedMicros();
  return usage_;
}

std::optional<std::string> SearchContext::StopReason() {
  if (setup_.stop.stop_requested()) return "cancelled";
  if (auto limit = setup_.budget.ExhaustedBy(usage())) return "budget:" + *limit;
  return std::nullopt;
}

std::optional<std::string> SearchContext::ScoringStopReason() {
  if (setup_.stop.stop_requested()) return "cancelled";
  if (auto limit = setup_.budget.ScoringExhaustedBy(usage())) return "budget:" + *limit;
  return std::nullopt;
}

void SearchContext::Trace(TraceEventKind kind, NodeId node, std::string detail) {
  if (!setup_.trace) return;
  setup_.trace->Event(problem(), tree_, TraceEvent{kind, node, ElapsedMicros(), std::move(detail)});
}

void SearchContext::Count(std::string_view counter, int64_t delta) {
  auto it = counters_.find(counter);
  if (it == counters_.end()) it = counters_.emplace(std::string(counter), 0).first;
  it->second += delta;
}

StatusOr<std::vector<std::vector<NodeId>>> SearchContext::Expand(std::span<const NodeId> parents,
                                                                 const ExpandSpec& spec) {
  std::vector<std::vector<NodeId>> children(parents.size());
  if (parents.empty()) return children;
  if (spec.n < 1) return InvalidArgumentError("expansion asks for n < 1 continuations");

  std::vector<ExpandRequest> requests;
  requests.reserve(parents.size());
  const SamplingParams& sampling = spec.sampling ? *spec.sampling : setup_.options.sampling;
  for (NodeId parent : parents) {
    PONDER_CHECK(!tree_.at(parent).terminal) << "expanding a complete solution, node " << parent;
    requests.push_back({.problem = setup_.problem,
                        .tree = &tree_,
                        .node = parent,
                        .mode = spec.mode,
                        .n = spec.n,
                        .sampling = sampling,
                        .seed = MixKeys(setup_.seed, ++request_counter_)});
  }

  std::vector<StatusOr<Expansion>> results = setup_.policy->Propose(requests);
  if (results.size() != requests.size()) {
    return InternalError("policy answered " + std::to_string(results.size()) + " of " +
                         std::to_string(requests.size()) + " requests");
  }
  // One clock read per batch: the batch's nodes arrived together.
  const int64_t created_us = ElapsedMicros();
  ++usage_.policy_batches;
  usage_.policy_calls += static_cast<int64_t>(requests.size()) * spec.n;

  for (size_t i = 0; i < parents.size(); ++i) {
    if (!results[i].ok()) return results[i].status().WithContext(NodeName(problem(), parents[i]));
    Expansion& expansion = *results[i];
    if (static_cast<int>(expansion.proposals.size()) > spec.n) {
      return InternalError(NodeName(problem(), parents[i]) + ": policy returned " +
                           std::to_string(expansion.proposals.size()) +
                           " proposals for n=" + std::to_string(spec.n));
    }
    usage_.prefill_tokens += expansion.prefill_tokens;
    usage_.reused_prefill_tokens += expansion.reused_prefill_tokens;
    for (Proposal& proposal : expansion.proposals) {
      Status valid = ValidateProposal(proposal);
      if (!valid.ok()) return valid.WithContext(NodeName(problem(), parents[i]));
      usage_.generated_tokens += static_cast<int64_t>(proposal.tokens.size());
      if (spec.duplicates == Duplicates::kMerge) {
        auto same = std::find_if(children[i].begin(), children[i].end(), [&](NodeId c) {
          return tree_.at(c).text == proposal.text && tree_.at(c).tokens == proposal.tokens;
        });
        // A step sampled twice is still one step with one probability: adding the copies'
        // priors would count its probability once per sample (about n p^2).
        if (same != children[i].end()) continue;
      }
      PONDER_ASSIGN_OR_RETURN(NodeId child,
                              AddProposal(parents[i], std::move(proposal), created_us));
      children[i].push_back(child);
    }
    ComputePriors(children[i]);
    if (tracing()) {
      Trace(TraceEventKind::kExpand, parents[i],
            std::string(ExpandModeName(spec.mode)) + " n=" + std::to_string(spec.n));
    }
  }
  return children;
}

StatusOr<NodeId> SearchContext::AddProposal(NodeId parent, Proposal proposal, int64_t created_us) {
  Node node;
  for (float lp : proposal.token_logprobs) node.logprob += lp;
  node.prior = UnnormalisedPrior(proposal.token_logprobs);
  node.text = std::move(proposal.text);
  node.tokens = std::move(proposal.tokens);
  node.finish = proposal.finish;
  node.created_us = created_us;
  const NodeId id = tree_.AddChild(parent, std::move(node));
  ++usage_.expansions;

  Node& added = tree_.at(id);
  added.terminal = added.finish == FinishReason::kEndOfSequence ||
                   added.finish == FinishReason::kCancelled ||
                   added.depth >= setup_.options.max_steps ||
                   added.cumulative_tokens >= setup_.options.max_solution_tokens;
  if (added.terminal && setup_.extractor) {
    if (auto answer = setup_.extractor->Extract(tree_.PathText(id))) {
      Node& n = tree_.at(id);
      n.has_answer = true;
      n.answer = std::move(*answer);
    }
  }
  if (setup_.trace) setup_.trace->NodeAdded(problem(), tree_, id);
  return id;
}

void SearchContext::ComputePriors(std::span<const NodeId> siblings) {
  double total = 0;
  for (NodeId c : siblings) total += tree_.at(c).prior;
  if (total <= 0) return;
  for (NodeId c : siblings) tree_.at(c).prior /= total;
}

Status SearchContext::Score(std::span<const NodeId> nodes) {
  if (nodes.empty()) return OkStatus();
  if (!setup_.scorer) {
    return FailedPreconditionError("this algorithm needs a scorer; set `scorer:` in the config");
  }
  std::vector<ScoreRequest> requests;
  requests.reserve(nodes.size());
  for (NodeId n : nodes) {
    requests.push_back({.problem = setup_.problem, .tree = &tree_, .node = n});
  }
  std::vector<StatusOr<ponder::Score>> results = setup_.scorer->ScoreBatch(requests);
  if (results.size() != requests.size()) {
    return InternalError("scorer answered " + std::to_string(results.size()) + " of " +
                         std::to_string(requests.size()) + " requests");
  }
  ++usage_.scorer_batches;
  usage_.scorer_calls += static_cast<int64_t>(nodes.size());

  std::vector<double> path_scores;
  for (size_t i = 0; i < nodes.size(); ++i) {
    if (!results[i].ok()) return results[i].status().WithContext(NodeName(problem(), nodes[i]));
    const std::vector<double>& steps = results[i]->step_scores;
    usage_.prefill_tokens += results[i]->prefill_tokens;
    usage_.reused_prefill_tokens += results[i]->reused_prefill_tokens;
    Node& node = tree_.at(nodes[i]);
    if (steps.empty() || (steps.size() != 1 && steps.size() != static_cast<size_t>(node.depth))) {
      return InternalError(NodeName(problem(), nodes[i]) + ": scorer returned " +
                           std::to_string(steps.size()) + " step scores for a path of " +
                           std::to_string(node.depth) + " steps (expected 1 or " +
                           std::to_string(node.depth) + ")");
    }
    for (double s : steps) {
      if (!std::isfinite(s)) {
        return InternalError(NodeName(problem(), nodes[i]) +
                             ": scorer returned a non-finite score");
      }
    }
    path_scores.clear();
    // "last" needs no earlier step; for the others, when only the last step was
    // scored, earlier steps come from the ancestors' scores.
    if (steps.size() == 1 && node.depth > 1 && setup_.options.aggregation != Aggregation::kLast) {
      for (NodeId a : tree_.PathTo(node.parent)) {
        if (!std::isnan(tree_.at(a).step_score)) path_scores.push_back(tree_.at(a).step_score);
      }
    }
    path_scores.insert(path_scores.end(), steps.begin(), steps.end());
    Node& scored = tree_.at(nodes[i]);
    scored.step_score = steps.back();
    scored.score = Aggregate(path_scores, setup_.options.aggregation);
    if (tracing()) Trace(TraceEventKind::kScore, nodes[i], std::to_string(scored.score));
  }
  return OkStatus();
}

void SearchContext::Drop(NodeId node) {
  std::vector<NodeId> dropped = tree_.DropSubtree(node);
  if (dropped.empty()) return;
  setup_.policy->Forget(tree_, dropped);
  if (setup_.scorer) setup_.scorer->Forget(tree_, dropped);
  if (tracing()) Trace(TraceEventKind::kPrune, node);
}

SearchResult SearchContext::Finish(NodeId chosen) {
  SearchResult result;
  result.stop_reason = StopReason().value_or("completed");
  result.chosen = chosen;
  if (chosen != kNoNode) {
    const Node& node = tree_.at(chosen);
    result.complete = node.terminal;
    result.has_answer = node.has_answer;
    result.answer = node.answer;
    result.solution = tree_.PathText(chosen);
    result.score = node.score;
  }
  if (tracing()) Trace(TraceEventKind::kStop, chosen, result.stop_reason);
  result.usage = usage();
  result.counters = counters_;
  // The search is over: every cached state of this tree can go.
  ForgetLive();
  finished_ = true;
  if (setup_.trace) setup_.trace->SearchFinished(problem(), tree_, result);
  return result;
}

void SearchContext::ForgetLive() {
  std::vector<NodeId> live;
  for (const Node& n : tree_.nodes()) {
    if (!n.dropped) live.push_back(n.id);
  }
  setup_.policy->Forget(tree_, live);
  if (setup_.scorer) setup_.scorer->Forget(tree_, live);
}

}  // namespace ponder
