#include "traces/trace_reader.h"

#include <filesystem>

#include "traces/enum_names.h"
#include "traces/json_columns.h"
#include "traces/schema.h"
#include "traces/token_blob.h"

namespace ponder::traces {
namespace {

constexpr std::string_view kRunColumns =
    "SELECT id, name, config_text, config_hash, algorithm, seed, ponder_version, git_commit,"
    " model_hashes, dataset, sweep, shard_index, shard_count, problem_count, status, error,"
    " resume_count, created_at_us, finished_at_us FROM runs";

constexpr std::string_view kProblemColumns =
    "SELECT id, run_id, problem_id, status, chosen_node, complete, answer, solution, score,"
    " stop_reason, grade_correct, grade_score, grade_detail, error, expansions, policy_calls,"
    " policy_batches, scorer_calls, scorer_batches, generated_tokens, prefill_tokens,"
    " reused_prefill_tokens, elapsed_us, node_count, event_count, started_at_us, finished_at_us,"
    " candidates, graded_candidates, correct_candidates, majority_answer, majority_correct,"
    " counters FROM problems";

template <class E>
StatusOr<E> ParseColumn(const Statement& row, int column, E last, std::string_view (*name_of)(E),
                        const std::string& where) {
  const std::string text = row.Text(column);
  if (std::optional<E> value = ParseEnumName(text, last, name_of)) return *value;
  return DataLossError(where + ": unknown value '" + text + "'");
}

StatusOr<RunRecord> ReadRun(const Statement& row, const std::string& path) {
  RunRecord r;
  r.id = row.Int(0);
  const std::string where = "trace database '" + path + "', run " + std::to_string(r.id);
  RunInfo& info = r.info;
  info.name = row.Text(1);
  info.config_text = row.Text(2);
  info.config_hash = row.Text(3);
  info.algorithm = row.Text(4);
  info.seed = row.Int(5);
  info.ponder_version = row.Text(6);
  info.git_commit = row.Text(7);
  PONDER_ASSIGN_OR_RETURN(info.model_hashes,
                          StringMapFromJson(row.Text(8), where + " model_hashes"));
  info.dataset = row.Text(9);
  PONDER_ASSIGN_OR_RETURN(info.sweep, ParamsFromJson(row.Text(10), where + " sweep"));
  info.shard_index = row.Int(11);
  info.shard_count = row.Int(12);
  info.problem_count = row.Int(13);
  PONDER_ASSIGN_OR_RETURN(
      r.status, ParseColumn(row, 14, RunStatus::kFailed, &RunStatusName, where + " status"));
  r.error = row.Text(15);
  r.resume_count = row.Int(16);
  r.created_at_us = row.Int(17);
  r.finished_at_us = row.Int(18);
  return r;
}

StatusOr<ProblemRecord> ReadProblem(const Statement& row, const std::string& path) {
  ProblemRecord p;
  p.id = row.Int(0);
  p.run_id = row.Int(1);
  p.problem_id = row.Text(2);
  const std::string where = "trace database '" + path + "', problem '" + p.problem_id + "'";
  PONDER_ASSIGN_OR_RETURN(
      p.status, ParseColumn(row, 3, ProblemStatus::kFailed, &ProblemStatusName, where + " status"));
  SearchResult& r = p.result;
  r.chosen = row.IsNull(4) ? kNoNode : static_cast<NodeId>(row.Int(4));
  r.complete = row.Int(5) != 0;
  r.has_answer = !row.IsNull(6);
  r.answer = row.Text(6);
  r.solution = row.Text(7);
  r.score = row.Double(8);
  r.stop_reason = row.Text(9);
  if (!row.IsNull(10)) {
    p.grade = Grade{.correct = row.Int(10) != 0, .score = row.Double(11), .detail = row.Text(12)};
  }
  p.error = row.Text(13);
  Usage& u = r.usage;
  int column = 14;
  for (int64_t* field :
       {&u.expansions, &u.policy_calls, &u.policy_batches, &u.scorer_calls, &u.scorer_batches,
        &u.generated_tokens, &u.prefill_tokens, &u.reused_prefill_tokens, &u.elapsed_us}) {
    *field = row.Int(column++);
  }
  p.node_count = row.Int(23);
  p.event_count = row.Int(24);
  p.started_at_us = row.Int(25);
  p.finished_at_us = row.Int(26);
  if (!row.IsNull(27)) {
    p.candidates = CandidateStats{.candidates = row.Int(27),
                                  .graded = row.Int(28),
                                  .correct = row.Int(29),
                                  .has_majority = !row.IsNull(30),
                                  .majority_answer = row.Text(30),
                                  .majority_correct = !row.IsNull(31) && row.Int(31) != 0};
  }
  PONDER_ASSIGN_OR_RETURN(r.counters, CountersFromJson(row.Text(32), where + " counters"));
  return p;
}

StatusOr<std::string> FirstColumnText(const Statement& row) { return row.Text(0); }

// Runs `stmt` to the end, turning each row into a T with `read`.
template <class T, class ReadFn>
StatusOr<std::vector<T>> ReadAll(Statement& stmt, ReadFn read) {
  std::vector<T> out;
  while (true) {
    PONDER_ASSIGN_OR_RETURN(bool row, stmt.Step());
    if (!row) return out;
    PONDER_ASSIGN_OR_RETURN(T value, read(stmt));
    out.push_back(std::move(value));
  }
}

// The single record a query for one id returns.
template <class T>
StatusOr<T> Single(StatusOr<std::vector<T>> all, const std::string& what) {
  if (!all.ok()) return all.status();
  if (all->empty()) return NotFoundError(what + ": not found");
  return std::move(all->front());
}

}  // namespace

StatusOr<std::unique_ptr<TraceReader>> TraceReader::Open(const std::string& path,
                                                         int64_t busy_timeout_ms) {
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) {
    return NotFoundError("trace database '" + path + "' does not exist");
  }
  PONDER_ASSIGN_OR_RETURN(std::unique_ptr<Database> db, Database::Open(path, OpenMode::kReadOnly));
  PONDER_RETURN_IF_ERROR(CheckForReading(*db, busy_timeout_ms));
  return std::unique_ptr<TraceReader>(new TraceReader(std::move(db)));
}

StatusOr<std::vector<RunRecord>> TraceReader::Runs() {
  PONDER_ASSIGN_OR_RETURN(Statement stmt, db_->Prepare(std::string(kRunColumns) + " ORDER BY id"));
  return ReadAll<RunRecord>(stmt, [&](const Statement& row) { return ReadRun(row, path()); });
}

StatusOr<RunRecord> TraceReader::Run(int64_t run_id) {
  PONDER_ASSIGN_OR_RETURN(Statement stmt, db_->Prepare(std::string(kRunColumns) + " WHERE id = ?"));
  stmt.BindInt(1, run_id);
  return Single(
      ReadAll<RunRecord>(stmt, [&](const Statement& row) { return ReadRun(row, path()); }),
      "trace database '" + path() + "', run " + std::to_string(run_id));
}

StatusOr<std::vector<ProblemRecord>> TraceReader::Problems(int64_t run_id) {
  PONDER_ASSIGN_OR_RETURN(
      Statement stmt, db_->Prepare(std::string(kProblemColumns) + " WHERE run_id = ? ORDER BY id"));
  stmt.BindInt(1, run_id);
  return ReadAll<ProblemRecord>(stmt,
                                [&](const Statement& row) { return ReadProblem(row, path()); });
}

StatusOr<ProblemRecord> TraceReader::FindProblem(int64_t run_id, std::string_view problem_id) {
  PONDER_ASSIGN_OR_RETURN(Statement stmt, db_->Prepare(std::string(kProblemColumns) +
                                                       " WHERE run_id = ? AND problem_id = ?"));
  stmt.BindInt(1, run_id);
  stmt.BindText(2, problem_id);
  return Single(
      ReadAll<ProblemRecord>(stmt, [&](const Statement& row) { return ReadProblem(row, path()); }),
      "trace database '" + path() + "', run " + std::to_string(run_id) + ", problem '" +
          std::string(problem_id) + "'");
}

StatusOr<std::vector<std::string>> TraceReader::FinishedProblems(int64_t run_id) {
  PONDER_ASSIGN_OR_RETURN(
      Statement stmt,
      db_->Prepare("SELECT problem_id FROM problems WHERE run_id = ? AND status = 'finished'"
                   " ORDER BY id"));
  stmt.BindInt(1, run_id);
  return ReadAll<std::string>(stmt, &FirstColumnText);
}

StatusOr<std::vector<Node>> TraceReader::Nodes(int64_t problem) {
  PONDER_ASSIGN_OR_RETURN(
      Statement stmt,
      db_->Prepare("SELECT node_id, parent, depth, text, tokens, logprob, prior, step_score,"
                   " score, visits, value_sum, terminal, finish, answer, cumulative_tokens,"
                   " created_us, dropped FROM nodes WHERE problem = ? ORDER BY node_id"));
  stmt.BindInt(1, problem);
  const std::string where =
      "trace database '" + path() + "', problem row " + std::to_string(problem);
  auto read = [&](const Statement& row) -> StatusOr<Node> {
    Node n;
    n.id = static_cast<NodeId>(row.Int(0));
    n.parent = row.IsNull(1) ? kNoNode : static_cast<NodeId>(row.Int(1));
    n.depth = static_cast<int32_t>(row.Int(2));
    n.text = row.Text(3);
    StatusOr<TokenIds> tokens = DecodeTokens(row.Blob(4));
    if (!tokens.ok()) return tokens.status().WithContext(where + ", node " + std::to_string(n.id));
    n.tokens = std::move(*tokens);
    n.logprob = row.Double(5);
    n.prior = row.Double(6);
    n.step_score = row.Double(7);
    n.score = row.Double(8);
    n.visits = static_cast<int32_t>(row.Int(9));
    n.value_sum = row.Double(10);
    n.terminal = row.Int(11) != 0;
    PONDER_ASSIGN_OR_RETURN(n.finish, ParseColumn(row, 12, FinishReason::kCancelled,
                                                  &FinishReasonName, where + " finish"));
    n.has_answer = !row.IsNull(13);
    n.answer = row.Text(13);
    n.cumulative_tokens = row.Int(14);
    n.created_us = row.Int(15);
    n.dropped = row.Int(16) != 0;
    return n;
  };
  PONDER_ASSIGN_OR_RETURN(std::vector<Node> nodes, ReadAll<Node>(stmt, read));
  for (size_t i = 0; i < nodes.size(); ++i) {
    if (nodes[i].id != i) {
      return DataLossError(where + ": node ids are not 0.." + std::to_string(nodes.size() - 1) +
                           " (found " + std::to_string(nodes[i].id) + " at " + std::to_string(i) +
                           ")");
    }
    const NodeId parent = nodes[i].parent;
    if (parent == kNoNode) continue;
    if (parent >= i) {
      return DataLossError(where + ", node " + std::to_string(i) + ": parent " +
                           std::to_string(parent) + " is not an earlier node");
    }
    nodes[parent].children.push_back(nodes[i].id);
  }
  return nodes;
}

StatusOr<std::vector<TraceEvent>> TraceReader::Events(int64_t problem) {
  PONDER_ASSIGN_OR_RETURN(
      Statement stmt,
      db_->Prepare("SELECT kind, node_id, time_us, detail FROM events WHERE problem = ?"
                   " ORDER BY seq"));
  stmt.BindInt(1, problem);
  const std::string where =
      "trace database '" + path() + "', problem row " + std::to_string(problem) + " event kind";
  return ReadAll<TraceEvent>(stmt, [&](const Statement& row) -> StatusOr<TraceEvent> {
    TraceEvent e;
    PONDER_ASSIGN_OR_RETURN(e.kind,
                            ParseColumn(row, 0, TraceEventKind::kStop, &TraceEventKindName, where));
    e.node = row.IsNull(1) ? kNoNode : static_cast<NodeId>(row.Int(1));
    e.time_us = row.Int(2);
    e.detail = row.Text(3);
    return e;
  });
}

Status TraceReader::CheckIntegrity() {
  PONDER_ASSIGN_OR_RETURN(Statement stmt, db_->Prepare("PRAGMA integrity_check"));
  StatusOr<std::vector<std::string>> lines = ReadAll<std::string>(stmt, &FirstColumnText);
  std::string found;
  if (!lines.ok()) {
    found = lines.status().message();  // damage bad enough to stop the check itself
  } else if (lines->size() == 1 && (*lines)[0] == "ok") {
    return OkStatus();
  } else {
    for (const std::string& line : *lines) found += (found.empty() ? "" : "; ") + line;
  }
  return DataLossError("trace database '" + path() + "' fails SQLite's integrity check: " + found);
}

}  // namespace ponder::traces
