#include "traces/merge_plan.h"

#include <gtest/gtest.h>

namespace ponder::traces {
namespace {

RunRecord Shard(int64_t id, int64_t index, int64_t count, RunStatus status = RunStatus::kFinished) {
  RunRecord r;
  r.id = id;
  r.status = status;
  r.info.name = "demo";
  r.info.algorithm = "best_of_n";
  r.info.config_hash = "c0ffee";
  r.info.sweep.Set("algorithm.n", 4);
  r.info.git_commit = "abc";
  r.info.ponder_version = "0.1.0";
  r.info.shard_index = index;
  r.info.shard_count = count;
  r.info.problem_count = 10 + index;
  r.resume_count = 1;
  r.created_at_us = 1000 + index;
  r.finished_at_us = status == RunStatus::kFinished ? 2000 + index : 0;
  return r;
}

TEST(MergePlanTest, ShardsOfOneConfigBecomeOneFinishedRun) {
  const std::vector<MergeInput> inputs = {
      {"s2.db", {Shard(1, 2, 3)}}, {"s0.db", {Shard(1, 0, 3)}}, {"s1.db", {Shard(7, 1, 3)}}};
  auto plan = PlanMerge(inputs);
  ASSERT_TRUE(plan.ok()) << plan.status().message();
  ASSERT_EQ(plan->size(), 1u);
  const PlannedRun& run = (*plan)[0];
  EXPECT_TRUE(run.merged);
  ASSERT_EQ(run.parts.size(), 3u);
  for (int64_t i = 0; i < 3; ++i) EXPECT_EQ(run.parts[i].run.info.shard_index, i);
  EXPECT_EQ(run.parts[0].input, 1u);
  EXPECT_EQ(run.status, RunStatus::kFinished);
  EXPECT_EQ(run.error, "");
  EXPECT_EQ(run.problem_count, 10 + 11 + 12);
  EXPECT_EQ(run.resume_count, 3);
  EXPECT_EQ(run.created_at_us, 1000);
  EXPECT_EQ(run.finished_at_us, 2002);
}

TEST(MergePlanTest, MissingOrUnfinishedShardsLeaveTheRunFailedWithTheReason) {
  const std::vector<MergeInput> inputs = {{"s0.db", {Shard(1, 0, 4)}},
                                          {"s2.db", {Shard(3, 2, 4, RunStatus::kRunning)}}};
  auto plan = PlanMerge(inputs);
  ASSERT_TRUE(plan.ok());
  EXPECT_EQ((*plan)[0].status, RunStatus::kFailed);
  EXPECT_EQ((*plan)[0].error,
            "merged from 2 of 4 shards; missing shard(s) 1, 3; shard 2 in 's2.db' (run 3) is "
            "running");
}

TEST(MergePlanTest, UnshardedRunsAreCopiedAsTheyAre) {
  RunRecord a = Shard(1, 0, 1);
  RunRecord b = Shard(2, 0, 1);
  b.created_at_us = 5000;  // the same config run again later: another run
  auto plan = PlanMerge({{"a.db", {a, b}}});
  ASSERT_TRUE(plan.ok());
  ASSERT_EQ(plan->size(), 2u);
  EXPECT_FALSE((*plan)[0].merged);
  EXPECT_EQ((*plan)[1].parts[0].run.id, 2);
}

TEST(MergePlanTest, RefusesIncompatibleShards) {
  RunRecord other_commit = Shard(2, 1, 2);
  other_commit.info.git_commit = "def";
  RunRecord other_models = Shard(2, 1, 2);
  other_models.info.model_hashes["policy.pt"] = "1234";
  struct Case {
    std::vector<MergeInput> inputs;
    std::string message;
  } cases[] = {
      {{{"a.db", {Shard(1, 0, 2)}}, {"b.db", {Shard(1, 1, 3)}}},
       "cannot merge the shards of config c0ffee (experiment 'demo', best_of_n, algorithm.n=4): "
       "'a.db' (run 1) is shard 0/2 but 'b.db' (run 1) is shard 1/3; merge the shards of one "
       "split"},
      {{{"a.db", {Shard(1, 0, 2)}}, {"b.db", {Shard(4, 0, 2)}}},
       "cannot merge: shard 0/2 of config c0ffee (experiment 'demo', best_of_n, algorithm.n=4) "
       "is in both 'a.db' (run 1) and 'b.db' (run 4)"},
      {{{"a.db", {Shard(1, 0, 2)}}, {"b.db", {Shard(5, 0, 1)}}},
       "cannot merge the shards of config c0ffee (experiment 'demo', best_of_n, algorithm.n=4): "
       "'b.db' (run 5) is an unsharded run of it (shard 0/1) but 'a.db' (run 1) is shard 0/2; "
       "merge the shards of one split"},
      {{{"a.db", {Shard(1, 0, 2)}}, {"b.db", {other_commit}}},
       "cannot merge the shards of config c0ffee (experiment 'demo', best_of_n, algorithm.n=4): "
       "they differ in git commit: abc in 'a.db' (run 1), def in 'b.db' (run 2)"},
      {{{"a.db", {Shard(1, 0, 2)}}, {"b.db", {other_models}}},
       "cannot merge the shards of config c0ffee (experiment 'demo', best_of_n, algorithm.n=4): "
       "they differ in model files: {} in 'a.db' (run 1), {\"policy.pt\":\"1234\"} in 'b.db' "
       "(run 2)"},
      {{{"a.db", {Shard(1, 0, 1)}}, {"copy.db", {Shard(1, 0, 1)}}},
       "cannot merge: the run of config c0ffee (experiment 'demo', best_of_n, algorithm.n=4) is "
       "in both 'a.db' (run 1) and 'copy.db' (run 1) (the same run twice)"},
  };
  for (const Case& c : cases) {
    auto plan = PlanMerge(c.inputs);
    ASSERT_FALSE(plan.ok()) << c.message;
    EXPECT_EQ(plan.status().message(), c.message);
  }
}

TEST(MergePlanTest, RefusesRunsTheOutputAlreadyHolds) {
  const std::vector<MergeInput> inputs = {
      {"s0.db", {Shard(1, 0, 2)}}, {"s1.db", {Shard(1, 1, 2)}}, {"u.db", {[] {
                                                                   RunRecord r = Shard(3, 0, 1);
                                                                   r.info.config_hash = "beef";
                                                                   return r;
                                                                 }()}}};
  auto plan = PlanMerge(inputs);
  ASSERT_TRUE(plan.ok());
  EXPECT_TRUE(CheckNotYetMerged(*plan, inputs, "out.db", {{.id = 9, .config_hash = "other"}}).ok());
  // A later run of the copied config is fine; the same run is not.
  EXPECT_TRUE(CheckNotYetMerged(*plan, inputs, "out.db",
                                {{.id = 9, .config_hash = "beef", .created_at_us = 1}})
                  .ok());
  EXPECT_EQ(CheckNotYetMerged(*plan, inputs, "out.db",
                              {{.id = 9, .config_hash = "beef", .created_at_us = 1000}})
                .message(),
            "cannot merge 'u.db' (run 3) into 'out.db': it already holds that run (run 9)");
  EXPECT_EQ(
      CheckNotYetMerged(*plan, inputs, "out.db", {{.id = 4, .config_hash = "c0ffee"}}).message(),
      "cannot merge the shards of config c0ffee (experiment 'demo', best_of_n, "
      "algorithm.n=4) into 'out.db': it already holds run 4 of that config; merge into a "
      "new file");
}

}  // namespace
}  // namespace ponder::traces
