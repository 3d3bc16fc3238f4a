// Progress: what a long run tells the person waiting for it.
//
// On a terminal, one live line rewritten in place (problems done, running
// accuracy, tokens/s, ETA); otherwise (a log file, CI) a plain line at most
// every `interval_seconds`, and always at the end. Thread-safe.
#pragma once

#include <chrono>
#include <cstdio>
#include <mutex>
#include <string>

#include "experiments/runner.h"

namespace ponder::experiments {

class Progress {
 public:
  // `label` names the run ("run 2/6 beam_search"); output goes to `out` (stderr by default).
  Progress(std::string label, std::FILE* out = stderr, double interval_seconds = 10);

  void Start(int64_t pending, int64_t skipped);
  void ProblemDone(const ponder::experiments::ProblemDone& done);
  // Ends the live line and prints the final one.
  void Finish();

 private:
  std::string LineLocked() const;  // the current status line; mu_ held
  void PrintLocked(bool final);

  std::string label_;
  std::FILE* out_;
  bool live_;
  double interval_seconds_;
  mutable std::mutex mu_;
  std::chrono::steady_clock::time_point start_, last_print_;
  int64_t pending_ = 0, skipped_ = 0, done_ = 0, failed_ = 0, correct_ = 0, tokens_ = 0;
};

}  // namespace ponder::experiments
