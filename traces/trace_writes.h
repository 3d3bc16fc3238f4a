// The writes a TraceStore makes. Each runs on the writer thread, inside a
// savepoint of the WriteQueue's current transaction, so each is all-or-nothing.
#pragma once

#include <cstdint>
#include <string_view>

#include "search/base/status.h"
#include "traces/problem_trace.h"
#include "traces/records.h"
#include "traces/sqlite_database.h"

namespace ponder::traces {

// Resumes the newest unfinished run with info's config_hash and shard (marking it running
// again; refused when its problem count or model files differ), else finds a finished run of
// the same config, shard, problem count and model files (already_finished and untouched; or,
// when some of its problems failed, reopened to retry them), else creates a new run.
StatusOr<BegunRun> BeginOrResumeRun(Database& db, const RunInfo& info, int64_t now_us);

// Records that a problem's search began, replacing any earlier attempt's records.
Status RecordProblemStarted(Database& db, int64_t run_id, std::string_view problem_id,
                            int64_t started_at_us);

// Writes the problem row, every node and every event of `trace`, replacing any earlier
// attempt's records. A trace that neither finished nor failed is a caller bug: refused.
Status RecordProblem(Database& db, const ProblemTrace& trace);

// An OK `outcome` marks the run finished, refused unless every one of its problem_count
// problems is recorded finished or failed; an error marks it failed with that error.
Status RecordRunOutcome(Database& db, int64_t run_id, const Status& outcome, int64_t now_us);

}  // namespace ponder::traces
