#include "experiments/config.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <charconv>
#include <fstream>
#include <map>
#include <regex>
#include <sstream>

namespace ponder::experiments {
namespace {

// Sections holding a component: `name` plus that component's params.
constexpr std::string_view kComponentSections[] = {"dataset", "policy",  "scorer",
                                                   "grader",  "answers", "algorithm"};
// Sections holding plain settings.
constexpr std::string_view kSettingSections[] = {"search", "budget", "runner"};
constexpr std::string_view kTopScalars[] = {"name", "description", "seed"};

template <size_t N>
bool Contains(const std::string_view (&list)[N], std::string_view key) {
  return std::find(std::begin(list), std::end(list), key) != std::end(list);
}

// The origin of every value given on the command line starts with this.
constexpr std::string_view kOverrideOrigin = "--set ";

std::string Where(const std::string& file, const YAML::Mark& mark) {
  // An override's value is parsed on its own: a position inside it would only add noise.
  if (mark.is_null() || file.starts_with(kOverrideOrigin)) return file;
  return file + ":" + std::to_string(mark.line + 1) + ":" + std::to_string(mark.column + 1);
}

std::string KnownTopKeys() {
  std::string out;
  for (auto list : {std::span<const std::string_view>(kTopScalars),
                    std::span<const std::string_view>(kComponentSections),
                    std::span<const std::string_view>(kSettingSections)}) {
    for (std::string_view k : list) out += (out.empty() ? "" : ", ") + std::string(k);
  }
  return out + ", sweep";
}

StatusOr<ParamValue> ScalarValue(const YAML::Node& node, const std::string& origin,
                                 const std::string& key) {
  const std::string& text = node.Scalar();
  if (node.Tag() == "!") return ParamValue(text, origin);  // quoted: always a string
  if (text == "true" || text == "True") return ParamValue(true, origin);
  if (text == "false" || text == "False") return ParamValue(false, origin);
  if (text.empty() || text == "~" || text == "null") {
    return InvalidArgumentError(key + " (" + origin + "): expected a value, got nothing");
  }
  static const std::regex kInt("[-+]?[0-9]+");
  static const std::regex kFloat("[-+]?([0-9]*\\.[0-9]+|[0-9]+\\.?[0-9]*)([eE][-+]?[0-9]+)?");
  // from_chars, not stod: a number beyond its type's range is an error here, not an exception.
  auto number = [&]<class T>(T value, std::string_view kind) -> StatusOr<ParamValue> {
    const char* begin = text.data() + (text[0] == '+' ? 1 : 0);
    if (std::from_chars(begin, text.data() + text.size(), value).ec != std::errc()) {
      return InvalidArgumentError(key + " (" + origin + "): " + std::string(kind) +
                                  " out of range: " + text);
    }
    return ParamValue(value, origin);
  };
  if (std::regex_match(text, kInt)) return number(int64_t{0}, "integer");
  if (std::regex_match(text, kFloat)) return number(0.0, "number");
  return ParamValue(text, origin);
}

StatusOr<ParamValue> ToParamValue(const YAML::Node& node, const std::string& file,
                                  const std::string& key) {
  const std::string origin = Where(file, node.Mark());
  if (node.IsScalar()) return ScalarValue(node, origin, key);
  if (node.IsSequence()) {
    ParamValue::List list;
    for (const YAML::Node& item : node) {
      if (!item.IsScalar()) {
        return InvalidArgumentError(key + " (" + Where(file, item.Mark()) +
                                    "): expected a list of plain values");
      }
      PONDER_ASSIGN_OR_RETURN(ParamValue v, ScalarValue(item, Where(file, item.Mark()), key));
      list.push_back(std::move(v));
    }
    return ParamValue(ParamValue::Variant(std::move(list)), origin);
  }
  return InvalidArgumentError(key + " (" + origin + "): expected a value or a list of values, " +
                              "not a " + (node.IsMap() ? "mapping" : "null"));
}

// The config as sections of key -> value; "" holds the top-level scalars.
struct ConfigTree {
  std::map<std::string, Params> sections;
  std::map<std::string, std::string> section_origins;
  std::vector<std::pair<std::string, ParamValue>> sweep;  // "section.key" -> list, in file order
};

Status SetPath(ConfigTree& tree, const std::string& path, ParamValue value,
               const std::string& where) {
  const size_t dot = path.find('.');
  if (dot == std::string::npos) {
    if (!Contains(kTopScalars, path)) {
      return InvalidArgumentError(where + ": unknown key '" + path +
                                  "'; expected one of: " + KnownTopKeys());
    }
    tree.sections[""].Set(path, std::move(value));
    return OkStatus();
  }
  const std::string section = path.substr(0, dot), key = path.substr(dot + 1);
  if (section == "sweep") {
    auto it = std::find_if(tree.sweep.begin(), tree.sweep.end(),
                           [&](const auto& axis) { return axis.first == key; });
    if (it != tree.sweep.end()) {
      it->second = std::move(value);
    } else {
      tree.sweep.emplace_back(key, std::move(value));
    }
    return OkStatus();
  }
  if (!Contains(kComponentSections, section) && !Contains(kSettingSections, section)) {
    return InvalidArgumentError(where + ": unknown section '" + section +
                                "'; expected one of: " + KnownTopKeys());
  }
  if (key.empty() || key.find('.') != std::string::npos) {
    return InvalidArgumentError(where + ": '" + path + "' must be section.key");
  }
  tree.sections[section].Set(key, std::move(value));
  return OkStatus();
}

StatusOr<ConfigTree> ReadTree(const YAML::Node& root, const std::string& file) {
  ConfigTree tree;
  if (!root.IsMap()) {
    return InvalidArgumentError(file + ": expected a mapping of sections (dataset:, policy:, ...)");
  }
  // YAML forbids a key twice in one mapping, but yaml-cpp keeps both; a second `algorithm:`
  // would otherwise merge silently into the first.
  std::map<std::string, std::string> first_seen;  // path -> where
  auto check_unique = [&](const std::string& path, const std::string& where) -> Status {
    const auto [it, inserted] = first_seen.emplace(path, where);
    if (inserted) return OkStatus();
    return InvalidArgumentError("duplicate key '" + path + "' (" + where + "); first at " +
                                it->second);
  };
  for (const auto& entry : root) {
    const std::string key = entry.first.as<std::string>();
    const YAML::Node& value = entry.second;
    const std::string where = Where(file, entry.first.Mark());
    PONDER_RETURN_IF_ERROR(check_unique(key, where));
    if (Contains(kTopScalars, key)) {
      PONDER_ASSIGN_OR_RETURN(ParamValue v, ToParamValue(value, file, key));
      tree.sections[""].Set(key, std::move(v));
      continue;
    }
    const bool is_sweep = key == "sweep";
    if (!is_sweep && !Contains(kComponentSections, key) && !Contains(kSettingSections, key)) {
      return InvalidArgumentError("unknown key '" + key + "' (" + where +
                                  "); expected one of: " + KnownTopKeys());
    }
    if (!value.IsMap()) {
      return InvalidArgumentError(key + " (" + where + "): expected a mapping of settings");
    }
    tree.section_origins[key] = where;
    if (!is_sweep) tree.sections[key];  // present even when empty
    for (const auto& item : value) {
      const std::string sub = item.first.as<std::string>();
      PONDER_RETURN_IF_ERROR(check_unique(key + "." + sub, Where(file, item.first.Mark())));
      PONDER_ASSIGN_OR_RETURN(ParamValue v, ToParamValue(item.second, file, key + "." + sub));
      PONDER_RETURN_IF_ERROR(SetPath(tree, key + "." + sub, std::move(v), where));
    }
  }
  return tree;
}

Status ApplyOverride(ConfigTree& tree, const std::string& text) {
  const std::string where = std::string(kOverrideOrigin) + text;
  const size_t eq = text.find('=');
  if (eq == std::string::npos || eq == 0) {
    return InvalidArgumentError(where + ": expected key.path=value");
  }
  const std::string path = text.substr(0, eq);
  YAML::Node node;
  try {
    node = YAML::Load(text.substr(eq + 1));
  } catch (const YAML::Exception& e) {
    return InvalidArgumentError(where + ": the value is not valid YAML: " + e.msg);
  }
  if (node.IsNull()) return InvalidArgumentError(where + ": expected a value after '='");
  PONDER_ASSIGN_OR_RETURN(ParamValue value, ToParamValue(node, where, path));
  value = ParamValue(value.value(), where);
  return SetPath(tree, path, std::move(value), where);
}

StatusOr<std::string> StringValue(const Params& params, const std::string& key,
                                  const std::string& name) {
  const ParamValue* v = params.Find(key);
  if (v == nullptr) return NotFoundError("");
  const auto* s = std::get_if<std::string>(&v->value());
  if (s == nullptr || s->empty()) {
    return InvalidArgumentError(name + " (" + v->origin() + "): expected a string, got " +
                                v->ToString());
  }
  return *s;
}

// Splits a component section into its `name` and the component's params.
StatusOr<std::optional<ComponentSpec>> Component(const ConfigTree& tree, const std::string& section,
                                                 const std::string& file, bool required) {
  auto it = tree.sections.find(section);
  if (it == tree.sections.end()) {
    if (!required) return std::optional<ComponentSpec>();
    return InvalidArgumentError(file + ": missing section '" + section + ":' (with a 'name:')");
  }
  ComponentSpec spec;
  auto origin = tree.section_origins.find(section);
  spec.origin = origin == tree.section_origins.end() ? file : origin->second;
  StatusOr<std::string> name = StringValue(it->second, "name", section + ".name");
  if (!name.ok()) {
    if (name.status().code() != StatusCode::kNotFound) return name.status();
    return InvalidArgumentError(section + " (" + spec.origin + "): missing 'name:'");
  }
  spec.name = *name;
  for (const auto& [key, value] : it->second.values()) {
    if (key != "name") spec.params.Set(key, value);
  }
  return std::optional<ComponentSpec>(std::move(spec));
}

// Every setting as one `section.key=value` entry, sorted. A string value may hold line breaks,
// so an entry is not always one line of the canonical text.
std::vector<std::string> CanonicalEntries(const ConfigTree& tree) {
  std::vector<std::string> entries;
  for (const auto& [section, params] : tree.sections) {
    for (const auto& [key, value] : params.values()) {
      entries.push_back((section.empty() ? "" : section + ".") + key + "=" + value.ToString());
    }
  }
  std::sort(entries.begin(), entries.end());
  return entries;
}

// Settings that change how a run executes but not its results.
constexpr std::string_view kExecutionKeys[] = {
    "description=", "runner.threads=", "runner.batch_size=", "runner.batch_wait_us=",
    "runner.sandbox_workers="};

std::string Canonical(const std::vector<std::string>& entries) {
  std::string out;
  for (const std::string& entry : entries) out += entry + "\n";
  return out;
}

// The canonical text without the execution settings, entry by entry.
std::string Identity(const std::vector<std::string>& entries) {
  std::string out;
  for (const std::string& entry : entries) {
    bool execution = false;
    for (std::string_view key : kExecutionKeys) execution = execution || entry.starts_with(key);
    if (!execution) out += entry + "\n";
  }
  return out;
}

StatusOr<RunConfig> Resolve(ConfigTree tree, const std::string& file) {
  RunConfig run;
  const Params& top = tree.sections[""];
  if (const ParamValue* seed = top.Find("seed")) {
    const auto* i = std::get_if<int64_t>(&seed->value());
    if (i == nullptr || *i < 0) {
      return InvalidArgumentError("seed (" + seed->origin() + "): expected an integer >= 0, got " +
                                  seed->ToString());
    }
    run.seed = *i;
  }
  StatusOr<std::string> name = StringValue(top, "name", "name");
  if (name.ok()) {
    run.name = *name;
  } else if (name.status().code() != StatusCode::kNotFound) {
    return name.status();
  }
  // description is for readers only.
  PONDER_ASSIGN_OR_RETURN(auto dataset, Component(tree, "dataset", file, true));
  PONDER_ASSIGN_OR_RETURN(auto policy, Component(tree, "policy", file, true));
  PONDER_ASSIGN_OR_RETURN(auto grader, Component(tree, "grader", file, true));
  PONDER_ASSIGN_OR_RETURN(auto algorithm, Component(tree, "algorithm", file, true));
  PONDER_ASSIGN_OR_RETURN(run.scorer, Component(tree, "scorer", file, false));
  PONDER_ASSIGN_OR_RETURN(run.answers, Component(tree, "answers", file, false));
  run.dataset = std::move(*dataset);
  run.policy = std::move(*policy);
  run.grader = std::move(*grader);
  run.algorithm = std::move(*algorithm);

  // `limit` applies to every dataset, so it is read here rather than by each reader.
  Params dataset_params;
  for (const auto& [key, value] : run.dataset.params.values()) {
    if (key != "limit") {
      dataset_params.Set(key, value);
      continue;
    }
    const auto* i = std::get_if<int64_t>(&value.value());
    if (i == nullptr || *i < 0) {
      return InvalidArgumentError("dataset.limit (" + value.origin() +
                                  "): expected an integer >= 0, got " + value.ToString());
    }
    run.limit = *i;
  }
  run.dataset.params = std::move(dataset_params);
  run.search = tree.sections["search"];
  run.budget = tree.sections["budget"];
  run.runner = tree.sections["runner"];
  const std::vector<std::string> entries = CanonicalEntries(tree);
  run.canonical = Canonical(entries);
  run.identity = Identity(entries);
  return run;
}

StatusOr<std::vector<RunConfig>> ExpandSweep(const ConfigTree& tree, const std::string& file) {
  // Each axis is a "section.key" with a non-empty list of values.
  struct Axis {
    std::string key;
    ParamValue::List values;
    std::string where;  // "sweep.section.key (file:line:column)", for errors
  };
  std::vector<Axis> axes;
  for (const auto& [key, value] : tree.sweep) {
    const auto* list = std::get_if<ParamValue::List>(&value.value());
    if (list == nullptr || list->empty()) {
      return InvalidArgumentError("sweep." + key + " (" + value.origin() +
                                  "): expected a non-empty list of values, got " +
                                  value.ToString());
    }
    if (key.find('.') == std::string::npos || key.starts_with("sweep.")) {
      return InvalidArgumentError("sweep." + key + " (" + value.origin() +
                                  "): a sweep key must be section.key, e.g. algorithm.n");
    }
    // Every sweep point replaces the key, so an override of it would silently do nothing.
    const size_t dot = key.find('.');
    if (auto section = tree.sections.find(key.substr(0, dot)); section != tree.sections.end()) {
      const ParamValue* set = section->second.Find(key.substr(dot + 1));
      if (set != nullptr && set->origin().starts_with(kOverrideOrigin)) {
        return InvalidArgumentError(key + " (" + set->origin() +
                                    "): the sweep varies this key (sweep." + key + " (" +
                                    value.origin() +
                                    ")), so the override would be ignored; override the sweep "
                                    "instead: --set 'sweep." +
                                    key + "=[...]'");
      }
    }
    axes.push_back({key, *list, "sweep." + key + " (" + value.origin() + ")"});
  }
  std::vector<RunConfig> runs;
  std::vector<size_t> index(axes.size(), 0);
  while (true) {
    ConfigTree point = tree;
    point.sweep.clear();
    std::vector<std::pair<std::string, ParamValue>> values;
    for (size_t a = 0; a < axes.size(); ++a) {
      const ParamValue& v = axes[a].values[index[a]];
      PONDER_RETURN_IF_ERROR(SetPath(point, axes[a].key, v, axes[a].where));
      values.emplace_back(axes[a].key, v);
    }
    PONDER_ASSIGN_OR_RETURN(RunConfig run, Resolve(std::move(point), file));
    run.sweep_point = std::move(values);
    runs.push_back(std::move(run));
    size_t a = 0;
    while (a < axes.size() && ++index[a] == axes[a].values.size()) index[a++] = 0;
    if (a == axes.size()) break;
  }
  return runs;
}

}  // namespace

StatusOr<ExperimentConfig> ParseExperimentConfig(const std::string& text,
                                                 const std::string& display_name,
                                                 const std::vector<std::string>& overrides) {
  YAML::Node root;
  try {
    root = YAML::Load(text);
  } catch (const YAML::Exception& e) {
    return InvalidArgumentError(Where(display_name, e.mark) + ": malformed YAML: " + e.msg);
  }
  StatusOr<ConfigTree> tree = InternalError("unread");
  try {
    tree = ReadTree(root, display_name);
  } catch (const YAML::Exception& e) {  // e.g. a key that is not a scalar
    return InvalidArgumentError(Where(display_name, e.mark) + ": " + e.msg);
  }
  if (!tree.ok()) return tree.status();
  for (const std::string& o : overrides) PONDER_RETURN_IF_ERROR(ApplyOverride(*tree, o));
  ExperimentConfig config;
  config.source_text = text;
  config.path = display_name;
  config.overrides = overrides;
  PONDER_ASSIGN_OR_RETURN(config.runs, ExpandSweep(*tree, display_name));
  for (RunConfig& run : config.runs) {
    if (run.name.empty()) run.name = std::filesystem::path(display_name).stem().string();
  }
  return config;
}

StatusOr<ExperimentConfig> LoadExperimentConfig(const std::filesystem::path& path,
                                                const std::vector<std::string>& overrides) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return NotFoundError(path.string() + ": cannot open the config file");
  std::ostringstream text;
  text << in.rdbuf();
  PONDER_ASSIGN_OR_RETURN(ExperimentConfig config,
                          ParseExperimentConfig(text.str(), path.string(), overrides));
  config.path = path;
  for (RunConfig& run : config.runs) run.base_dir = path.parent_path();
  return config;
}

}  // namespace ponder::experiments
