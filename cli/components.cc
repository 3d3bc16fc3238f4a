#include "cli/components.h"

#if PONDER_WITH_TORCH
#include "experiments/model_components.h"
#endif

namespace ponder::cli {

void RegisterAllComponents(experiments::Components& components) {
  experiments::RegisterBuiltinComponents(components);
#if PONDER_WITH_TORCH
  experiments::RegisterModelComponents(components);
#endif
}

}  // namespace ponder::cli
