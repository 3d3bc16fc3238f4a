#include "traces/node_rows.h"

namespace ponder::traces {

void NodeRows::Capture(const Tree& tree) {
  // Size the buffers once, so filling them never reallocates.
  size_t chars = 0;
  size_t tokens = 0;
  for (const Node& n : tree.nodes()) {
    chars += n.text.size() + (n.has_answer ? n.answer.size() : 0);
    tokens += n.tokens.size();
  }
  rows_.clear();
  chars_.clear();
  tokens_.clear();
  rows_.reserve(tree.size());
  chars_.reserve(chars);
  tokens_.reserve(tokens);

  for (const Node& n : tree.nodes()) {
    NodeRow& row = rows_.emplace_back();
    row.id = n.id;
    row.parent = n.parent;
    row.depth = n.depth;
    row.visits = n.visits;
    row.finish = n.finish;
    row.terminal = n.terminal;
    row.has_answer = n.has_answer;
    row.dropped = n.dropped;
    row.logprob = n.logprob;
    row.prior = n.prior;
    row.step_score = n.step_score;
    row.score = n.score;
    row.value_sum = n.value_sum;
    row.cumulative_tokens = n.cumulative_tokens;
    row.created_us = n.created_us;
    row.text_begin = chars_.size();
    row.text_size = n.text.size();
    chars_.append(n.text);
    if (n.has_answer) {
      row.answer_begin = chars_.size();
      row.answer_size = n.answer.size();
      chars_.append(n.answer);
    }
    row.tokens_begin = tokens_.size();
    row.tokens_size = n.tokens.size();
    tokens_.insert(tokens_.end(), n.tokens.begin(), n.tokens.end());
  }
}

}  // namespace ponder::traces
