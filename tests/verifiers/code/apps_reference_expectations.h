// What the reference solutions of ../shared/data/apps/train_subset.jsonl (APPS *train* split)
// do in the sandbox, solution by solution, with the reason for every failure. docs/sandbox.md
// explains the classes. Shared by the subset test (in the default suite) and the full test
// (label "slow").
#pragma once

#include <set>
#include <string>
#include <vector>

#include "verifiers/code/apps_dataset.h"
#include "verifiers/code/reference_check.h"

namespace ponder::testing {

enum class KnownFailure {
  kMultipleValidAnswers,  // the problem accepts any valid answer; APPS has one expected output
  kRemovedPythonApi,      // fractions.gcd, removed in Python 3.9 (Debian 12 has 3.11)
};

struct KnownOutcome {
  std::string id;
  int solution;
  KnownFailure failure;
};

// Every reference solution that does not pass all its tests.
const std::vector<KnownOutcome>& KnownFailures();

// Solutions that only compile inside APPS's function wrapper (a top-level return, or
// nonlocal naming a top-level variable): the sandbox runs them wrapped, as APPS does.
const std::vector<std::pair<std::string, int>>& HarnessOnlySolutions();

std::vector<AppsProblem> ReadSharedAppsProblems();

// Problems of the default-suite subset: every tenth problem, and every problem with a known
// failure or a harness-only solution.
std::vector<AppsProblem> SubsetWithEveryKnownCase(const std::vector<AppsProblem>& all);

// Runs the problems' reference solutions on a fresh two-worker pool with its own directory
// and uid range, and checks that nothing was left behind.
std::vector<ReferenceCheck> CheckOnFreshPool(const std::vector<AppsProblem>& problems);

// Checks each solution against the table: a known failure must fail the way its class says
// (wrong answer; a runtime error naming gcd), everything else must pass every test.
void ExpectKnownOutcomes(const std::vector<ReferenceCheck>& checks);

}  // namespace ponder::testing
