#include "traces/trace_merge.h"

#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <functional>
#include <map>
#include <optional>

#include "traces/merge_plan.h"
#include "traces/schema.h"
#include "traces/sqlite_database.h"
#include "traces/trace_reader.h"

namespace ponder::traces {
namespace {

namespace fs = std::filesystem;

constexpr int64_t kBusyTimeoutMs = 10000;

bool SameFile(const std::string& a, const std::string& b) {
  std::error_code ec;
  if (fs::exists(a, ec) && fs::exists(b, ec)) return fs::equivalent(a, b, ec);
  return fs::absolute(a, ec).lexically_normal() == fs::absolute(b, ec).lexically_normal();
}

Status CheckFiles(const std::string& output, const std::vector<std::string>& inputs) {
  if (inputs.empty()) return InvalidArgumentError("cannot merge: no input database given");
  for (size_t i = 0; i < inputs.size(); ++i) {
    if (SameFile(output, inputs[i])) {
      return InvalidArgumentError("cannot merge: '" + inputs[i] +
                                  "' is both the output and an input");
    }
    for (size_t j = 0; j < i; ++j) {
      if (SameFile(inputs[i], inputs[j])) {
        return InvalidArgumentError(
            "cannot merge: '" + inputs[j] + "' is given twice" +
            (inputs[i] == inputs[j] ? "" : " (also as '" + inputs[i] + "')"));
      }
    }
  }
  return OkStatus();
}

StatusOr<std::vector<MergeInput>> ReadInputs(const std::vector<std::string>& paths) {
  std::vector<MergeInput> inputs;
  for (const std::string& path : paths) {
    StatusOr<std::unique_ptr<TraceReader>> reader = TraceReader::Open(path, kBusyTimeoutMs);
    if (!reader.ok()) return reader.status().WithContext("cannot merge");
    PONDER_ASSIGN_OR_RETURN(std::vector<RunRecord> runs, (*reader)->Runs());
    inputs.push_back({.path = path, .runs = std::move(runs)});
  }
  return inputs;
}

StatusOr<std::vector<ExistingRun>> ExistingRuns(Database& db) {
  PONDER_ASSIGN_OR_RETURN(Statement stmt,
                          db.Prepare("SELECT id, config_hash, created_at_us FROM main.runs"));
  std::vector<ExistingRun> runs;
  while (true) {
    PONDER_ASSIGN_OR_RETURN(bool row, stmt.Step());
    if (!row) return runs;
    runs.push_back({.id = stmt.Int(0), .config_hash = stmt.Text(1), .created_at_us = stmt.Int(2)});
  }
}

// An input attached read-only, so the merge cannot change it: a `file:` URI.
std::string ReadOnlyUri(const std::string& path) {
  std::error_code ec;
  const std::string absolute = fs::absolute(path, ec).string();
  std::string uri = "file:";
  for (unsigned char c : absolute) {
    if (std::isalnum(c) || c == '/' || c == '-' || c == '.' || c == '_' || c == '~') {
      uri += static_cast<char>(c);
    } else {
      char escaped[4];
      std::snprintf(escaped, sizeof(escaped), "%%%02X", c);
      uri += escaped;
    }
  }
  return uri + "?mode=ro";
}

// Attaches `path` as schema `src` and runs `body` in one write transaction on `db`: committed
// when it succeeds, rolled back when it fails.
Status WithAttached(Database& db, const std::string& path, const std::function<Status()>& body) {
  PONDER_ASSIGN_OR_RETURN(Statement attach, db.Prepare("ATTACH DATABASE ? AS src"));
  attach.BindText(1, ReadOnlyUri(path));
  PONDER_RETURN_IF_ERROR(attach.Run().WithContext("attaching '" + path + "'"));
  Status status = db.Exec("BEGIN IMMEDIATE");
  if (status.ok()) status = body();
  status = status.ok() ? db.Exec("COMMIT") : status;
  if (!status.ok()) (void)db.Exec("ROLLBACK");
  const Status detached = db.Exec("DETACH DATABASE src");
  return status.ok() ? detached : status;
}

// The columns of `table` in the output's schema, in order.
StatusOr<std::vector<std::string>> Columns(Database& db, std::string_view table) {
  PONDER_ASSIGN_OR_RETURN(Statement stmt,
                          db.Prepare("SELECT name FROM pragma_table_info(?, 'main') ORDER BY cid"));
  stmt.BindText(1, table);
  std::vector<std::string> names;
  while (true) {
    PONDER_ASSIGN_OR_RETURN(bool row, stmt.Step());
    if (!row) return names;
    names.push_back(stmt.Text(0));
  }
}

// "INSERT INTO main.T (columns) SELECT values FROM src.T": each column copied as it is, but
// those in `replace`, whose value is the given SQL expression instead.
StatusOr<std::string> CopySql(Database& db, std::string_view table,
                              const std::map<std::string, std::string>& replace) {
  PONDER_ASSIGN_OR_RETURN(std::vector<std::string> names, Columns(db, table));
  std::string columns, values;
  for (const std::string& name : names) {
    auto it = replace.find(name);
    columns += (columns.empty() ? "" : ", ") + name;
    values += (values.empty() ? "" : ", ") + (it == replace.end() ? name : it->second);
  }
  return "INSERT INTO main." + std::string(table) + " (" + columns + ") SELECT " + values +
         " FROM src." + std::string(table);
}

struct Copied {
  int64_t problems = 0, nodes = 0, events = 0;
  int64_t first_row = 0, last_row = 0;  // the new problem row ids
};

// Copies runs and their problems, nodes and events from the attached `src` into `main`.
class RunCopier {
 public:
  static StatusOr<RunCopier> Create(Database& db) {
    RunCopier c(db);
    // A NULL INTEGER PRIMARY KEY makes SQLite assign the next run id.
    PONDER_ASSIGN_OR_RETURN(c.copy_run_, CopySql(db, "runs", {{"id", "NULL"}}));
    c.copy_run_ += " WHERE id = ?1";
    PONDER_ASSIGN_OR_RETURN(c.copy_problems_,
                            CopySql(db, "problems", {{"id", "id + ?1"}, {"run_id", "?2"}}));
    c.copy_problems_ += " WHERE run_id = ?3";
    const std::string of_run = " WHERE problem IN (SELECT id FROM src.problems WHERE run_id = ?2)";
    PONDER_ASSIGN_OR_RETURN(c.copy_nodes_, CopySql(db, "nodes", {{"problem", "problem + ?1"}}));
    c.copy_nodes_ += of_run;
    PONDER_ASSIGN_OR_RETURN(c.copy_events_, CopySql(db, "events", {{"problem", "problem + ?1"}}));
    c.copy_events_ += of_run;
    return c;
  }

  // The new run's id.
  StatusOr<int64_t> CopyRun(int64_t src_run) {
    PONDER_ASSIGN_OR_RETURN(Statement stmt, db_.Prepare(copy_run_));
    stmt.BindInt(1, src_run);
    PONDER_RETURN_IF_ERROR(stmt.Run());
    return db_.LastInsertRowId();
  }

  // Sets the fields in which a run merged from shards differs from its first shard.
  Status SetMergedFields(int64_t run, const PlannedRun& planned) {
    PONDER_ASSIGN_OR_RETURN(
        Statement stmt,
        db_.Prepare("UPDATE main.runs SET shard_index = 0, shard_count = 1, problem_count = ?,"
                    " status = ?, error = ?, resume_count = ?, created_at_us = ?,"
                    " finished_at_us = ? WHERE id = ?"));
    stmt.BindInt(1, planned.problem_count);
    stmt.BindText(2, RunStatusName(planned.status));
    planned.error.empty() ? stmt.BindNull(3) : stmt.BindText(3, planned.error);
    stmt.BindInt(4, planned.resume_count);
    stmt.BindInt(5, planned.created_at_us);
    planned.finished_at_us == 0 ? stmt.BindNull(6) : stmt.BindInt(6, planned.finished_at_us);
    stmt.BindInt(7, run);
    return stmt.Run();
  }

  // A problem id of `src_run` that run `run` already holds, and that problem's row.
  StatusOr<std::optional<std::pair<std::string, int64_t>>> FindOverlap(int64_t src_run,
                                                                       int64_t run) {
    PONDER_ASSIGN_OR_RETURN(
        Statement stmt,
        db_.Prepare("SELECT s.problem_id, m.id FROM src.problems s JOIN main.problems m"
                    " ON m.run_id = ?1 AND m.problem_id = s.problem_id WHERE s.run_id = ?2"
                    " LIMIT 1"));
    stmt.BindInt(1, run);
    stmt.BindInt(2, src_run);
    PONDER_ASSIGN_OR_RETURN(bool found, stmt.Step());
    if (!found) return std::optional<std::pair<std::string, int64_t>>();
    return std::optional(std::pair(stmt.Text(0), stmt.Int(1)));
  }

  // Copies the problems of `src_run` into `run` with new row ids above every existing one.
  StatusOr<Copied> CopyProblems(int64_t src_run, int64_t run) {
    Copied copied;
    PONDER_ASSIGN_OR_RETURN(int64_t last,
                            db_.QueryInt("SELECT coalesce(max(id), 0) FROM main.problems"));
    PONDER_ASSIGN_OR_RETURN(Statement first,
                            db_.Prepare("SELECT min(id) FROM src.problems WHERE run_id = ?"));
    first.BindInt(1, src_run);
    PONDER_ASSIGN_OR_RETURN(bool row, first.Step());
    if (!row || first.IsNull(0)) return copied;  // a run without problems
    const int64_t shift = last + 1 - first.Int(0);
    PONDER_ASSIGN_OR_RETURN(copied.problems, Insert(copy_problems_, {shift, run, src_run}));
    PONDER_ASSIGN_OR_RETURN(copied.nodes, Insert(copy_nodes_, {shift, src_run}));
    PONDER_ASSIGN_OR_RETURN(copied.events, Insert(copy_events_, {shift, src_run}));
    copied.first_row = last + 1;
    PONDER_ASSIGN_OR_RETURN(copied.last_row, db_.QueryInt("SELECT max(id) FROM main.problems"));
    return copied;
  }

 private:
  explicit RunCopier(Database& db) : db_(db) {}

  StatusOr<int64_t> Insert(const std::string& sql, std::initializer_list<int64_t> binds) {
    PONDER_ASSIGN_OR_RETURN(Statement stmt, db_.Prepare(sql));
    int index = 1;
    for (int64_t value : binds) stmt.BindInt(index++, value);
    PONDER_RETURN_IF_ERROR(stmt.Run());
    return db_.ChangedRows();
  }

  Database& db_;
  std::string copy_run_, copy_problems_, copy_nodes_, copy_events_;
};

// Where the problems of a merged run came from, to name both files when two shards share a
// problem id.
struct CopiedPart {
  const RunSource* source;
  int64_t first_row, last_row;
};

// Builds every planned run in the staging database `db`, one input at a time.
StatusOr<MergeSummary> Assemble(Database& db, const std::vector<MergeInput>& inputs,
                                const std::vector<PlannedRun>& plan) {
  PONDER_ASSIGN_OR_RETURN(RunCopier copier, RunCopier::Create(db));
  MergeSummary summary;
  std::vector<int64_t> new_run(plan.size(), 0);
  std::vector<std::vector<CopiedPart>> copied_parts(plan.size());
  for (size_t i = 0; i < inputs.size(); ++i) {
    auto copy_input = [&]() -> Status {
      for (size_t p = 0; p < plan.size(); ++p) {
        for (const RunSource& part : plan[p].parts) {
          if (part.input != i) continue;
          if (new_run[p] == 0) {
            PONDER_ASSIGN_OR_RETURN(new_run[p], copier.CopyRun(part.run.id));
            if (plan[p].merged) PONDER_RETURN_IF_ERROR(copier.SetMergedFields(new_run[p], plan[p]));
          }
          PONDER_ASSIGN_OR_RETURN(auto overlap, copier.FindOverlap(part.run.id, new_run[p]));
          if (overlap) {
            const CopiedPart* earlier = nullptr;
            for (const CopiedPart& c : copied_parts[p]) {
              if (overlap->second >= c.first_row && overlap->second <= c.last_row) earlier = &c;
            }
            PONDER_CHECK(earlier != nullptr);
            return FailedPreconditionError(
                "cannot merge: problem '" + overlap->first + "' is in shard " +
                std::to_string(earlier->source->run.info.shard_index) + " ('" +
                inputs[earlier->source->input].path + "', run " +
                std::to_string(earlier->source->run.id) + ") and in shard " +
                std::to_string(part.run.info.shard_index) + " ('" + inputs[i].path + "', run " +
                std::to_string(part.run.id) + ") of config " + part.run.info.config_hash +
                "; shards of one split never share a problem");
          }
          PONDER_ASSIGN_OR_RETURN(Copied copied, copier.CopyProblems(part.run.id, new_run[p]));
          copied_parts[p].push_back({&part, copied.first_row, copied.last_row});
          summary.problems += copied.problems;
          summary.nodes += copied.nodes;
          summary.events += copied.events;
        }
      }
      return OkStatus();
    };
    PONDER_RETURN_IF_ERROR(WithAttached(db, inputs[i].path, copy_input));
  }
  for (const PlannedRun& planned : plan) {
    planned.merged ? ++summary.merged_runs : ++summary.copied_runs;
    if (planned.merged && planned.status != RunStatus::kFinished) {
      summary.incomplete.push_back(DescribeConfig(planned.parts.front().run.info) + ": " +
                                   planned.error);
    }
  }
  return summary;
}

// Copies every run of the staging database into the existing `output`, in one transaction.
Status CopyInto(const std::string& output, const std::string& staging,
                const std::vector<PlannedRun>& plan, const std::vector<MergeInput>& inputs) {
  PONDER_ASSIGN_OR_RETURN(std::unique_ptr<Database> db,
                          Database::Open(output, OpenMode::kReadWriteCreate));
  PONDER_RETURN_IF_ERROR(PrepareForWriting(*db, kBusyTimeoutMs));
  PONDER_ASSIGN_OR_RETURN(RunCopier copier, RunCopier::Create(*db));
  return WithAttached(*db, staging, [&]() -> Status {
    // Checked again under the write lock: another merge may have added the runs meanwhile.
    PONDER_ASSIGN_OR_RETURN(std::vector<ExistingRun> existing, ExistingRuns(*db));
    PONDER_RETURN_IF_ERROR(CheckNotYetMerged(plan, inputs, output, existing));
    PONDER_ASSIGN_OR_RETURN(Statement runs, db->Prepare("SELECT id FROM src.runs ORDER BY id"));
    std::vector<int64_t> ids;
    while (true) {
      PONDER_ASSIGN_OR_RETURN(bool row, runs.Step());
      if (!row) break;
      ids.push_back(runs.Int(0));
    }
    for (int64_t id : ids) {
      PONDER_ASSIGN_OR_RETURN(int64_t run, copier.CopyRun(id));
      PONDER_RETURN_IF_ERROR(copier.CopyProblems(id, run).status());
    }
    return OkStatus();
  });
}

// The staging file and its SQLite side files, removed unless it became the output.
class StagingFile {
 public:
  explicit StagingFile(std::string path) : path_(std::move(path)) {}
  ~StagingFile() {
    if (path_.empty()) return;
    std::error_code ec;
    for (const char* suffix : {"", "-wal", "-shm", "-journal"}) fs::remove(path_ + suffix, ec);
  }
  const std::string& path() const { return path_; }
  void Keep() { path_.clear(); }

 private:
  std::string path_;
};

}  // namespace

StatusOr<MergeSummary> MergeTraceDatabases(const std::string& output,
                                           const std::vector<std::string>& inputs) {
  PONDER_RETURN_IF_ERROR(CheckFiles(output, inputs));
  PONDER_ASSIGN_OR_RETURN(std::vector<MergeInput> read, ReadInputs(inputs));
  PONDER_ASSIGN_OR_RETURN(std::vector<PlannedRun> plan, PlanMerge(read));

  std::error_code ec;
  const bool output_exists = fs::exists(output, ec) &&
                             !(fs::is_regular_file(output, ec) && fs::file_size(output, ec) == 0);
  if (output_exists) {
    StatusOr<std::unique_ptr<TraceReader>> reader = TraceReader::Open(output, kBusyTimeoutMs);
    if (!reader.ok()) return reader.status().WithContext("cannot merge into it");
    PONDER_ASSIGN_OR_RETURN(std::vector<RunRecord> runs, (*reader)->Runs());
    std::vector<ExistingRun> existing;
    for (const RunRecord& r : runs) {
      existing.push_back(
          {.id = r.id, .config_hash = r.info.config_hash, .created_at_us = r.created_at_us});
    }
    PONDER_RETURN_IF_ERROR(CheckNotYetMerged(plan, read, output, existing));
  } else {
    const fs::path folder = fs::absolute(output, ec).parent_path();
    if (!fs::is_directory(folder, ec)) {
      return FailedPreconditionError("cannot merge into '" + output + "': its folder '" +
                                     folder.string() + "' does not exist");
    }
  }

  StagingFile staging(output + ".merging-" + std::to_string(::getpid()));
  MergeSummary summary;
  {
    PONDER_ASSIGN_OR_RETURN(std::unique_ptr<Database> db,
                            Database::Open(staging.path(), OpenMode::kReadWriteCreate));
    PONDER_RETURN_IF_ERROR(PrepareForWriting(*db, kBusyTimeoutMs));
    PONDER_ASSIGN_OR_RETURN(summary, Assemble(*db, read, plan));
  }  // closing the last connection checkpoints the WAL into the file
  if (output_exists) {
    PONDER_RETURN_IF_ERROR(CopyInto(output, staging.path(), plan, read));
    return summary;
  }
  fs::rename(staging.path(), output, ec);
  if (ec) {
    return FailedPreconditionError("cannot merge into '" + output + "': moving '" + staging.path() +
                                   "' there failed: " + ec.message());
  }
  staging.Keep();
  return summary;
}

}  // namespace ponder::traces
