// The dataset readers that ship with ponder.
#pragma once

#include "experiments/components.h"

namespace ponder::experiments {

// math500, aime2024, jsonl (any JSONL with a field mapping), apps, synthetic_arithmetic.
void RegisterBuiltinDatasets(DatasetRegistry& registry);

}  // namespace ponder::experiments
