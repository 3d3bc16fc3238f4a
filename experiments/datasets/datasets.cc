#include "experiments/datasets/datasets.h"

namespace ponder::experiments {

void RegisterJsonlDatasets(DatasetRegistry& registry);
void RegisterAppsDataset(DatasetRegistry& registry);
void RegisterSyntheticDataset(DatasetRegistry& registry);

void RegisterBuiltinDatasets(DatasetRegistry& registry) {
  RegisterJsonlDatasets(registry);
  RegisterAppsDataset(registry);
  RegisterSyntheticDataset(registry);
}

}  // namespace ponder::experiments
