// The experiment runner: searches every problem of one RunConfig, grades the
// results and records everything in a trace database.
//
// Problems are searched concurrently, `runner.threads` at a time, in a TBB
// task arena; each problem is one thread of control (SearchContext). With
// more than one thread, the policy and scorer sit behind BatchingQueues so the
// models see batches merged across problems. A problem's seed derives from
// (run seed, problem id), so with one thread a run replays bit for bit and
// with several each problem's search is still its own.
//
// Resumption: a run is identified by the hash of its resolved config; running
// the same config against the same database continues an unfinished run and
// skips the problems it already recorded. Ctrl-C (the stop token) stops the
// searches in flight; they are not recorded, so a re-run does them again.
#pragma once

#include <cstdint>
#include <functional>
#include <stop_token>
#include <string>

#include "experiments/components.h"
#include "experiments/config.h"
#include "search/base/params.h"
#include "search/budget.h"
#include "traces/trace_store.h"

namespace ponder::experiments {

// The `runner:` section.
struct RunnerOptions {
  int threads = 1;                 // problems searched at once
  int batch_size = 64;             // model requests merged per call across problems (threads > 1)
  int batch_wait_us = 2000;        // how long a partial batch waits for more requests
  int max_graded_candidates = 64;  // complete solutions graded per problem (majority@k, pass@k)
  sandbox::PoolOptions sandbox;    // programs run at once etc., for code scorers and graders

  void Bind(ParamBinder& binder);
  Status Validate() const { return OkStatus(); }
};

// A deterministic slice of a data set: problem i belongs to shard i mod count.
struct Shard {
  int64_t index = 0;
  int64_t count = 1;
};

// What a finished problem adds to the running totals (for progress lines).
struct ProblemDone {
  std::string problem_id;
  bool failed = false;
  std::string error;  // why it failed
  bool correct = false;
  Usage usage;
};

struct RunEnv {
  std::stop_token stop;
  Shard shard;
  std::string ponder_version;
  std::string git_commit;
  // Called after each problem is recorded, from the problem's thread (serialised).
  std::function<void(const ProblemDone&)> on_problem_done;
  // Called once the problems to do are known: (to do now, already done earlier).
  std::function<void(int64_t pending, int64_t skipped)> on_start;
};

struct RunSummary {
  int64_t run_id = 0;
  bool resumed = false;
  bool already_finished = false;  // the database holds this run finished: nothing was run
  int64_t problems = 0;           // in this run's shard
  int64_t skipped = 0;   // recorded by an earlier process (all of them when already_finished)
  int64_t finished = 0;  // searched and graded now
  int64_t failed = 0;
  int64_t correct = 0;  // among finished now
  Usage usage;          // summed over the problems searched now
  bool cancelled = false;
};

// Checks every component's settings without building anything (no model loads), so a
// sweep with a bad value fails before its first run starts.
Status CheckRunConfig(const RunConfig& config, const Components& components);

StatusOr<RunSummary> RunExperiment(const RunConfig& config, const Components& components,
                                   traces::TraceStore& store, const RunEnv& env);

}  // namespace ponder::experiments
