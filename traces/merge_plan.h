// The plan of a trace-database merge (`ponder merge OUT IN...`): which runs of
// the input databases become which run of the output, and every reason to
// refuse the inputs, decided from their run records before anything is
// written. trace_merge.h carries the plan out.
//
// Rules (docs/reports.md, "Merging shards"):
// - Runs with shard_count > 1 are shards. All shards of one config_hash become one run
//   (shard 0/1) holding their problems; it is finished only if every shard of the split is
//   present and finished. Refused: shards of one config_hash with different shard counts
//   (or next to an unsharded run of it), a shard index given twice, shards made by different
//   ponder versions, commits or model files.
// - Runs with shard_count == 1 are copied as they are; the same run (config_hash and
//   creation time) given twice is refused.
// - A run the output already holds is refused: a shard group whose config_hash it holds, or
//   a copy of a run it holds.
//
// Pure functions; thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "search/base/status.h"
#include "traces/records.h"

namespace ponder::traces {

// The runs of one input database.
struct MergeInput {
  std::string path;
  std::vector<RunRecord> runs;
};

// One run of an input, by position in the inputs.
struct RunSource {
  size_t input = 0;
  RunRecord run;
};

// One run of the output.
struct PlannedRun {
  std::vector<RunSource> parts;  // one for a copy; the shards, by shard index, for a merge
  bool merged = false;           // built from shards (shard 0/1), not copied as it is
  int64_t shard_count = 1;       // the split the shards came from
  // The merged run's record fields (a copy keeps its own).
  RunStatus status = RunStatus::kRunning;
  std::string error;  // why a merged run is not finished: missing or unfinished shards
  int64_t problem_count = 0;
  int64_t resume_count = 0;
  int64_t created_at_us = 0;
  int64_t finished_at_us = 0;  // 0: NULL
};

// What identifies a run already in the output database.
struct ExistingRun {
  int64_t id = 0;
  std::string config_hash;
  int64_t created_at_us = 0;
};

// "config abc123 (experiment 'demo', best_of_n, algorithm.n=4)": how messages name a config.
std::string DescribeConfig(const RunInfo& info);

// Groups and checks the runs of `inputs`, in input order (a merged run where its first shard
// appears). Errors name the files, run ids and the config.
StatusOr<std::vector<PlannedRun>> PlanMerge(const std::vector<MergeInput>& inputs);

// Refuses a plan that would add a run `output` (at `output_path`) already holds.
Status CheckNotYetMerged(const std::vector<PlannedRun>& plan, const std::vector<MergeInput>& inputs,
                         const std::string& output_path, const std::vector<ExistingRun>& output);

}  // namespace ponder::traces
