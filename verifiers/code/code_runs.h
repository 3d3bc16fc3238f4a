// Internal to verifiers/code: runs the programs of a batch of solutions, each against its own
// APPS test JSON, through one pool batch. Shared by the public-test scorer and the grader.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "sandbox/limits.h"
#include "sandbox/pool.h"
#include "sandbox/verdict.h"
#include "search/base/status.h"

namespace ponder {

struct CodeRun {
  std::string_view solution_text;  // a program is extracted from it (ExtractProgram)
  std::string_view tests_json;
  std::string_view origin;  // names the tests in errors, e.g. "problem train/0007 public_tests"
};

// One result per run, same order. Identical tests JSON is parsed once per batch.
std::vector<StatusOr<sandbox::RunResult>> RunPrograms(sandbox::SandboxPool& pool,
                                                      std::span<const CodeRun> runs,
                                                      const sandbox::Limits& limits);

}  // namespace ponder
