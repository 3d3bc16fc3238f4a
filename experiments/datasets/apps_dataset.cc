// APPS problems with their tests (Hendrycks et al. 2021). The shared subset
// comes from APPS's *train* split: its label says so in every report.
//
// The search sees the question, the starter code and the public tests (the
// first `public_tests` share of each problem's tests, at least one); the
// grader checks all tests, as APPS reports strict accuracy and the test-case
// average over every test.
#include <cmath>
#include <set>

#include "experiments/datasets/datasets.h"
#include "experiments/datasets/jsonl_reader.h"

namespace ponder::experiments {
namespace {

struct AppsOptions {
  std::string path;
  std::string label = "APPS (train split subset)";
  double public_tests = 0.5;

  void Bind(ParamBinder& b) {
    b.String("path", &path, "the APPS JSONL file, relative to the config's folder");
    b.String("label", &label, "the data set's name in reports");
    b.Double("public_tests", &public_tests, 0, 1,
             "share of each problem's tests the search may see (at least one)");
  }
  Status Validate() const {
    if (path.empty()) return InvalidArgumentError("path: the dataset file must be given");
    return OkStatus();
  }
};

nlohmann::json Tests(const nlohmann::json& inputs, const nlohmann::json& outputs,
                     const nlohmann::json& fn_name, size_t count) {
  nlohmann::json tests = {{"inputs", nlohmann::json::array()},
                          {"outputs", nlohmann::json::array()}};
  for (size_t i = 0; i < count; ++i) {
    tests["inputs"].push_back(inputs[i]);
    tests["outputs"].push_back(outputs[i]);
  }
  if (fn_name.is_string()) tests["fn_name"] = fn_name;
  return tests;
}

StatusOr<std::unique_ptr<Dataset>> ReadApps(const AppsOptions& o, const ComponentEnv& env) {
  auto dataset = std::make_unique<Dataset>();
  dataset->label = o.label;
  const std::filesystem::path path = env.base_dir / o.path;
  std::set<std::string> ids;
  PONDER_RETURN_IF_ERROR(ReadJsonl(path, [&](int line, const nlohmann::json& object) -> Status {
    const std::string where = path.string() + ":" + std::to_string(line);
    DatasetItem item;
    PONDER_ASSIGN_OR_RETURN(item.problem.id, StringField(object, "id", where));
    if (item.problem.id.empty()) return InvalidArgumentError(where + ": empty id");
    if (!ids.insert(item.problem.id).second) {
      return InvalidArgumentError(where + ": duplicate id '" + item.problem.id + "'");
    }
    PONDER_ASSIGN_OR_RETURN(item.problem.prompt, StringField(object, "question", where));
    const nlohmann::json& inputs = object.value("inputs", nlohmann::json());
    const nlohmann::json& outputs = object.value("outputs", nlohmann::json());
    if (!inputs.is_array() || !outputs.is_array()) {
      return InvalidArgumentError(where + ": fields 'inputs' and 'outputs' must be lists");
    }
    if (inputs.size() != outputs.size() || inputs.empty()) {
      return InvalidArgumentError(where + ": 'inputs' and 'outputs' must be non-empty lists of " +
                                  "equal length (got " + std::to_string(inputs.size()) + " and " +
                                  std::to_string(outputs.size()) + ")");
    }
    const nlohmann::json fn_name = object.value("fn_name", nlohmann::json());
    const size_t shown = std::max<size_t>(
        1, static_cast<size_t>(std::floor(o.public_tests * static_cast<double>(inputs.size()))));
    item.problem.attributes["task"] = "code";
    item.problem.attributes["public_tests"] = Tests(inputs, outputs, fn_name, shown).dump();
    if (fn_name.is_string()) item.problem.attributes["fn_name"] = fn_name.get<std::string>();
    item.problem.attributes["starter_code"] = object.value("starter_code", "");
    item.problem.attributes["difficulty"] = object.value("difficulty", "");
    item.reference.tests_json = Tests(inputs, outputs, fn_name, inputs.size()).dump();
    dataset->items.push_back(std::move(item));
    return OkStatus();
  }));
  return dataset;
}

}  // namespace

void RegisterAppsDataset(DatasetRegistry& registry) {
  RegisterComponent<AppsOptions, Dataset>(registry, "dataset", "apps",
                                          "APPS coding problems with stdin and call-based tests",
                                          ReadApps);
}

}  // namespace ponder::experiments
