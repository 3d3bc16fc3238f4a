#include "traces/merge_plan.h"

#include <algorithm>
#include <map>

#include "traces/json_columns.h"

namespace ponder::traces {
namespace {

std::string Where(const std::vector<MergeInput>& inputs, const RunSource& s) {
  return "'" + inputs[s.input].path + "' (run " + std::to_string(s.run.id) + ")";
}

std::string Shard(const RunInfo& info) {
  return std::to_string(info.shard_index) + "/" + std::to_string(info.shard_count);
}

// The shards of one config must come from one build with the same models.
Status CheckSameBuild(const std::vector<MergeInput>& inputs, const std::vector<RunSource>& parts) {
  const RunSource& first = parts.front();
  for (const RunSource& other : parts) {
    struct Field {
      const char* what;
      std::string a, b;
    } fields[] = {
        {"ponder version", first.run.info.ponder_version, other.run.info.ponder_version},
        {"git commit", first.run.info.git_commit, other.run.info.git_commit},
        {"model files", StringMapToJson(first.run.info.model_hashes),
         StringMapToJson(other.run.info.model_hashes)},
    };
    for (const Field& f : fields) {
      if (f.a == f.b) continue;
      return FailedPreconditionError("cannot merge the shards of " +
                                     DescribeConfig(first.run.info) + ": they differ in " + f.what +
                                     ": " + f.a + " in " + Where(inputs, first) + ", " + f.b +
                                     " in " + Where(inputs, other));
    }
  }
  return OkStatus();
}

// Fills in a merged run's record from its shards.
void Summarise(const std::vector<MergeInput>& inputs, PlannedRun& planned) {
  std::vector<std::string> missing, unfinished;
  size_t next = 0;
  for (int64_t index = 0; index < planned.shard_count; ++index) {
    if (next < planned.parts.size() && planned.parts[next].run.info.shard_index == index) {
      const RunSource& part = planned.parts[next++];
      if (part.run.status != RunStatus::kFinished) {
        unfinished.push_back("shard " + std::to_string(index) + " in " + Where(inputs, part) +
                             " is " + std::string(RunStatusName(part.run.status)));
      }
    } else {
      missing.push_back(std::to_string(index));
    }
  }
  planned.created_at_us = planned.parts.front().run.created_at_us;
  for (const RunSource& part : planned.parts) {
    planned.problem_count += part.run.info.problem_count;
    planned.resume_count += part.run.resume_count;
    planned.created_at_us = std::min(planned.created_at_us, part.run.created_at_us);
    planned.finished_at_us = std::max(planned.finished_at_us, part.run.finished_at_us);
  }
  if (missing.empty() && unfinished.empty()) {
    planned.status = RunStatus::kFinished;
    return;
  }
  planned.status = RunStatus::kFailed;
  planned.error = "merged from " + std::to_string(planned.parts.size()) + " of " +
                  std::to_string(planned.shard_count) + " shards";
  if (!missing.empty()) {
    planned.error += "; missing shard(s) ";
    for (size_t i = 0; i < missing.size(); ++i) planned.error += (i ? ", " : "") + missing[i];
  }
  for (const std::string& why : unfinished) planned.error += "; " + why;
}

}  // namespace

std::string DescribeConfig(const RunInfo& info) {
  std::string text =
      "config " + info.config_hash + " (experiment '" + info.name + "', " + info.algorithm;
  for (const auto& [key, value] : info.sweep.values()) text += ", " + key + "=" + value.ToString();
  return text + ")";
}

StatusOr<std::vector<PlannedRun>> PlanMerge(const std::vector<MergeInput>& inputs) {
  std::vector<PlannedRun> plan;
  std::map<std::string, size_t> shard_groups;                   // config_hash -> position in plan
  std::map<std::pair<std::string, int64_t>, RunSource> copies;  // (hash, created) -> source
  std::map<std::string, RunSource> unsharded;  // config_hash -> first unsharded run
  for (size_t i = 0; i < inputs.size(); ++i) {
    for (const RunRecord& run : inputs[i].runs) {
      const RunSource source{.input = i, .run = run};
      const RunInfo& info = run.info;
      if (info.shard_count == 1) {
        auto [it, added] = copies.emplace(std::pair(info.config_hash, run.created_at_us), source);
        if (!added) {
          return FailedPreconditionError("cannot merge: the run of " + DescribeConfig(info) +
                                         " is in both " + Where(inputs, it->second) + " and " +
                                         Where(inputs, source) + " (the same run twice)");
        }
        unsharded.emplace(info.config_hash, source);
        plan.push_back({.parts = {source}});
        continue;
      }
      auto [it, added] = shard_groups.emplace(info.config_hash, plan.size());
      if (added) {
        plan.push_back({.parts = {source}, .merged = true, .shard_count = info.shard_count});
        continue;
      }
      PlannedRun& group = plan[it->second];
      const RunSource& first = group.parts.front();
      if (info.shard_count != group.shard_count) {
        return FailedPreconditionError("cannot merge the shards of " + DescribeConfig(info) + ": " +
                                       Where(inputs, first) + " is shard " + Shard(first.run.info) +
                                       " but " + Where(inputs, source) + " is shard " +
                                       Shard(info) + "; merge the shards of one split");
      }
      for (const RunSource& other : group.parts) {
        if (other.run.info.shard_index == info.shard_index) {
          return FailedPreconditionError("cannot merge: shard " + Shard(info) + " of " +
                                         DescribeConfig(info) + " is in both " +
                                         Where(inputs, other) + " and " + Where(inputs, source));
        }
      }
      group.parts.push_back(source);
    }
  }
  for (PlannedRun& planned : plan) {
    if (!planned.merged) continue;
    const RunSource& first = planned.parts.front();
    if (auto it = unsharded.find(first.run.info.config_hash); it != unsharded.end()) {
      return FailedPreconditionError(
          "cannot merge the shards of " + DescribeConfig(first.run.info) + ": " +
          Where(inputs, it->second) + " is an unsharded run of it (shard 0/1) but " +
          Where(inputs, first) + " is shard " + Shard(first.run.info) +
          "; merge the shards of one split");
    }
    std::sort(planned.parts.begin(), planned.parts.end(), [](const auto& a, const auto& b) {
      return a.run.info.shard_index < b.run.info.shard_index;
    });
    PONDER_RETURN_IF_ERROR(CheckSameBuild(inputs, planned.parts));
    Summarise(inputs, planned);
  }
  return plan;
}

Status CheckNotYetMerged(const std::vector<PlannedRun>& plan, const std::vector<MergeInput>& inputs,
                         const std::string& output_path, const std::vector<ExistingRun>& output) {
  for (const PlannedRun& planned : plan) {
    const RunSource& first = planned.parts.front();
    for (const ExistingRun& existing : output) {
      if (existing.config_hash != first.run.info.config_hash) continue;
      if (planned.merged) {
        return FailedPreconditionError("cannot merge the shards of " +
                                       DescribeConfig(first.run.info) + " into '" + output_path +
                                       "': it already holds run " + std::to_string(existing.id) +
                                       " of that config; merge into a new file");
      }
      if (existing.created_at_us == first.run.created_at_us) {
        return FailedPreconditionError("cannot merge " + Where(inputs, first) + " into '" +
                                       output_path + "': it already holds that run (run " +
                                       std::to_string(existing.id) + ")");
      }
    }
  }
  return OkStatus();
}

}  // namespace ponder::traces
