#include "verifiers/math/math_grader.h"

#include "verifiers/math/answer_check.h"
#include "verifiers/math/final_answer.h"

namespace ponder {

std::optional<std::string> MathAnswerExtractor::Extract(std::string_view solution) const {
  const auto answer = math::FindFinalAnswer(solution);
  if (!answer) return std::nullopt;
  return math::CanonicalAnswerKey(*answer);
}

std::vector<StatusOr<ponder::Grade>> MathGrader::GradeBatch(
    std::span<const GradeRequest> requests) {
  std::vector<StatusOr<ponder::Grade>> grades;
  grades.reserve(requests.size());
  for (const GradeRequest& request : requests) {
    const std::string id = request.problem ? "problem '" + request.problem->id + "'" : "a problem";
    if (request.reference == nullptr) {
      grades.push_back(InvalidArgumentError("the grade request for " + id + " has no reference"));
      continue;
    }
    std::string answer = request.answer;
    if (answer.empty()) answer = math::FindFinalAnswer(request.solution).value_or("");
    auto verdict = math::CompareAnswers(answer, request.reference->answer, options_);
    if (!verdict.ok()) {
      grades.push_back(verdict.status().WithContext(id));
      continue;
    }
    grades.push_back(ponder::Grade{.correct = verdict->equivalent,
                                   .score = verdict->equivalent ? 1.0 : 0.0,
                                   .detail = std::move(verdict->detail)});
  }
  return grades;
}

}  // namespace ponder
