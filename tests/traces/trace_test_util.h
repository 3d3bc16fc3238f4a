// Helpers for the trace store tests: temporary folders, run descriptions,
// real searches traced into a ProblemTrace, and synthetic trees of known size.
#pragma once

#include <filesystem>
#include <memory>
#include <string>

#include "search/registry.h"
#include "search/search_context.h"
#include "tests/fakes/fake_tree_policy.h"
#include "tests/fakes/table_scorer.h"
#include "traces/problem_trace.h"
#include "traces/records.h"

namespace ponder::traces::testing {

// A fresh folder under the system temp dir, removed with its contents on destruction.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  const std::filesystem::path& path() const { return path_; }
  std::string File(std::string_view name) const { return (path_ / name).string(); }

 private:
  std::filesystem::path path_;
};

// A complete RunInfo whose config_hash is the hash of `config_text`.
RunInfo TestRunInfo(std::string config_text, int64_t problem_count);

// One best_of_n search over the fake tree problem (alphabet "abc", depth 3), traced into a sink.
class TracedSearch {
 public:
  // `score` scores each path; return NaN to make the scorer fail the search.
  TracedSearch(std::string problem_id, ponder::testing::TableScorer::ScoreFn score, int n = 8);
  StatusOr<SearchResult> Run(TraceSink& sink);
  SearchContext& context() { return *context_; }
  const Problem& problem() const { return problem_; }

 private:
  Problem problem_;
  int n_;
  ponder::testing::FakeTreePolicy policy_;
  ponder::testing::TableScorer scorer_;
  ponder::testing::WholeTextExtractor extractor_;
  std::unique_ptr<SearchContext> context_;
};

// A tree of exactly `size` nodes (each node's parent is (id - 1) / 3), with varied fields.
Tree SyntheticTree(int size);

// Feeds `trace` a finished search over SyntheticTree(size), with `events` events.
void FinishSynthetic(ProblemTrace& trace, int size, int events);

}  // namespace ponder::traces::testing
