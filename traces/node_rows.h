// NodeRows: a finished tree as the nodes table will store it, copied without
// an allocation per node. Each NodeRow holds a node's fixed-size columns; the
// step texts, answers and token ids of all nodes share two buffers. Copying a
// 1k-node tree this way costs the search thread a few large copies instead of
// thousands of small allocations (bench/traces, docs/performance.md).
//
// Thread-safety: none; filled on the search thread, read on the writer thread
// after a hand-off through the write queue.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "search/node.h"
#include "search/tree.h"

namespace ponder::traces {

struct NodeRow {
  NodeId id = kNoNode;
  NodeId parent = kNoNode;
  int32_t depth = 0;
  int32_t visits = 0;
  FinishReason finish = FinishReason::kNone;
  bool terminal = false;
  bool has_answer = false;
  bool dropped = false;
  double logprob = 0;
  double prior = 0;
  double step_score = kNoScore;
  double score = kNoScore;
  double value_sum = 0;
  int64_t cumulative_tokens = 0;
  int64_t created_us = 0;
  // Where the variable-length fields sit in NodeRows' shared buffers.
  size_t text_begin = 0;
  size_t text_size = 0;
  size_t answer_begin = 0;
  size_t answer_size = 0;
  size_t tokens_begin = 0;
  size_t tokens_size = 0;
};

class NodeRows {
 public:
  // Replaces the rows with every node of `tree`, in id order.
  void Capture(const Tree& tree);

  size_t size() const { return rows_.size(); }
  const std::vector<NodeRow>& rows() const { return rows_; }
  std::string_view text(const NodeRow& row) const {
    return std::string_view(chars_).substr(row.text_begin, row.text_size);
  }
  std::string_view answer(const NodeRow& row) const {
    return std::string_view(chars_).substr(row.answer_begin, row.answer_size);
  }
  std::span<const int32_t> tokens(const NodeRow& row) const {
    return std::span<const int32_t>(tokens_).subspan(row.tokens_begin, row.tokens_size);
  }

 private:
  std::vector<NodeRow> rows_;
  std::string chars_;            // texts and answers, back to back
  std::vector<int32_t> tokens_;  // token ids, back to back
};

}  // namespace ponder::traces
