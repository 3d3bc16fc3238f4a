#include "search/tree.h"

#include <algorithm>
#include <atomic>

namespace ponder {
namespace {
std::atomic<uint64_t> next_tree_id{1};
}  // namespace

std::string_view FinishReasonName(FinishReason reason) {
  switch (reason) {
    case FinishReason::kNone:
      return "none";
    case FinishReason::kDelimiter:
      return "delimiter";
    case FinishReason::kToken:
      return "token";
    case FinishReason::kEndOfSequence:
      return "eos";
    case FinishReason::kLength:
      return "length";
    case FinishReason::kCancelled:
      return "cancelled";
  }
  return "unknown";
}

Tree::Tree() : id_(next_tree_id.fetch_add(1)) {
  Node root;
  root.id = kRootNode;
  nodes_.push_back(std::move(root));
}

NodeId Tree::AddChild(NodeId parent, Node child) {
  PONDER_CHECK(parent < nodes_.size());
  const NodeId id = static_cast<NodeId>(nodes_.size());
  PONDER_CHECK(id != kNoNode) << "tree is full";
  child.id = id;
  child.parent = parent;
  child.depth = nodes_[parent].depth + 1;
  child.cumulative_tokens =
      nodes_[parent].cumulative_tokens + static_cast<int64_t>(child.tokens.size());
  nodes_.push_back(std::move(child));
  nodes_[parent].children.push_back(id);
  return id;
}

std::vector<NodeId> Tree::PathTo(NodeId id) const {
  std::vector<NodeId> path;
  for (NodeId n = id; n != kRootNode; n = at(n).parent) path.push_back(n);
  std::reverse(path.begin(), path.end());
  return path;
}

std::string Tree::PathText(NodeId id) const {
  std::string text;
  for (NodeId n : PathTo(id)) text += nodes_[n].text;
  return text;
}

TokenIds Tree::PathTokens(NodeId id) const {
  TokenIds tokens;
  tokens.reserve(static_cast<size_t>(at(id).cumulative_tokens));
  for (NodeId n : PathTo(id)) {
    tokens.insert(tokens.end(), nodes_[n].tokens.begin(), nodes_[n].tokens.end());
  }
  return tokens;
}

std::vector<NodeId> Tree::DropSubtree(NodeId id) {
  std::vector<NodeId> dropped;
  std::vector<NodeId> stack = {id};
  while (!stack.empty()) {
    const NodeId n = stack.back();
    stack.pop_back();
    Node& node = at(n);
    if (node.dropped) continue;
    node.dropped = true;
    dropped.push_back(n);
    stack.insert(stack.end(), node.children.begin(), node.children.end());
  }
  return dropped;
}

}  // namespace ponder
