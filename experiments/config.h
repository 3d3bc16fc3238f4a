// Experiment configuration: a YAML file (plus --set overrides) resolved into
// one RunConfig per sweep point. The schema is documented in docs/configuration.md.
//
// This is the only place YAML is read (yaml-cpp stays out of every header).
// Every value remembers where it was written, so a component's error names
// the key, its file and line, and the expected form.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "search/base/params.h"
#include "search/base/status.h"

namespace ponder::experiments {

// One component section: `name:` picks the registered component; the other keys are its params.
struct ComponentSpec {
  std::string name;
  Params params;
  std::string origin;  // where the section starts, "file.yaml:12:1"
};

// One fully resolved run.
struct RunConfig {
  std::string name;
  int64_t seed = 0;
  ComponentSpec dataset;
  int64_t limit = 0;  // first `limit` problems of the dataset (0: all)
  ComponentSpec policy;
  std::optional<ComponentSpec> scorer;
  ComponentSpec grader;
  std::optional<ComponentSpec> answers;  // the answer extractor; default from the grader
  ComponentSpec algorithm;
  Params search;  // SearchOptions
  Params budget;  // Budget
  Params runner;  // RunnerOptions
  // The sweep values this run takes, as "section.key" -> value; empty without a sweep.
  std::vector<std::pair<std::string, ParamValue>> sweep_point;
  // Every resolved setting as sorted "section.key=value" lines, stored with the run.
  std::string canonical;
  // The lines of `canonical` that can change results: what identifies the run for
  // resumption. How a run executes (runner.threads, batch sizes, sandbox workers) and its
  // description are left out, so a run resumes on a machine with other cores.
  std::string identity;
  std::filesystem::path base_dir;  // relative paths resolve against the config's folder
};

struct ExperimentConfig {
  std::string source_text;  // the YAML as written
  std::filesystem::path path;
  std::vector<std::string> overrides;  // the --set arguments, in order
  std::vector<RunConfig> runs;         // one per sweep point (one without a sweep)
};

// Reads `path`, applies `overrides` ("section.key=value", value in YAML syntax), expands sweeps.
StatusOr<ExperimentConfig> LoadExperimentConfig(const std::filesystem::path& path,
                                                const std::vector<std::string>& overrides);
// The same from text; `display_name` stands for the file in messages, and its stem names
// the runs when the config has no `name:`.
StatusOr<ExperimentConfig> ParseExperimentConfig(const std::string& text,
                                                 const std::string& display_name,
                                                 const std::vector<std::string>& overrides);

}  // namespace ponder::experiments
