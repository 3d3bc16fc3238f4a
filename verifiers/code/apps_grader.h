// AppsGrader: the final check of a code solution on all of a problem's tests
// (Reference::tests_json), scored as APPS reports it (Hendrycks et al. 2021, "Measuring
// Coding Challenge Competence With APPS"): a solution is correct when it passes every test
// (strict accuracy), and its score is the share of tests it passes (test case average; a
// compile error scores 0). AppsScores averages both over problems.
//
// Thread-safety: Grade may be called concurrently; the pool must outlive the grader.
#pragma once

#include "sandbox/limits.h"
#include "sandbox/pool.h"
#include "search/grader.h"

namespace ponder {

class AppsGrader final : public Grader {
 public:
  AppsGrader(sandbox::SandboxPool& pool, sandbox::Limits limits) : pool_(pool), limits_(limits) {}

  std::vector<StatusOr<Grade>> GradeBatch(std::span<const GradeRequest> requests) override;

 private:
  sandbox::SandboxPool& pool_;
  sandbox::Limits limits_;
};

// Strict accuracy and test case average over graded problems, as APPS reports them.
class AppsScores {
 public:
  void Add(const Grade& grade);
  int problems() const { return problems_; }
  double strict_accuracy() const { return problems_ ? correct_ / problems_ : 0.0; }
  double test_case_average() const { return problems_ ? score_sum_ / problems_ : 0.0; }

 private:
  int problems_ = 0;
  double correct_ = 0;
  double score_sum_ = 0;
};

// "passed 3/5 tests" or "passed 0/5 tests; first failure on test 2: wrong_answer: ...".
std::string DescribeRun(const sandbox::RunResult& result);

}  // namespace ponder
