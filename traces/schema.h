// The trace database schema: creating it in a new file, and checking that an
// existing file is a ponder trace database of a version this build reads.
// docs/traces.md documents every table and column, and the migration policy.
#pragma once

#include "search/base/status.h"
#include "traces/sqlite_database.h"

namespace ponder::traces {

// Bumped whenever a table or column changes meaning; see docs/traces.md.
inline constexpr int kSchemaVersion = 1;

// PRAGMA application_id of every ponder trace database ("pond" in ASCII), so `file`
// and SQLite tools can tell one from any other SQLite file.
inline constexpr int kPonderApplicationId = 0x706f6e64;

// For the writer: switches the connection to WAL mode, creates the schema in an empty file,
// and refuses a file that is not a ponder trace database or has another schema version.
Status PrepareForWriting(Database& db, int64_t busy_timeout_ms);

// For readers: refuses an empty file, a file that is not a ponder trace database, or one
// with another schema version.
Status CheckForReading(Database& db, int64_t busy_timeout_ms);

}  // namespace ponder::traces
