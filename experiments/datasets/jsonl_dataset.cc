// Problems with a reference answer from a JSONL file: MATH500, AIME 2024, or any
// JSONL whose fields a config maps (`jsonl`).
#include <set>

#include "experiments/datasets/datasets.h"
#include "experiments/datasets/jsonl_reader.h"

namespace ponder::experiments {
namespace {

struct JsonlOptions {
  std::string path;
  std::string id_field = "id";
  std::string prompt_field = "problem";
  std::string answer_field = "answer";
  std::string label = "JSONL";
  // Further fields copied into Problem::attributes when present (comma-separated).
  std::string attribute_fields;

  void Bind(ParamBinder& b) {
    b.String("path", &path, "the JSONL file, relative to the config's folder");
    b.String("id_field", &id_field, "field holding the unique problem id");
    b.String("prompt_field", &prompt_field, "field holding the question");
    b.String("answer_field", &answer_field, "field holding the reference answer");
    b.String("label", &label, "the data set's name in reports");
    b.String("attribute_fields", &attribute_fields,
             "comma-separated fields passed to the policy as problem attributes");
  }
  Status Validate() const {
    if (path.empty()) return InvalidArgumentError("path: the dataset file must be given");
    return OkStatus();
  }
};

std::vector<std::string> SplitCommas(const std::string& text) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start <= text.size()) {
    const size_t comma = std::min(text.find(',', start), text.size());
    const std::string part = text.substr(start, comma - start);
    if (!part.empty()) out.push_back(part);
    start = comma + 1;
  }
  return out;
}

StatusOr<std::unique_ptr<Dataset>> ReadJsonlDataset(const JsonlOptions& o,
                                                    const ComponentEnv& env) {
  auto dataset = std::make_unique<Dataset>();
  dataset->label = o.label;
  const std::filesystem::path path = env.base_dir / o.path;
  const std::vector<std::string> attributes = SplitCommas(o.attribute_fields);
  std::set<std::string> ids;
  PONDER_RETURN_IF_ERROR(ReadJsonl(path, [&](int line, const nlohmann::json& object) -> Status {
    const std::string where = path.string() + ":" + std::to_string(line);
    DatasetItem item;
    PONDER_ASSIGN_OR_RETURN(item.problem.id, StringField(object, o.id_field, where));
    if (item.problem.id.empty()) return InvalidArgumentError(where + ": empty id");
    if (!ids.insert(item.problem.id).second) {
      return InvalidArgumentError(where + ": duplicate id '" + item.problem.id + "'");
    }
    PONDER_ASSIGN_OR_RETURN(item.problem.prompt, StringField(object, o.prompt_field, where));
    PONDER_ASSIGN_OR_RETURN(item.reference.answer, StringField(object, o.answer_field, where));
    item.problem.attributes["task"] = "math";
    for (const std::string& field : attributes) {
      if (object.contains(field)) {
        PONDER_ASSIGN_OR_RETURN(item.problem.attributes[field], StringField(object, field, where));
      }
    }
    dataset->items.push_back(std::move(item));
    return OkStatus();
  }));
  return dataset;
}

// A named preset takes only the path; fields and label are the data set's own.
struct PresetOptions {
  std::string path;

  void Bind(ParamBinder& b) {
    b.String("path", &path, "the JSONL file, relative to the config's folder");
  }
  Status Validate() const {
    if (path.empty()) return InvalidArgumentError("path: the dataset file must be given");
    return OkStatus();
  }
};

void RegisterPreset(DatasetRegistry& registry, std::string name, std::string summary,
                    JsonlOptions preset) {
  RegisterComponent<PresetOptions, Dataset>(
      registry, "dataset", std::move(name), std::move(summary),
      [preset](const PresetOptions& o, const ComponentEnv& env) {
        JsonlOptions options = preset;
        options.path = o.path;
        return ReadJsonlDataset(options, env);
      });
}

}  // namespace

void RegisterJsonlDatasets(DatasetRegistry& registry) {
  RegisterComponent<JsonlOptions, Dataset>(registry, "dataset", "jsonl",
                                           "any JSONL file with a field mapping", ReadJsonlDataset);
  RegisterPreset(registry, "math500", "MATH500: the 500-problem PRM800K test subset of MATH",
                 {.label = "MATH500", .attribute_fields = "subject,level"});
  RegisterPreset(registry, "aime2024", "AIME 2024 I and II (30 problems)",
                 {.label = "AIME 2024", .attribute_fields = "contest,problem_number"});
}

}  // namespace ponder::experiments
