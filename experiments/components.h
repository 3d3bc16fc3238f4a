// The component registries an experiment is wired from: algorithms, policies,
// scorers, graders, answer extractors and datasets, each by name.
//
// Registration is explicit: RegisterBuiltinComponents adds everything that
// ships with ponder; a user's plug-in adds itself with one more call.
// Thread-safety: register first, then create from any thread.
#pragma once

#include <filesystem>
#include <memory>

#include "experiments/dataset.h"
#include "experiments/shared_resources.h"
#include "search/answer_extractor.h"
#include "search/grader.h"
#include "search/policy.h"
#include "search/registry.h"
#include "search/scorer.h"

namespace ponder::experiments {

// What a component factory may use besides its own params.
struct ComponentEnv {
  std::filesystem::path base_dir;     // relative paths in the config resolve against it
  int threads = 1;                    // compute threads a backend may use
  SharedResources* shared = nullptr;  // the run's shared sandbox pool; null when checking only
};

using PolicyRegistry = Registry<Policy, const ComponentEnv&>;
using ScorerRegistry = Registry<Scorer, const ComponentEnv&>;
using GraderRegistry = Registry<Grader, const ComponentEnv&>;
using ExtractorRegistry = Registry<AnswerExtractor, const ComponentEnv&>;
using DatasetRegistry = Registry<Dataset, const ComponentEnv&>;

struct Components {
  AlgorithmRegistry algorithms;
  PolicyRegistry policies;
  ScorerRegistry scorers;
  GraderRegistry graders;
  ExtractorRegistry answers;
  DatasetRegistry datasets;
};

// Registers component `T` (or any product of `make`) built from `Options`
// (a struct with Bind and Validate) and the env.
template <class Options, class T, class Make>
void RegisterComponent(Registry<T, const ComponentEnv&>& registry, std::string kind,
                       std::string name, std::string summary, Make make) {
  registry.Register({
      .name = name,
      .summary = std::move(summary),
      .factory = [kind, make](const Params& params,
                              const ComponentEnv& env) -> StatusOr<std::unique_ptr<T>> {
        PONDER_ASSIGN_OR_RETURN(Options options, ReadOptions<Options>(params, kind));
        return make(options, env);
      },
      .document = [] { return DocumentOptions<Options>(); },
      .check = [kind](const Params& params) { return ReadOptions<Options>(params, kind).status(); },
  });
}

// Everything that ships with ponder.
void RegisterBuiltinComponents(Components& components);

}  // namespace ponder::experiments
