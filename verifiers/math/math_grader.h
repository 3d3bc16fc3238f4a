// The math answer components the rest of ponder plugs in: an AnswerExtractor
// that returns canonical keys (so majority voting counts \frac{1}{2}, 0.5 and
// \dfrac12 as one answer) and a Grader that checks a final answer against the
// reference (MATH500, AIME). docs/math-grading.md gives the rules.
//
// Thread-safety: both are immutable after construction; Extract and Grade may be
// called concurrently.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "search/answer_extractor.h"
#include "search/grader.h"
#include "verifiers/math/answer_equivalence.h"

namespace ponder {

class MathAnswerExtractor final : public AnswerExtractor {
 public:
  // The canonical key (math::CanonicalAnswerKey) of the solution's final answer
  // (math::FindFinalAnswer), or nullopt when it states none.
  std::optional<std::string> Extract(std::string_view solution) const override;
};

class MathGrader final : public Grader {
 public:
  explicit MathGrader(math::EquivalenceOptions options = {}) : options_(options) {}

  // Grades request.answer against request.reference->answer; an empty answer is taken
  // from request.solution with math::FindFinalAnswer. Score 1 or 0. A request without a
  // reference, or whose reference is empty or not UTF-8, gets an InvalidArgument error.
  std::vector<StatusOr<ponder::Grade>> GradeBatch(std::span<const GradeRequest> requests) override;

 private:
  math::EquivalenceOptions options_;
};

}  // namespace ponder
