// APPS problems with their reference solutions, as ponder's data files hold them
// (../shared/data/README.md, "apps"): one JSON object per line with id, difficulty,
// question, fn_name, inputs, outputs, solutions and starter_code. For `ponder apps-check` and
// tests that need the reference solutions; experiments read APPS for searches through their
// "apps" dataset (experiments/datasets/apps_dataset.cc), which leaves the solutions out.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "search/base/status.h"

namespace ponder {

struct AppsProblem {
  std::string id;          // "train/0007"
  std::string difficulty;  // introductory, interview or competition
  std::string fn_name;     // empty for standard-input problems
  std::string question;
  std::string starter_code;  // empty when none
  // {"inputs": [...], "outputs": [...], "fn_name": ...} for the first `count` tests (all when
  // count is past the end): the form sandbox::TestSuite::Parse reads.
  std::string TestsJson(size_t count = static_cast<size_t>(-1)) const;
  size_t test_count() const { return inputs_json.size(); }
  std::vector<std::string> solutions;  // reference solutions (Python source); may be empty

  std::vector<std::string> inputs_json;   // each test's input, as JSON
  std::vector<std::string> outputs_json;  // each test's expected output, as JSON
};

// Parses one line; `origin` ("file.jsonl:12") prefixes error messages.
StatusOr<AppsProblem> ParseAppsProblem(std::string_view json_line, std::string_view origin);

// Reads a whole JSONL file; the first bad line fails the read with its line number.
StatusOr<std::vector<AppsProblem>> ReadAppsProblems(const std::string& path);

}  // namespace ponder
