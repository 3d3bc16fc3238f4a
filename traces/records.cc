#include "traces/records.h"

#include <chrono>
#include <cstdio>

#include "traces/enum_names.h"

namespace ponder::traces {

std::string_view RunStatusName(RunStatus status) {
  switch (status) {
    case RunStatus::kRunning:
      return "running";
    case RunStatus::kFinished:
      return "finished";
    case RunStatus::kFailed:
      return "failed";
  }
  return "unknown";
}

std::optional<RunStatus> ParseRunStatus(std::string_view name) {
  return ParseEnumName(name, RunStatus::kFailed, &RunStatusName);
}

std::string_view ProblemStatusName(ProblemStatus status) {
  switch (status) {
    case ProblemStatus::kStarted:
      return "started";
    case ProblemStatus::kFinished:
      return "finished";
    case ProblemStatus::kFailed:
      return "failed";
  }
  return "unknown";
}

std::optional<ProblemStatus> ParseProblemStatus(std::string_view name) {
  return ParseEnumName(name, ProblemStatus::kFailed, &ProblemStatusName);
}

Status RunInfo::Validate() const {
  if (name.empty()) return InvalidArgumentError("run name is empty");
  if (config_hash.empty()) return InvalidArgumentError("run config_hash is empty");
  if (shard_count < 1) {
    return InvalidArgumentError("run shard_count is " + std::to_string(shard_count) +
                                "; expected at least 1");
  }
  if (shard_index < 0 || shard_index >= shard_count) {
    return InvalidArgumentError("run shard_index is " + std::to_string(shard_index) +
                                "; expected 0 <= shard_index < shard_count (" +
                                std::to_string(shard_count) + ")");
  }
  if (problem_count < 0) {
    return InvalidArgumentError("run problem_count is " + std::to_string(problem_count) +
                                "; expected 0 or more");
  }
  return OkStatus();
}

std::string ContentHash(std::string_view text) {
  uint64_t hash = 0xcbf29ce484222325ull;  // FNV-1a 64-bit offset basis and prime
  for (char c : text) {
    hash ^= static_cast<unsigned char>(c);
    hash *= 0x100000001b3ull;
  }
  char out[17];
  std::snprintf(out, sizeof(out), "%016llx", static_cast<unsigned long long>(hash));
  return out;
}

int64_t UnixMicrosNow() {
  return std::chrono::duration_cast<std::chrono::microseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace ponder::traces
