// Helpers shared by the step-level searches (beam search, diverse beam search,
// DVTS, particle filtering, A*-decoding): how the final answer is picked among
// complete solutions, how a pruned branch is dropped, and how a step is asked for.
#pragma once

#include <span>
#include <string_view>

#include "search/base/params.h"
#include "search/search_context.h"

namespace ponder {

// How a search picks its answer among the complete solutions it found.
enum class AnswerSelection : uint8_t {
  kScore,             // the highest-scored solution ("naive" in search-and-learn)
  kMajority,          // the most frequent final answer (self-consistency)
  kWeightedMajority,  // the answer with the largest summed score (Snell et al.'s
                      // "best-of-N weighted")
};

// Declares the `selection` setting; `when` prefixes its help ("with solutions > 1").
void BindSelection(ParamBinder& binder, AnswerSelection* selection, std::string_view when = "");

// OK when `part` divides `total`, else an error naming both settings, e.g.
// "n (10) must be a multiple of beam_width (4)".
Status CheckMultiple(std::string_view total_key, int total, std::string_view part_key, int part);

// Picks the answer among `candidates` (repeats count as separate votes). Complete
// solutions are preferred; when none is complete (the budget ran out first), the
// highest-scored partial solution is returned. kNoNode when `candidates` is empty.
NodeId SelectAnswer(const Tree& tree, std::span<const NodeId> candidates,
                    AnswerSelection selection);

// Drops `node` (a pruned candidate) and then every ancestor left with no live
// child, so a backend frees the cached state of branches no search will extend.
void DropBranch(SearchContext& ctx, NodeId node);

// The expansion for nodes at `depth`: one step, except that a node one step
// short of search.max_steps generates the rest of its solution (search-and-learn
// does this on its last iteration so that every beam ends with an answer).
ExpandSpec StepSpec(const SearchContext& ctx, int depth, int n,
                    Duplicates duplicates = Duplicates::kKeep);

}  // namespace ponder
