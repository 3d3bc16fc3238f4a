// MergeTraceDatabases: `ponder merge OUT IN...`. Joins the trace databases of
// a sharded experiment (`ponder run --shard I/N`, one file per shard) into one
// database in which each config is one run, and copies unsharded runs as they
// are. merge_plan.h states the rules and what is refused.
//
// Nothing is half-written: every input is checked before anything is written;
// the runs are assembled in a staging file next to OUT, which then either
// becomes OUT (a new OUT: renamed into place) or is copied into OUT in one
// transaction (an existing OUT: other readers and writers of it are safe). On
// any error the staging file is removed and OUT is as it was.
//
// Problem rows get new ids (nodes and events follow them); node ids and event
// sequence numbers are kept. Inputs are opened read-only and never changed.
//
// Thread-safety: one call at a time per output file.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "search/base/status.h"

namespace ponder::traces {

struct MergeSummary {
  int64_t merged_runs = 0;  // runs joined from shards
  int64_t copied_runs = 0;  // unsharded runs copied as they are
  int64_t problems = 0;     // problem rows written
  int64_t nodes = 0;
  int64_t events = 0;
  // One line per merged run that is not finished, saying which shards are missing or
  // unfinished.
  std::vector<std::string> incomplete;
};

StatusOr<MergeSummary> MergeTraceDatabases(const std::string& output,
                                           const std::vector<std::string>& inputs);

}  // namespace ponder::traces
