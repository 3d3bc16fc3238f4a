// ExactGrader: an answer is correct when it equals the reference answer after
// trimming surrounding whitespace. For tasks whose answers have one spelling
// (the synthetic tasks, multiple choice letters, ids). Thread-safe.
#pragma once

#include "search/grader.h"

namespace ponder {

class ExactGrader final : public Grader {
 public:
  std::vector<StatusOr<Grade>> GradeBatch(std::span<const GradeRequest> requests) override;
};

}  // namespace ponder
