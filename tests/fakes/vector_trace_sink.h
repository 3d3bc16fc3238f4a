// VectorTraceSink: keeps every trace call in memory for tests. Not thread-safe.
#pragma once

#include <vector>

#include "search/search_context.h"
#include "search/trace_sink.h"

namespace ponder::testing {

class VectorTraceSink final : public TraceSink {
 public:
  void SearchStarted(const Problem&, const Tree&) override { ++started; }
  void NodeAdded(const Problem&, const Tree&, NodeId node) override { added.push_back(node); }
  void Event(const Problem&, const Tree&, const TraceEvent& event) override {
    events.push_back(event);
  }
  void SearchFinished(const Problem&, const Tree& tree, const SearchResult& r) override {
    ++finished;
    final_size = tree.size();
    result = r;
  }

  std::vector<TraceEvent> EventsOf(TraceEventKind kind) const {
    std::vector<TraceEvent> out;
    for (const TraceEvent& e : events) {
      if (e.kind == kind) out.push_back(e);
    }
    return out;
  }

  // The nodes of the events of `kind`, in order.
  std::vector<NodeId> NodesOf(TraceEventKind kind) const {
    std::vector<NodeId> out;
    for (const TraceEvent& e : events) {
      if (e.kind == kind) out.push_back(e.node);
    }
    return out;
  }

  int started = 0;
  int finished = 0;
  size_t final_size = 0;
  std::vector<NodeId> added;
  std::vector<TraceEvent> events;
  SearchResult result;
};

}  // namespace ponder::testing
