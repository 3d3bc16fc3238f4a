// Node: one partial solution in a search tree.
//
// A node holds the step added at it (text and token ids) and the statistics
// the algorithms need. Nodes live in a Tree's arena and refer to each other by
// NodeId, never by pointer: ids survive the arena growing, go straight into
// trace databases, and are what a model backend keys its cached state on.
#pragma once

#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

namespace ponder {

using NodeId = uint32_t;
using TokenIds = std::vector<int32_t>;

inline constexpr NodeId kNoNode = std::numeric_limits<NodeId>::max();
inline constexpr NodeId kRootNode = 0;

// Why a policy stopped generating a continuation.
enum class FinishReason : uint8_t {
  kNone,           // not generated (the root)
  kDelimiter,      // reached the step delimiter: more steps may follow
  kToken,          // one token was asked for and produced
  kEndOfSequence,  // the model ended the solution
  kLength,         // hit a token limit
  kCancelled,      // the search stopped it (First-Finish)
};

std::string_view FinishReasonName(FinishReason reason);

inline constexpr double kNoScore = std::numeric_limits<double>::quiet_NaN();

struct Node {
  NodeId id = kNoNode;
  NodeId parent = kNoNode;
  int32_t depth = 0;  // steps from the root; the root has depth 0
  std::vector<NodeId> children;

  // The step this node adds to its parent's partial solution. Step texts
  // concatenate exactly: a delimiter the model generated stays in the text.
  std::string text;
  TokenIds tokens;
  double logprob = 0;  // sum of the step's token log-probabilities
  double prior = 0;    // the policy's probability for this step among its siblings (PUCT)
  FinishReason finish = FinishReason::kNone;
  bool terminal = false;  // a complete solution: nothing may follow
  bool has_answer = false;
  std::string answer;  // the extracted final answer, set on terminal nodes when one is found
  int64_t cumulative_tokens = 0;  // generated tokens from the root through this step

  // Scores. step_score is the scorer's score for this node's last step;
  // score is what the search ranks by (aggregated PRM score, value or outcome).
  double step_score = kNoScore;
  double score = kNoScore;

  // Tree-search statistics (MCTS, PG-TD).
  int32_t visits = 0;
  double value_sum = 0;
  int32_t virtual_loss = 0;

  int64_t created_us = 0;  // microseconds since the search started
  bool dropped = false;    // pruned: the backend has been told to free its state

  bool scored() const { return !std::isnan(score); }
  double mean_value() const { return visits > 0 ? value_sum / visits : 0.0; }
};

}  // namespace ponder
