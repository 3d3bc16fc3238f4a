#include "verifiers/basic/exact_grader.h"

#include <string_view>

namespace ponder {
namespace {

std::string_view Trim(std::string_view s) {
  const auto first = s.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return {};
  return s.substr(first, s.find_last_not_of(" \t\r\n") - first + 1);
}

}  // namespace

std::vector<StatusOr<Grade>> ExactGrader::GradeBatch(std::span<const GradeRequest> requests) {
  std::vector<StatusOr<Grade>> out;
  out.reserve(requests.size());
  for (const GradeRequest& r : requests) {
    const std::string_view answer = Trim(r.answer), reference = Trim(r.reference->answer);
    Grade grade;
    grade.correct = !answer.empty() && answer == reference;
    grade.score = grade.correct ? 1.0 : 0.0;
    grade.detail = answer.empty() ? "no answer" : grade.correct ? "exact match" : "differs";
    out.emplace_back(std::move(grade));
  }
  return out;
}

}  // namespace ponder
