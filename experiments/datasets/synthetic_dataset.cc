// Synthetic arithmetic problems (policies/synthetic), generated from a seed.
#include "experiments/datasets/datasets.h"
#include "policies/synthetic/arithmetic_task.h"
#include "search/base/rng.h"

namespace ponder::experiments {
namespace {

struct SyntheticOptions {
  int count = 50;
  int terms = 6;
  int64_t max_value = 99;
  int64_t seed = 0;

  void Bind(ParamBinder& b) {
    b.Int("count", &count, 1, 1 << 24, "problems generated");
    b.Int("terms", &terms, 2, 1000, "numbers to add per problem (steps = terms - 1)");
    b.Int64("max_value", &max_value, 1, int64_t{1} << 40, "numbers are drawn from 1..max_value");
    b.Int64("seed", &seed, 0, ParamBinder::kMaxInt, "generator seed");
  }
  Status Validate() const { return OkStatus(); }
};

StatusOr<std::unique_ptr<Dataset>> Generate(const SyntheticOptions& o, const ComponentEnv&) {
  auto dataset = std::make_unique<Dataset>();
  dataset->label = "synthetic arithmetic";
  Rng rng(static_cast<uint64_t>(o.seed));
  for (int i = 0; i < o.count; ++i) {
    synthetic::ArithmeticTask task;
    for (int t = 0; t < o.terms; ++t) {
      task.terms.push_back(
          1 + static_cast<int64_t>(rng.UniformInt(static_cast<uint64_t>(o.max_value))));
    }
    char id[32];
    std::snprintf(id, sizeof id, "synthetic/%05d", i);
    DatasetItem item{.problem = synthetic::MakeProblem(id, task),
                     .reference = {.answer = std::to_string(task.Sum())}};
    item.problem.attributes["task"] = "synthetic";
    dataset->items.push_back(std::move(item));
  }
  return dataset;
}

}  // namespace

void RegisterSyntheticDataset(DatasetRegistry& registry) {
  RegisterComponent<SyntheticOptions, Dataset>(
      registry, "dataset", "synthetic_arithmetic",
      "generated addition problems for zero-cost simulated models", Generate);
}

}  // namespace ponder::experiments
