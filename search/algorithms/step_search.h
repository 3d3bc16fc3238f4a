// Helpers shared by the step-level searches (beam search, diverse beam search,
// DVTS, particle filtering, A*-decoding): how the final answer is picked among
// complete solutions, how a pruned branch is dropped, and how a step is asked for.
#pragma once

#include <span>
#include <string_view>
#include <utility>

#include "search/search_context.h"

namespace ponder {

// How a search picks its answer among the complete solutions it found.
enum class AnswerSelection : uint8_t {
  kScore,             // the highest-scored solution ("naive" in search-and-learn)
  kMajority,          // the most frequent final answer (self-consistency)
  kWeightedMajority,  // the answer with the largest summed score (Snell et al.'s
                      // "best-of-N weighted")
};

inline constexpr std::pair<std::string_view, AnswerSelection> kAnswerSelectionNames[] = {
    {"score", AnswerSelection::kScore},
    {"majority", AnswerSelection::kMajority},
    {"weighted_majority", AnswerSelection::kWeightedMajority},
};

// The help text every algorithm binds its `selection` setting with.
inline constexpr std::string_view kAnswerSelectionHelp =
    "how the answer is chosen among complete solutions: score (highest score), majority "
    "(most frequent answer) or weighted_majority (largest summed score)";

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
