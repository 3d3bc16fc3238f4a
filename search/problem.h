// Problem: what a search is asked to solve.
//
// It carries only what the search may see: the prompt and search-time
// attributes (for code, the public tests). Reference answers and hidden tests
// live with the Grader, so a gold answer cannot leak into a search.
#pragma once

#include <map>
#include <string>

namespace ponder {

struct Problem {
  std::string id;      // unique within a dataset, e.g. "test/algebra/1.json"
  std::string prompt;  // the question as the policy should see it, before any chat formatting
  // Search-visible extras by name, e.g. "public_tests" (APPS JSON), "fn_name", "starter_code".
  std::map<std::string, std::string> attributes;
};

}  // namespace ponder
