// Grading every complete solution a search found, not only the chosen one:
// what majority@k (the most frequent answer among the candidates) and pass@k
// (the unbiased estimator over n candidates with c correct) are computed from.
#pragma once

#include "experiments/dataset.h"
#include "search/grader.h"
#include "search/tree.h"
#include "traces/records.h"

namespace ponder::experiments {

// Grades the distinct complete solutions of `tree` (by answer, or by text when they state
// none), at most `max_graded` of them, in one batch; the majority answer is always among them
// (when max_graded > 0), so majority@k is known. Cancelled samples (First-Finish) are not
// candidates.
StatusOr<traces::CandidateStats> GradeCandidates(const Tree& tree, const DatasetItem& item,
                                                 Grader& grader, int max_graded);

}  // namespace ponder::experiments
