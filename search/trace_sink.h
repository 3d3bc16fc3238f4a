// TraceSink: receives every node and event of a search, for traces, browsers
// and debugging.
//
// Calls come from the problem's thread of control, in order: SearchStarted,
// then NodeAdded/Event as the search runs, then SearchFinished with the final
// tree (whose nodes carry their final statistics). A sink shared by several
// problems must be thread-safe; a sink should be cheap (buffer, write later).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "search/node.h"
#include "search/problem.h"
#include "search/tree.h"

namespace ponder {

struct SearchResult;

enum class TraceEventKind : uint8_t {
  kExpand,    // node was expanded (detail: mode and n)
  kScore,     // node was scored
  kSelect,    // an algorithm chose node (beam kept it, A* popped it, MCTS selected it)
  kPrune,     // node's subtree was dropped
  kBackup,    // a value was backed up from node
  kFinish,    // a sample finished first (First-Finish)
  kCancel,    // a sample was cancelled
  kCacheHit,  // node's work was answered from an algorithm's cache (detail: which cache)
  kStop,      // the search stopped (detail: why)
};

std::string_view TraceEventKindName(TraceEventKind kind);

struct TraceEvent {
  TraceEventKind kind;
  NodeId node = kNoNode;
  int64_t time_us = 0;  // since the search started
  std::string detail;
};

class TraceSink {
 public:
  virtual ~TraceSink() = default;
  virtual void SearchStarted(const Problem& problem, const Tree& tree) {
    (void)problem;
    (void)tree;
  }
  virtual void NodeAdded(const Problem& problem, const Tree& tree, NodeId node) {
    (void)problem;
    (void)tree;
    (void)node;
  }
  virtual void Event(const Problem& problem, const Tree& tree, const TraceEvent& event) {
    (void)problem;
    (void)tree;
    (void)event;
  }
  virtual void SearchFinished(const Problem& problem, const Tree& tree,
                              const SearchResult& result) {
    (void)problem;
    (void)tree;
    (void)result;
  }
};

// Discards everything.
class NullTraceSink final : public TraceSink {};

}  // namespace ponder
