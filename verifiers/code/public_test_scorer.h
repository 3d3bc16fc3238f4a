// PublicTestScorer: the share of a problem's public tests a complete program passes, as the
// reward of PG-TD (Zhang et al. 2023, "Planning with Large Language Models for Code
// Generation") and the ranking score of best-of-N for code.
//
// For each request it extracts the program from the node's path text (ExtractProgram), runs
// it on the problem's "public_tests" attribute (APPS test JSON) through the SandboxPool, and
// returns one score, the pass rate in [0, 1] (a compile error scores 0). Scores are cached by
// the pool, so a program PG-TD reaches again is never run again. A problem without public
// tests, or a sandbox failure, fails that request only.
//
// Thread-safety: ScoreBatch may be called concurrently; the pool bounds how many programs
// run. The pool must outlive the scorer. Results come back in request order.
#pragma once

#include "sandbox/limits.h"
#include "sandbox/pool.h"
#include "search/scorer.h"

namespace ponder {

class PublicTestScorer final : public Scorer {
 public:
  PublicTestScorer(sandbox::SandboxPool& pool, sandbox::Limits limits)
      : pool_(pool), limits_(limits) {}

  std::vector<StatusOr<Score>> ScoreBatch(std::span<const ScoreRequest> requests) override;

 private:
  sandbox::SandboxPool& pool_;
  sandbox::Limits limits_;
};

}  // namespace ponder
