#include "experiments/shared_resources.h"

namespace ponder::experiments {

StatusOr<sandbox::SandboxPool*> SharedResources::SandboxPool() {
  std::lock_guard lock(mu_);
  if (!pool_) {
    PONDER_ASSIGN_OR_RETURN(pool_, sandbox::SandboxPool::Create(pool_options_));
  }
  return pool_.get();
}

}  // namespace ponder::experiments
