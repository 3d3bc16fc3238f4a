// SharedResources: what the components of one run share instead of each
// building its own: the sandbox pool (the code scorer and the code grader run
// programs through one pool and one result cache, so a program PG-TD scored is
// not run again for grading's public tests), and the list of model files the
// run's components loaded (fingerprinted into the run's record).
//
// Created lazily on first use. Thread-safety: every method may be called from any thread.
#pragma once

#include <filesystem>
#include <memory>
#include <mutex>
#include <vector>

#include "sandbox/pool.h"
#include "search/base/status.h"

namespace ponder::experiments {

class SharedResources {
 public:
  explicit SharedResources(sandbox::PoolOptions pool_options)
      : pool_options_(std::move(pool_options)) {}

  StatusOr<sandbox::SandboxPool*> SandboxPool();

  // A component loaded a model from `path` (a folder or a file).
  void AddModelPath(std::filesystem::path path);
  std::vector<std::filesystem::path> model_paths();

 private:
  sandbox::PoolOptions pool_options_;
  std::mutex mu_;
  std::unique_ptr<sandbox::SandboxPool> pool_;
  std::vector<std::filesystem::path> model_paths_;
};

}  // namespace ponder::experiments
