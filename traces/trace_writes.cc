#include "traces/trace_writes.h"

#include <optional>
#include <string>
#include <vector>

#include "traces/json_columns.h"
#include "traces/token_blob.h"

namespace ponder::traces {
namespace {

std::string RunName(const Database& db, int64_t run_id) {
  return "trace database '" + db.path() + "', run " + std::to_string(run_id);
}

// Problems may only be recorded into a run that exists and is not finished.
Status CheckRunOpen(Database& db, int64_t run_id) {
  PONDER_ASSIGN_OR_RETURN(Statement * stmt, db.Cached("SELECT status FROM runs WHERE id = ?"));
  stmt->BindInt(1, run_id);
  PONDER_ASSIGN_OR_RETURN(bool found, stmt->Step());
  if (!found) return NotFoundError(RunName(db, run_id) + ": no such run");
  const bool finished = stmt->Text(0) == RunStatusName(RunStatus::kFinished);
  stmt->Reset();
  if (finished) {
    return FailedPreconditionError(RunName(db, run_id) + " is finished; it takes no more problems");
  }
  return OkStatus();
}

// Removes an earlier attempt at the problem (its row, nodes and events), if any.
Status DeleteProblem(Database& db, int64_t run_id, std::string_view problem_id) {
  PONDER_ASSIGN_OR_RETURN(Statement * find,
                          db.Cached("SELECT id FROM problems WHERE run_id = ? AND problem_id = ?"));
  find->BindInt(1, run_id);
  find->BindText(2, problem_id);
  PONDER_ASSIGN_OR_RETURN(bool found, find->Step());
  if (!found) return OkStatus();
  const int64_t row = find->Int(0);
  find->Reset();
  for (std::string_view sql :
       {"DELETE FROM events WHERE problem = ?", "DELETE FROM nodes WHERE problem = ?",
        "DELETE FROM problems WHERE id = ?"}) {
    PONDER_ASSIGN_OR_RETURN(Statement * del, db.Cached(sql));
    del->BindInt(1, row);
    PONDER_RETURN_IF_ERROR(del->Run());
  }
  return OkStatus();
}

void BindOptionalText(Statement& stmt, int index, bool present, std::string_view text) {
  if (present) {
    stmt.BindText(index, text);
  } else {
    stmt.BindNull(index);
  }
}

StatusOr<int64_t> InsertProblemRow(Database& db, const ProblemTrace& trace) {
  PONDER_ASSIGN_OR_RETURN(
      Statement * stmt,
      db.Cached("INSERT INTO problems (run_id, problem_id, status, chosen_node, complete, answer,"
                " solution, score, stop_reason, grade_correct, grade_score, grade_detail, error,"
                " expansions, policy_calls, policy_batches, scorer_calls, scorer_batches,"
                " generated_tokens, prefill_tokens, reused_prefill_tokens, elapsed_us,"
                " node_count, event_count, started_at_us, finished_at_us, candidates,"
                " graded_candidates, correct_candidates, majority_answer, majority_correct,"
                " counters)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
                " ?, ?, ?, ?, ?, ?, ?, ?)"));
  Statement& s = *stmt;
  s.BindInt(1, trace.run_id());
  s.BindText(2, trace.problem_id());
  s.BindText(3, ProblemStatusName(trace.status()));
  if (const std::optional<SearchResult>& r = trace.result()) {
    if (r->chosen != kNoNode) s.BindInt(4, r->chosen);
    s.BindInt(5, r->complete);
    BindOptionalText(s, 6, r->has_answer, r->answer);
    s.BindText(7, r->solution);
    s.BindDouble(8, r->score);
    s.BindText(9, r->stop_reason);
    s.BindText(32, CountersToJson(r->counters));
  } else {
    s.BindText(32, "{}");
  }
  if (const std::optional<CandidateStats>& c = trace.candidates()) {
    s.BindInt(27, c->candidates);
    s.BindInt(28, c->graded);
    s.BindInt(29, c->correct);
    BindOptionalText(s, 30, c->has_majority, c->majority_answer);
    if (c->has_majority) s.BindInt(31, c->majority_correct);
  }
  if (const std::optional<Grade>& g = trace.grade()) {
    s.BindInt(10, g->correct);
    s.BindDouble(11, g->score);
    s.BindText(12, g->detail);
  }
  BindOptionalText(s, 13, !trace.error().empty(), trace.error());
  const Usage& u = trace.usage();
  int column = 14;
  for (int64_t value :
       {u.expansions, u.policy_calls, u.policy_batches, u.scorer_calls, u.scorer_batches,
        u.generated_tokens, u.prefill_tokens, u.reused_prefill_tokens, u.elapsed_us}) {
    s.BindInt(column++, value);
  }
  s.BindInt(23, static_cast<int64_t>(trace.nodes().size()));
  s.BindInt(24, static_cast<int64_t>(trace.events().size()));
  s.BindInt(25, trace.started_at_us());
  s.BindInt(26, trace.finished_at_us());
  PONDER_RETURN_IF_ERROR(s.Run());
  return db.LastInsertRowId();
}

Status InsertNodes(Database& db, int64_t problem, const NodeRows& nodes) {
  PONDER_ASSIGN_OR_RETURN(
      Statement * stmt,
      db.Cached("INSERT INTO nodes (problem, node_id, parent, depth, text, tokens, logprob, prior,"
                " step_score, score, visits, value_sum, terminal, finish, answer,"
                " cumulative_tokens, created_us, dropped)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
  Statement& s = *stmt;
  std::vector<std::byte> tokens;
  for (const NodeRow& n : nodes.rows()) {
    s.BindInt(1, problem);
    s.BindInt(2, n.id);
    if (n.parent != kNoNode) s.BindInt(3, n.parent);
    s.BindInt(4, n.depth);
    s.BindText(5, nodes.text(n));
    EncodeTokens(nodes.tokens(n), tokens);
    s.BindBlob(6, tokens);
    s.BindDouble(7, n.logprob);
    s.BindDouble(8, n.prior);
    s.BindDouble(9, n.step_score);
    s.BindDouble(10, n.score);
    s.BindInt(11, n.visits);
    s.BindDouble(12, n.value_sum);
    s.BindInt(13, n.terminal);
    s.BindText(14, FinishReasonName(n.finish));
    BindOptionalText(s, 15, n.has_answer, nodes.answer(n));
    s.BindInt(16, n.cumulative_tokens);
    s.BindInt(17, n.created_us);
    s.BindInt(18, n.dropped);
    PONDER_RETURN_IF_ERROR(s.Run());
  }
  return OkStatus();
}

Status InsertEvents(Database& db, int64_t problem, const std::vector<TraceEvent>& events) {
  PONDER_ASSIGN_OR_RETURN(
      Statement * stmt,
      db.Cached("INSERT INTO events (problem, seq, kind, node_id, time_us, detail)"
                " VALUES (?, ?, ?, ?, ?, ?)"));
  Statement& s = *stmt;
  int64_t seq = 0;
  for (const TraceEvent& e : events) {
    s.BindInt(1, problem);
    s.BindInt(2, seq++);
    s.BindText(3, TraceEventKindName(e.kind));
    if (e.node != kNoNode) s.BindInt(4, e.node);
    s.BindInt(5, e.time_us);
    s.BindText(6, e.detail);
    PONDER_RETURN_IF_ERROR(s.Run());
  }
  return OkStatus();
}

// What BeginOrResumeRun compares of an earlier run with the same config and shard.
struct EarlierRun {
  int64_t id = 0;
  int64_t problem_count = 0;
  std::string model_hashes;
};

// The newest run of info's config and shard that is finished, or that is not.
StatusOr<std::optional<EarlierRun>> NewestRun(Database& db, const RunInfo& info, bool finished) {
  PONDER_ASSIGN_OR_RETURN(
      Statement find,
      db.Prepare(
          std::string("SELECT id, problem_count, model_hashes FROM runs WHERE"
                      " config_hash = ? AND shard_index = ? AND shard_count = ? AND status ") +
          (finished ? "=" : "!=") + " 'finished' ORDER BY id DESC LIMIT 1"));
  find.BindText(1, info.config_hash);
  find.BindInt(2, info.shard_index);
  find.BindInt(3, info.shard_count);
  PONDER_ASSIGN_OR_RETURN(bool found, find.Step());
  if (!found) return std::optional<EarlierRun>();
  return std::optional<EarlierRun>(EarlierRun{find.Int(0), find.Int(1), find.Text(2)});
}

// Marks a run running again for a resume.
Status Reopen(Database& db, int64_t run_id) {
  PONDER_ASSIGN_OR_RETURN(
      Statement reopen,
      db.Prepare("UPDATE runs SET status = 'running', error = NULL, finished_at_us = NULL,"
                 " resume_count = resume_count + 1 WHERE id = ?"));
  reopen.BindInt(1, run_id);
  return reopen.Run();
}

StatusOr<int64_t> FailedProblemCount(Database& db, int64_t run_id) {
  PONDER_ASSIGN_OR_RETURN(
      Statement count,
      db.Prepare("SELECT COUNT(*) FROM problems WHERE run_id = ? AND status = 'failed'"));
  count.BindInt(1, run_id);
  PONDER_ASSIGN_OR_RETURN(bool row, count.Step());
  return row ? count.Int(0) : 0;
}

}  // namespace

StatusOr<BegunRun> BeginOrResumeRun(Database& db, const RunInfo& info, int64_t now_us) {
  const std::string model_hashes = StringMapToJson(info.model_hashes);
  PONDER_ASSIGN_OR_RETURN(std::optional<EarlierRun> unfinished, NewestRun(db, info, false));
  if (unfinished) {
    const int64_t id = unfinished->id;
    if (unfinished->problem_count != info.problem_count) {
      return FailedPreconditionError(RunName(db, id) + " has this config (hash " +
                                     info.config_hash + ") but " +
                                     std::to_string(unfinished->problem_count) + " problems, not " +
                                     std::to_string(info.problem_count) +
                                     "; did the dataset change? Use another database to start "
                                     "afresh");
    }
    // Resuming with other weights would mix two models' results in one run.
    if (unfinished->model_hashes != model_hashes) {
      return FailedPreconditionError(RunName(db, id) + " has this config (hash " +
                                     info.config_hash + ") but other model files (" +
                                     unfinished->model_hashes + ", now " + model_hashes +
                                     "); did a checkpoint change? Use another database to start "
                                     "afresh");
    }
    PONDER_RETURN_IF_ERROR(Reopen(db, id));
    return BegunRun{.id = id, .resumed = true};
  }
  // Running a finished config again finds its run instead of repeating it, and retries the
  // problems that failed in it (a crashed backend, a sandbox error) as a resume does.
  PONDER_ASSIGN_OR_RETURN(std::optional<EarlierRun> finished, NewestRun(db, info, true));
  if (finished && finished->problem_count == info.problem_count &&
      finished->model_hashes == model_hashes) {
    PONDER_ASSIGN_OR_RETURN(int64_t failed, FailedProblemCount(db, finished->id));
    if (failed == 0) return BegunRun{.id = finished->id, .already_finished = true};
    PONDER_RETURN_IF_ERROR(Reopen(db, finished->id));
    return BegunRun{.id = finished->id, .resumed = true};
  }

  PONDER_ASSIGN_OR_RETURN(
      Statement insert,
      db.Prepare("INSERT INTO runs (name, config_text, config_hash, algorithm, seed,"
                 " ponder_version, git_commit, model_hashes, dataset, sweep, shard_index,"
                 " shard_count, problem_count, status, created_at_us)"
                 " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'running', ?)"));
  insert.BindText(1, info.name);
  insert.BindText(2, info.config_text);
  insert.BindText(3, info.config_hash);
  insert.BindText(4, info.algorithm);
  insert.BindInt(5, info.seed);
  insert.BindText(6, info.ponder_version);
  insert.BindText(7, info.git_commit);
  insert.BindText(8, model_hashes);
  insert.BindText(9, info.dataset);
  insert.BindText(10, ParamsToJson(info.sweep));
  insert.BindInt(11, info.shard_index);
  insert.BindInt(12, info.shard_count);
  insert.BindInt(13, info.problem_count);
  insert.BindInt(14, now_us);
  PONDER_RETURN_IF_ERROR(insert.Run());
  return BegunRun{.id = db.LastInsertRowId(), .resumed = false};
}

Status RecordProblemStarted(Database& db, int64_t run_id, std::string_view problem_id,
                            int64_t started_at_us) {
  PONDER_RETURN_IF_ERROR(CheckRunOpen(db, run_id));
  PONDER_RETURN_IF_ERROR(DeleteProblem(db, run_id, problem_id));
  PONDER_ASSIGN_OR_RETURN(
      Statement * stmt, db.Cached("INSERT INTO problems (run_id, problem_id, status, started_at_us)"
                                  " VALUES (?, ?, 'started', ?)"));
  stmt->BindInt(1, run_id);
  stmt->BindText(2, problem_id);
  stmt->BindInt(3, started_at_us);
  return stmt->Run();
}

Status RecordProblem(Database& db, const ProblemTrace& trace) {
  if (trace.status() == ProblemStatus::kStarted) {
    return InternalError(RunName(db, trace.run_id()) + ", problem '" + trace.problem_id() +
                         "': committed before its search finished or failed");
  }
  PONDER_RETURN_IF_ERROR(CheckRunOpen(db, trace.run_id()));
  PONDER_RETURN_IF_ERROR(DeleteProblem(db, trace.run_id(), trace.problem_id()));
  PONDER_ASSIGN_OR_RETURN(int64_t row, InsertProblemRow(db, trace));
  PONDER_RETURN_IF_ERROR(InsertNodes(db, row, trace.nodes()));
  return InsertEvents(db, row, trace.events());
}

Status RecordRunOutcome(Database& db, int64_t run_id, const Status& outcome, int64_t now_us) {
  PONDER_ASSIGN_OR_RETURN(Statement run, db.Prepare("SELECT problem_count FROM runs WHERE id = ?"));
  run.BindInt(1, run_id);
  PONDER_ASSIGN_OR_RETURN(bool found, run.Step());
  if (!found) return NotFoundError(RunName(db, run_id) + ": no such run");
  const int64_t expected = run.Int(0);
  run.Reset();

  if (outcome.ok()) {
    PONDER_ASSIGN_OR_RETURN(
        Statement counts,
        db.Prepare("SELECT count(*) FILTER (WHERE status != 'started'),"
                   " count(*) FILTER (WHERE status = 'started') FROM problems WHERE run_id = ?"));
    counts.BindInt(1, run_id);
    PONDER_ASSIGN_OR_RETURN(bool row, counts.Step());
    PONDER_CHECK(row) << "an aggregate query always returns a row";
    const int64_t recorded = counts.Int(0);
    const int64_t started = counts.Int(1);
    counts.Reset();
    if (started > 0 || recorded != expected) {
      return FailedPreconditionError(
          RunName(db, run_id) + " cannot be marked finished: " + std::to_string(recorded) +
          " of its " + std::to_string(expected) + " problems are recorded and " +
          std::to_string(started) + " are still started");
    }
  }
  PONDER_ASSIGN_OR_RETURN(
      Statement update,
      db.Prepare("UPDATE runs SET status = ?, error = ?, finished_at_us = ? WHERE id = ?"));
  update.BindText(1, RunStatusName(outcome.ok() ? RunStatus::kFinished : RunStatus::kFailed));
  BindOptionalText(update, 2, !outcome.ok(), outcome.ToString());
  update.BindInt(3, now_us);
  update.BindInt(4, run_id);
  return update.Run();
}

}  // namespace ponder::traces
