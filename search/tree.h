// Tree: the per-search arena of Nodes.
//
// Node 0 is the root (the bare prompt). Ids are dense and stable; nodes are
// never removed, only marked dropped, so a trace can replay the whole search.
// Every tree has a process-unique id() that, with a NodeId, keys a model
// backend's cached state.
//
// Thread-safety: none. A tree belongs to one problem's thread of control;
// backends may read it during a Propose/ScoreBatch call, while that thread waits.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "search/base/check.h"
#include "search/node.h"

namespace ponder {

class Tree {
 public:
  Tree();
  Tree(const Tree&) = delete;
  Tree& operator=(const Tree&) = delete;
  Tree(Tree&&) = default;
  Tree& operator=(Tree&&) = default;

  uint64_t id() const { return id_; }
  size_t size() const { return nodes_.size(); }

  const Node& at(NodeId id) const {
    PONDER_CHECK(id < nodes_.size()) << "node " << id << " of " << nodes_.size();
    return nodes_[id];
  }
  Node& at(NodeId id) {
    PONDER_CHECK(id < nodes_.size()) << "node " << id << " of " << nodes_.size();
    return nodes_[id];
  }
  const Node& root() const { return nodes_[kRootNode]; }

  // Appends a child of `parent`; fills id, parent, depth and cumulative_tokens.
  NodeId AddChild(NodeId parent, Node child);

  // Ids from the root's first child down to `id` (the root itself is not a step).
  std::vector<NodeId> PathTo(NodeId id) const;
  // The partial solution at `id`: its steps' texts concatenated.
  std::string PathText(NodeId id) const;
  // The partial solution's token ids, step after step.
  TokenIds PathTokens(NodeId id) const;

  // Marks `id` and its descendants dropped; returns the ids newly dropped.
  std::vector<NodeId> DropSubtree(NodeId id);

  const std::vector<Node>& nodes() const { return nodes_; }

 private:
  uint64_t id_;
  std::vector<Node> nodes_;
};

}  // namespace ponder
