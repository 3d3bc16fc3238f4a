// Beam-search lookahead: completes partial solutions the way Transformer beam search decodes,
// for PG-TD's evaluation with num_beams > 1 (Zhang et al. 2023).
#pragma once

#include <span>
#include <vector>

#include "search/algorithms/tree_search.h"
#include "search/search_context.h"

namespace ponder {

// Beam search from each origin, one unit (`unit.mode`: a token or a step) at a time, keeping the
// `num_beams` continuations with the highest cumulative log-probability, finished ones
// included, until all kept beams are finished. All origins' live beams advance together in one
// Expand batch per unit, each asking for `num_beams` continuations with unit's sampling.
// Beam nodes are completions (outside the search tree). result[i] is origins[i]'s most likely
// finished beam; kNoNode when none finished before the budget or the policy ended the search.
StatusOr<std::vector<NodeId>> BeamLookahead(SearchContext& ctx, SearchFlags& flags,
                                            std::span<const NodeId> origins, int num_beams,
                                            ExpandSpec unit);

}  // namespace ponder
