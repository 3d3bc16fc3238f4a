// Grader: the ground-truth check of a finished search (math answer equality,
// hidden code tests). Kept apart from Scorers: the experiment runner grades a
// SearchResult after the search returns; algorithms never hold a Grader.
//
// Batching: one result per request, same order. Threading: Grade may be
// called concurrently unless an implementation says otherwise.
#pragma once

#include <span>
#include <string>
#include <vector>

#include "search/base/status.h"
#include "search/problem.h"

namespace ponder {

// What a problem's solution is checked against.
struct Reference {
  std::string answer;      // math: the reference final answer
  std::string tests_json;  // code: all tests, APPS format
};

struct GradeRequest {
  const Problem* problem = nullptr;
  const Reference* reference = nullptr;
  std::string answer;    // the extracted final answer ("" if none)
  std::string solution;  // the full solution text
};

struct Grade {
  bool correct = false;
  double score = 0;    // 1/0 for math; test-case average for code
  std::string detail;  // a short human-readable reason
};

class Grader {
 public:
  virtual ~Grader() = default;
  virtual std::vector<StatusOr<Grade>> GradeBatch(std::span<const GradeRequest> requests) = 0;
};

}  // namespace ponder
