// `ponder merge OUT.db IN.db...`: shard databases written by `ponder run --shard I/N`
// merge into what one unsharded run writes; incompatible inputs are refused and
// leave nothing behind.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "tests/cli/cli_test_util.h"
#include "traces/sqlite_database.h"
#include "traces/trace_reader.h"

namespace ponder {
namespace {

namespace fs = std::filesystem;
using testing::Output;
using testing::Ponder;

// Writes a config of two sweep points, searched two problems at a time, and its three shards
// s0.db, s1.db and s2.db.
void RunShards(const fs::path& dir) {
  testing::Write(dir / "exp.yaml",
                 testing::SyntheticExperiment(
                     "shards", 45, "runner: {threads: 2}\nsweep:\n  algorithm.n: [2, 8]\n"));
  for (int i = 0; i < 3; ++i) {
    const std::string shard = std::to_string(i);
    const Output o = Ponder("run exp.yaml --shard " + shard + "/3 --db s" + shard + ".db", dir);
    ASSERT_EQ(o.exit_code, 0) << o.err;
  }
}

std::unique_ptr<traces::TraceReader> Open(const fs::path& path) {
  auto reader = traces::TraceReader::Open(path.string());
  EXPECT_TRUE(reader.ok()) << reader.status().message();
  return reader.ok() ? std::move(*reader) : nullptr;
}

// Nothing of a refused merge is left: no output, no staging file.
void ExpectNothingWritten(const fs::path& dir, const std::string& output) {
  EXPECT_FALSE(fs::exists(dir / output)) << output;
  for (const auto& entry : fs::directory_iterator(dir)) {
    EXPECT_EQ(entry.path().string().find(".merging-"), std::string::npos) << entry.path();
  }
}

TEST(MergeCommandTest, MergedShardsEqualAnUnshardedRun) {
  const fs::path dir = testing::TempDir();
  RunShards(dir);
  ASSERT_EQ(Ponder("run exp.yaml --db full.db", dir).exit_code, 0);
  const Output o = Ponder("merge merged.db s0.db s1.db s2.db", dir);
  ASSERT_EQ(o.exit_code, 0) << o.err;
  EXPECT_NE(o.out.find("merged 2 sharded run(s) and copied 0 run(s) into merged.db (90 problems"),
            std::string::npos)
      << o.out;
  EXPECT_EQ(o.err, "");

  auto full = Open(dir / "full.db");
  auto merged = Open(dir / "merged.db");
  ASSERT_TRUE(full && merged);
  EXPECT_TRUE(merged->CheckIntegrity().ok());
  const auto full_runs = *full->Runs();
  const auto merged_runs = *merged->Runs();
  ASSERT_EQ(merged_runs.size(), full_runs.size());
  for (size_t r = 0; r < full_runs.size(); ++r) {
    const traces::RunRecord& want = full_runs[r];
    const traces::RunRecord& got = merged_runs[r];
    EXPECT_EQ(got.info.config_hash, want.info.config_hash);
    EXPECT_EQ(got.info.sweep.values().at("algorithm.n").ToString(),
              want.info.sweep.values().at("algorithm.n").ToString());
    EXPECT_EQ(got.info.shard_index, 0);
    EXPECT_EQ(got.info.shard_count, 1);
    EXPECT_EQ(got.info.problem_count, want.info.problem_count);
    EXPECT_EQ(got.status, traces::RunStatus::kFinished);
    EXPECT_EQ(got.error, "");

    std::map<std::string, traces::ProblemRecord> expected;
    const std::vector<traces::ProblemRecord> unsharded = *full->Problems(want.id);
    for (const auto& p : unsharded) expected[p.problem_id] = p;
    const auto problems = *merged->Problems(got.id);
    ASSERT_EQ(problems.size(), expected.size());
    for (const traces::ProblemRecord& p : problems) {
      ASSERT_TRUE(expected.contains(p.problem_id)) << p.problem_id;
      const traces::ProblemRecord& e = expected[p.problem_id];
      EXPECT_EQ(p.result.answer, e.result.answer) << p.problem_id;
      EXPECT_EQ(p.result.solution, e.result.solution) << p.problem_id;
      EXPECT_EQ(p.grade->correct, e.grade->correct) << p.problem_id;
      EXPECT_EQ(p.candidates, e.candidates) << p.problem_id;
      EXPECT_EQ(p.result.usage.generated_tokens, e.result.usage.generated_tokens);
      EXPECT_EQ(p.node_count, e.node_count);
      EXPECT_EQ(p.event_count, e.event_count);
      const auto nodes = *merged->Nodes(p.id);
      const auto expected_nodes = *full->Nodes(e.id);
      ASSERT_EQ(nodes.size(), expected_nodes.size());
      for (size_t n = 0; n < nodes.size(); ++n) EXPECT_EQ(nodes[n].text, expected_nodes[n].text);
      EXPECT_EQ(merged->Events(p.id)->size(), static_cast<size_t>(e.event_count));
    }
  }

  // The reports agree on every metric but wall time.
  const auto report = [&](const char* db) {
    const Output r = Ponder(std::string("report ") + db + " --format json", dir);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return nlohmann::json::parse(r.out)["runs"];
  };
  const nlohmann::json a = report("full.db"), b = report("merged.db");
  ASSERT_EQ(a.size(), b.size());
  for (size_t i = 0; i < a.size(); ++i) {
    for (const char* key :
         {"sweep", "status", "problems", "accuracy", "majority", "pass_at_k", "mean_grade_score"}) {
      EXPECT_EQ(a[i][key], b[i][key]) << key;
    }
    EXPECT_EQ(a[i]["cost"]["generated_tokens"], b[i]["cost"]["generated_tokens"]);
    EXPECT_EQ(a[i]["cost"]["scorer_calls"], b[i]["cost"]["scorer_calls"]);
  }
}

TEST(MergeCommandTest, AddsToAnExistingDatabaseOnce) {
  const fs::path dir = testing::TempDir();
  RunShards(dir);
  ASSERT_EQ(Ponder("run exp.yaml --db all.db --set seed=9 --set dataset.count=10", dir).exit_code,
            0);
  Output o = Ponder("merge all.db s0.db s1.db s2.db", dir);
  ASSERT_EQ(o.exit_code, 0) << o.err;
  auto runs = *Open(dir / "all.db")->Runs();
  ASSERT_EQ(runs.size(), 4u);  // two of its own, two merged
  EXPECT_EQ(runs[2].info.problem_count, 45);

  o = Ponder("merge all.db s0.db s1.db s2.db", dir);
  EXPECT_NE(o.exit_code, 0);
  EXPECT_NE(o.err.find("into 'all.db': it already holds run 3 of that config"), std::string::npos)
      << o.err;
  EXPECT_EQ(Open(dir / "all.db")->Runs()->size(), 4u);
  ExpectNothingWritten(dir, "no-output-expected.db");
}

TEST(MergeCommandTest, MissingShardsLeaveAFailedRunAndAWarning) {
  const fs::path dir = testing::TempDir();
  RunShards(dir);
  const Output o = Ponder("merge part.db s0.db s2.db", dir);
  ASSERT_EQ(o.exit_code, 0) << o.err;
  EXPECT_NE(o.err.find("warning: config "), std::string::npos) << o.err;
  EXPECT_NE(o.err.find("merged from 2 of 3 shards; missing shard(s) 1"), std::string::npos);
  const std::vector<traces::RunRecord> runs = *Open(dir / "part.db")->Runs();
  ASSERT_EQ(runs.size(), 2u);
  for (const auto& run : runs) {
    EXPECT_EQ(run.status, traces::RunStatus::kFailed);
    EXPECT_EQ(run.info.problem_count, 30);
    EXPECT_EQ(run.error, "merged from 2 of 3 shards; missing shard(s) 1");
  }
}

TEST(MergeCommandTest, RefusesIncompatibleInputsAndWritesNothing) {
  const fs::path dir = testing::TempDir();
  RunShards(dir);
  ASSERT_EQ(Ponder("run exp.yaml --shard 1/2 --db half.db", dir).exit_code, 0);
  testing::Write(dir / "notes.txt", "not a database\n");
  {
    auto other =
        traces::Database::Open((dir / "other.db").string(), traces::OpenMode::kReadWriteCreate);
    ASSERT_TRUE((*other)->Exec("CREATE TABLE t (x)").ok());
  }
  // A copy of shard 1 with schema version 2, one of shard 0, and one of shard 1 in which a
  // problem of shard 0 appears.
  for (const char* copy : {"v2.db", "s1-overlap.db"}) fs::copy_file(dir / "s1.db", dir / copy);
  fs::copy_file(dir / "s0.db", dir / "s0-copy.db");
  const std::string shared_problem = (*Open(dir / "s0.db")->Problems(1))[0].problem_id;
  {
    auto v2 = traces::Database::Open((dir / "v2.db").string(), traces::OpenMode::kReadWriteCreate);
    ASSERT_TRUE((*v2)->Exec("UPDATE meta SET value = '2' WHERE key = 'schema_version'").ok());
    auto overlap = traces::Database::Open((dir / "s1-overlap.db").string(),
                                          traces::OpenMode::kReadWriteCreate);
    ASSERT_TRUE((*overlap)
                    ->Exec("UPDATE problems SET problem_id = '" + shared_problem +
                           "' WHERE id = (SELECT min(id) FROM problems WHERE run_id = 1)")
                    .ok());
  }
  struct Case {
    std::string args, message;
  } cases[] = {
      {"merge out.db s0.db v2.db",
       "cannot merge: trace database 'v2.db' has schema version 2, newer than the version this "
       "ponder reads (1)"},
      {"merge out.db s0.db s1.db half.db", "'half.db' (run 1) is shard 1/2"},
      {"merge out.db s0.db s1.db half.db", "'s0.db' (run 1) is shard 0/3 but"},
      {"merge out.db s0.db s0-copy.db", "is in both 's0.db' (run 1) and 's0-copy.db' (run 1)"},
      {"merge out.db s0.db s1-overlap.db s2.db",
       "cannot merge: problem '" + shared_problem +
           "' is in shard 0 ('s0.db', run 1) and in shard 1 ('s1-overlap.db', run 1)"},
      {"merge out.db s0.db notes.txt",
       "cannot merge: trace database 'notes.txt' is not a SQLite database"},
      {"merge out.db other.db",
       "cannot merge: trace database 'other.db' is a SQLite database but not a ponder trace "
       "database"},
      {"merge out.db s0.db missing.db", "cannot merge: trace database 'missing.db' does not exist"},
      {"merge out.db s0.db s1.db ./s0.db",
       "cannot merge: 's0.db' is given twice (also as './s0.db')"},
      {"merge s0.db s1.db s0.db", "cannot merge: 's0.db' is both the output and an input"},
      {"merge no/such/out.db s0.db", "cannot merge into 'no/such/out.db': its folder"},
      {"merge out.db", "inputs is required"},
  };
  for (const Case& c : cases) {
    const Output o = Ponder(c.args, dir);
    EXPECT_NE(o.exit_code, 0) << c.args;
    EXPECT_NE(o.err.find(c.message), std::string::npos) << c.args << "\n" << o.err;
    ExpectNothingWritten(dir, "out.db");
  }
  // The inputs are unchanged: shard 0 still holds its own problems only.
  EXPECT_EQ(Open(dir / "s0.db")->Problems(1)->size(), 15u);
}

}  // namespace
}  // namespace ponder
