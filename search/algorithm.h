// Algorithm: one search method. One file per algorithm under search/algorithms/,
// registered by name in RegisterBuiltinAlgorithms (registry.h).
//
// An Algorithm is immutable after construction (its options) and Run keeps all
// per-search state in locals, so one instance serves many problems at once.
// Run must stop when ctx.Stopped() and still return its best answer so far;
// it returns an error only when a component failed (the problem then fails).
#pragma once

#include "search/base/status.h"
#include "search/search_context.h"

namespace ponder {

enum class ScorerUse : uint8_t { kNone, kOptional, kRequired };

class Algorithm {
 public:
  virtual ~Algorithm() = default;
  virtual StatusOr<SearchResult> Run(SearchContext& ctx) const = 0;
  // Whether Run calls ctx.Score(); checked before a run starts.
  virtual ScorerUse scorer_use() const = 0;
};

}  // namespace ponder
