#include "experiments/shared_resources.h"

namespace ponder::experiments {

StatusOr<sandbox::SandboxPool*> SharedResources::SandboxPool() {
  std::lock_guard lock(mu_);
  if (!pool_) {
    PONDER_ASSIGN_OR_RETURN(pool_, sandbox::SandboxPool::Create(pool_options_));
  }
  return pool_.get();
}

void SharedResources::AddModelPath(std::filesystem::path path) {
  std::lock_guard lock(mu_);
  model_paths_.push_back(std::move(path));
}

std::vector<std::filesystem::path> SharedResources::model_paths() {
  std::lock_guard lock(mu_);
  return model_paths_;
}

}  // namespace ponder::experiments
