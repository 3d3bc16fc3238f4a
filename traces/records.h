// The records a trace database holds (docs/traces.md documents every column):
// runs, the problems of a run, and (as search/ types) the nodes and events of
// a problem. RunInfo is what the experiment runner knows when a run starts;
// RunRecord and ProblemRecord are what readers get back.
//
// Timestamps named *_at_us are wall-clock microseconds since the Unix epoch;
// node and event times (created_us, time_us) are microseconds since their
// search started, as search/ reports them.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "search/base/params.h"
#include "search/base/status.h"
#include "search/grader.h"
#include "search/search_context.h"

namespace ponder::traces {

enum class RunStatus : uint8_t {
  kRunning,   // started or resumed, not finished: the next run of the same config resumes it
  kFinished,  // every problem of the run is recorded (finished or failed)
  kFailed,    // the run stopped on an error (its `error`); the next run of the config resumes it
};

enum class ProblemStatus : uint8_t {
  kStarted,   // the search began; nothing else is recorded (the process may have died)
  kFinished,  // the search returned a result; its nodes and events are recorded
  kFailed,    // the search or its grading failed (`error`); whatever tree it built is recorded
};

std::string_view RunStatusName(RunStatus status);
std::optional<RunStatus> ParseRunStatus(std::string_view name);
std::string_view ProblemStatusName(ProblemStatus status);
std::optional<ProblemStatus> ParseProblemStatus(std::string_view name);

// What identifies and describes a run; stored once, when the run is created.
struct RunInfo {
  std::string name;         // e.g. the config file's stem
  std::string config_text;  // the config as run, after --set overrides
  // Identity for resumption: a run with the same config_hash and shard that has not finished
  // is resumed. Hash everything that changes results (the config after overrides, the sweep
  // point); ContentHash() is one way.
  std::string config_hash;
  std::string algorithm;
  int64_t seed = 0;  // the run seed as the config gives it
  std::string ponder_version;
  std::string git_commit;
  std::map<std::string, std::string> model_hashes;  // model file path -> content hash
  std::string dataset;
  Params sweep;  // this run's sweep point, key path -> value ("algorithm.n" -> 16); may be empty
  int64_t shard_index = 0;  // this run covers the problems of shard shard_index of shard_count
  int64_t shard_count = 1;
  int64_t problem_count = 0;  // problems this run (shard) attempts; FinishRun checks it

  Status Validate() const;
};

struct RunRecord {
  int64_t id = 0;
  RunInfo info;
  RunStatus status = RunStatus::kRunning;
  std::string error;         // why the run failed; empty otherwise
  int64_t resume_count = 0;  // how often a later process resumed this run
  int64_t created_at_us = 0;
  int64_t finished_at_us = 0;  // 0 while running
};

// What BeginRun returns: the run to record into, and whether it existed already.
struct BegunRun {
  int64_t id = 0;
  bool resumed = false;
  // A finished run of the same config, shard, problem count and model files, none of whose
  // problems failed: nothing is left to do, and the run is not touched.
  bool already_finished = false;
};

// How the complete solutions a search found grade: what majority@k and pass@k are computed
// from. The runner grades each distinct complete solution (up to a cap).
struct CandidateStats {
  int64_t candidates = 0;         // complete solutions in the tree (terminal nodes)
  int64_t graded = 0;             // of those, graded
  int64_t correct = 0;            // of those graded, correct
  bool has_majority = false;      // some candidate stated an answer
  std::string majority_answer;    // the most frequent answer among the candidates
  bool majority_correct = false;  // whether that answer is correct

  friend bool operator==(const CandidateStats&, const CandidateStats&) = default;
};

struct ProblemRecord {
  int64_t id = 0;  // the database row; Nodes() and Events() take it
  int64_t run_id = 0;
  std::string problem_id;
  ProblemStatus status = ProblemStatus::kStarted;
  // The search's result: chosen node, answer, solution, score, stop reason and usage.
  // Default-constructed (chosen == kNoNode) when the search did not return one.
  SearchResult result;
  std::optional<Grade> grade;                // absent when the problem was not graded
  std::optional<CandidateStats> candidates;  // absent when the candidates were not graded
  std::string error;                         // why the problem failed; empty otherwise
  int64_t node_count = 0;
  int64_t event_count = 0;
  int64_t started_at_us = 0;
  int64_t finished_at_us = 0;  // 0 while started
};

// A short, stable hex digest of `text` (64-bit FNV-1a): an identity, not a security hash.
std::string ContentHash(std::string_view text);

// Wall-clock microseconds since the Unix epoch.
int64_t UnixMicrosNow();

}  // namespace ponder::traces
