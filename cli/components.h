// The components the `ponder` binary offers: everything built in, plus the
// LibTorch-backed models when the build has them.
#pragma once

#include "experiments/components.h"

namespace ponder::cli {

void RegisterAllComponents(experiments::Components& components);

}  // namespace ponder::cli
