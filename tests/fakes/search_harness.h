// SearchHarness: runs a registered algorithm on the fake tree problem, keeping
// the finished search's tree for assertions.
#pragma once

#include <memory>
#include <string_view>

#include "search/base/rng.h"
#include "search/registry.h"
#include "tests/fakes/fake_tree_policy.h"
#include "tests/fakes/table_scorer.h"
#include "tests/fakes/vector_trace_sink.h"

namespace ponder::testing {

class SearchHarness {
 public:
  FakeTreeOptions tree_options;
  TableScorer::ScoreFn score_fn = [](std::string_view) { return 0.5; };
  bool with_scorer = true;
  Budget budget;
  SearchOptions options;
  uint64_t seed = 1;
  Problem problem{.id = "fake/1", .prompt = "spell the word", .attributes = {}};

  StatusOr<SearchResult> Run(std::string_view algorithm, const Params& params) {
    AlgorithmRegistry registry;
    RegisterBuiltinAlgorithms(registry);
    PONDER_ASSIGN_OR_RETURN(std::unique_ptr<Algorithm> algo,
                            registry.Create("algorithm", algorithm, params));
    context.reset();  // first: a context frees its backends' state when it goes
    policy = std::make_unique<FakeTreePolicy>(tree_options);
    scorer = std::make_unique<TableScorer>(score_fn);
    trace = std::make_unique<VectorTraceSink>();
    context = std::make_unique<SearchContext>(SearchSetup{
        .problem = &problem,
        .policy = policy.get(),
        .scorer = with_scorer ? scorer.get() : nullptr,
        .extractor = &extractor,
        .trace = trace.get(),
        .budget = budget,
        .options = options,
        .seed = seed,
    });
    return algo->Run(*context);
  }

  const Tree& tree() const { return context->tree(); }

  WholeTextExtractor extractor;
  std::unique_ptr<FakeTreePolicy> policy;
  std::unique_ptr<TableScorer> scorer;
  std::unique_ptr<VectorTraceSink> trace;
  std::unique_ptr<SearchContext> context;
};

// A distribution that favours `target`'s next character `bias` times over each other one.
inline Distribution FavourTarget(std::string target, std::string alphabet, double bias) {
  return [target, alphabet, bias](std::string_view path) {
    std::vector<CharChoice> out;
    const bool on_track = target.compare(0, path.size(), path) == 0 && path.size() < target.size();
    for (char c : alphabet) {
      out.push_back({c, on_track && target[path.size()] == c ? bias : 1.0});
    }
    return out;
  };
}

// Scores a path arbitrarily but reproducibly: a hash of its text, in [0, 1).
inline double HashScore(std::string_view path) {
  return static_cast<double>(StableHash(path) % 1000003) / 1000003.0;
}

// Scores a path by the share of `target` it matches as a prefix.
inline TableScorer::ScoreFn PrefixMatchScore(std::string target) {
  return [target](std::string_view path) {
    size_t match = 0;
    while (match < path.size() && match < target.size() && path[match] == target[match]) ++match;
    return match == path.size() ? static_cast<double>(match) / static_cast<double>(target.size())
                                : 0.0;
  };
}

}  // namespace ponder::testing
