#include "traces/schema.h"

#include <charconv>
#include <optional>
#include <string>

namespace ponder::traces {
namespace {

// Version 1. Changing anything here means a new kSchemaVersion, a migration in
// PrepareForWriting and a new section in docs/traces.md.
constexpr std::string_view kSchema = R"sql(
CREATE TABLE meta (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE runs (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  config_text TEXT NOT NULL,
  config_hash TEXT NOT NULL,
  algorithm TEXT NOT NULL,
  seed INTEGER NOT NULL,
  ponder_version TEXT NOT NULL,
  git_commit TEXT NOT NULL,
  model_hashes TEXT NOT NULL,
  dataset TEXT NOT NULL,
  sweep TEXT NOT NULL,
  shard_index INTEGER NOT NULL,
  shard_count INTEGER NOT NULL,
  problem_count INTEGER NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('running', 'finished', 'failed')),
  error TEXT,
  resume_count INTEGER NOT NULL DEFAULT 0,
  created_at_us INTEGER NOT NULL,
  finished_at_us INTEGER
);
CREATE INDEX runs_by_config ON runs (config_hash, shard_index, shard_count);

CREATE TABLE problems (
  id INTEGER PRIMARY KEY,
  run_id INTEGER NOT NULL REFERENCES runs (id),
  problem_id TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('started', 'finished', 'failed')),
  chosen_node INTEGER,
  complete INTEGER,
  answer TEXT,
  solution TEXT,
  score REAL,
  stop_reason TEXT,
  grade_correct INTEGER,
  grade_score REAL,
  grade_detail TEXT,
  candidates INTEGER,
  graded_candidates INTEGER,
  correct_candidates INTEGER,
  majority_answer TEXT,
  majority_correct INTEGER,
  counters TEXT NOT NULL DEFAULT '{}',
  error TEXT,
  expansions INTEGER NOT NULL DEFAULT 0,
  policy_calls INTEGER NOT NULL DEFAULT 0,
  policy_batches INTEGER NOT NULL DEFAULT 0,
  scorer_calls INTEGER NOT NULL DEFAULT 0,
  scorer_batches INTEGER NOT NULL DEFAULT 0,
  generated_tokens INTEGER NOT NULL DEFAULT 0,
  prefill_tokens INTEGER NOT NULL DEFAULT 0,
  reused_prefill_tokens INTEGER NOT NULL DEFAULT 0,
  elapsed_us INTEGER NOT NULL DEFAULT 0,
  node_count INTEGER NOT NULL DEFAULT 0,
  event_count INTEGER NOT NULL DEFAULT 0,
  started_at_us INTEGER NOT NULL,
  finished_at_us INTEGER,
  UNIQUE (run_id, problem_id)
);

CREATE TABLE nodes (
  problem INTEGER NOT NULL REFERENCES problems (id),
  node_id INTEGER NOT NULL,
  parent INTEGER,
  depth INTEGER NOT NULL,
  text TEXT NOT NULL,
  tokens BLOB NOT NULL,
  logprob REAL NOT NULL,
  prior REAL NOT NULL,
  step_score REAL,
  score REAL,
  visits INTEGER NOT NULL,
  value_sum REAL NOT NULL,
  terminal INTEGER NOT NULL,
  finish TEXT NOT NULL,
  answer TEXT,
  cumulative_tokens INTEGER NOT NULL,
  created_us INTEGER NOT NULL,
  dropped INTEGER NOT NULL,
  PRIMARY KEY (problem, node_id)
) WITHOUT ROWID;

CREATE TABLE events (
  problem INTEGER NOT NULL REFERENCES problems (id),
  seq INTEGER NOT NULL,
  kind TEXT NOT NULL,
  node_id INTEGER,
  time_us INTEGER NOT NULL,
  detail TEXT NOT NULL,
  PRIMARY KEY (problem, seq)
) WITHOUT ROWID;
)sql";

// The schema version of `db`, nullopt when the file is empty (a new database), or an
// error when it is not a ponder trace database.
StatusOr<std::optional<int>> ReadSchemaVersion(Database& db) {
  StatusOr<int64_t> tables = db.QueryInt("SELECT count(*) FROM sqlite_schema");
  if (!tables.ok()) {
    if (tables.status().code() == StatusCode::kInvalidArgument) {
      return InvalidArgumentError(
          "trace database '" + db.path() +
          "' is not a SQLite database (SQLite says: " + tables.status().message() + ")");
    }
    return tables.status();
  }
  PONDER_ASSIGN_OR_RETURN(int64_t application_id, db.QueryInt("PRAGMA application_id"));
  if (*tables == 0 && application_id == 0) return std::optional<int>();
  if (application_id != kPonderApplicationId) {
    return InvalidArgumentError("trace database '" + db.path() +
                                "' is a SQLite database but not a ponder trace database (its "
                                "application_id is " +
                                std::to_string(application_id) + ", not " +
                                std::to_string(kPonderApplicationId) + ")");
  }
  StatusOr<std::string> text = db.QueryText("SELECT value FROM meta WHERE key = 'schema_version'");
  if (!text.ok()) {
    return DataLossError("trace database '" + db.path() +
                         "' has no schema_version in its meta table: " + text.status().message());
  }
  int version = 0;
  const auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), version);
  if (ec != std::errc() || end != text->data() + text->size()) {
    return DataLossError("trace database '" + db.path() + "' has schema_version '" + *text +
                         "', not a number");
  }
  return std::optional<int>(version);
}

Status CheckVersion(const Database& db, int version) {
  if (version == kSchemaVersion) return OkStatus();
  if (version > kSchemaVersion) {
    return FailedPreconditionError(
        "trace database '" + db.path() + "' has schema version " + std::to_string(version) +
        ", newer than the version this ponder reads (" + std::to_string(kSchemaVersion) +
        "); open it with a newer ponder");
  }
  return DataLossError("trace database '" + db.path() + "' has unknown schema version " +
                       std::to_string(version) + " (this ponder knows versions 1 to " +
                       std::to_string(kSchemaVersion) + ")");
}

Status CreateSchema(Database& db) {
  PONDER_RETURN_IF_ERROR(db.Exec(kSchema));
  PONDER_RETURN_IF_ERROR(
      db.Exec("PRAGMA application_id = " + std::to_string(kPonderApplicationId)));
  PONDER_ASSIGN_OR_RETURN(Statement meta,
                          db.Prepare("INSERT INTO meta (key, value) VALUES ('schema_version', ?)"));
  meta.BindText(1, std::to_string(kSchemaVersion));
  return meta.Run();
}

}  // namespace

Status PrepareForWriting(Database& db, int64_t busy_timeout_ms) {
  db.SetBusyTimeout(busy_timeout_ms);
  PONDER_ASSIGN_OR_RETURN(std::optional<int> version, ReadSchemaVersion(db));
  if (version) PONDER_RETURN_IF_ERROR(CheckVersion(db, *version));

  // WAL: readers never block the writer, and a killed writer leaves a database that
  // recovers on the next open. NORMAL synchronisation is durable against a process crash
  // (not against power loss, which may lose the last transactions but never corrupts).
  PONDER_ASSIGN_OR_RETURN(std::string mode, db.QueryText("PRAGMA journal_mode = WAL"));
  if (mode != "wal") {
    return FailedPreconditionError("trace database '" + db.path() +
                                   "' cannot use write-ahead logging (journal mode stays '" + mode +
                                   "'); put it on a local file system");
  }
  PONDER_RETURN_IF_ERROR(db.Exec("PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON"));
  if (version) return OkStatus();

  // Another process may create the schema between our check and our write lock.
  PONDER_RETURN_IF_ERROR(db.Exec("BEGIN IMMEDIATE"));
  StatusOr<std::optional<int>> again = ReadSchemaVersion(db);
  Status created = !again.ok() ? again.status()
                   : *again    ? CheckVersion(db, **again)
                               : CreateSchema(db);
  if (!created.ok()) {
    (void)db.Exec("ROLLBACK");
    return created;
  }
  return db.Exec("COMMIT");
}

Status CheckForReading(Database& db, int64_t busy_timeout_ms) {
  db.SetBusyTimeout(busy_timeout_ms);
  PONDER_ASSIGN_OR_RETURN(std::optional<int> version, ReadSchemaVersion(db));
  if (!version) {
    return FailedPreconditionError("trace database '" + db.path() +
                                   "' is empty: no ponder run has written to it");
  }
  return CheckVersion(db, *version);
}

}  // namespace ponder::traces
