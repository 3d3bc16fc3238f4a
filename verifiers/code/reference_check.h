// Runs an APPS problem's reference solutions on all its tests: the check behind
// `ponder apps-check`, and the real-data test of the sandbox and its output comparison.
#pragma once

#include <span>
#include <string>
#include <vector>

#include "sandbox/limits.h"
#include "sandbox/pool.h"
#include "sandbox/verdict.h"
#include "search/base/status.h"
#include "verifiers/code/apps_dataset.h"

namespace ponder {

struct ReferenceCheck {
  std::string id;
  std::string difficulty;
  size_t tests = 0;
  std::vector<sandbox::RunResult> runs;  // one per reference solution, in the file's order
  int passed() const;                    // solutions that passed every test
};

// Checks every problem's solutions in one pool batch; results in problem order. A sandbox
// failure fails the whole check (it is not the solutions' fault).
StatusOr<std::vector<ReferenceCheck>> CheckReferenceSolutions(sandbox::SandboxPool& pool,
                                                              std::span<const AppsProblem> problems,
                                                              const sandbox::Limits& limits);

}  // namespace ponder
