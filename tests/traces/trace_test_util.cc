#include "tests/traces/trace_test_util.h"

#include <cstdlib>

#include "search/base/check.h"

namespace ponder::traces::testing {

TempDir::TempDir() {
  std::string pattern = (std::filesystem::temp_directory_path() / "ponder-traces-XXXXXX").string();
  PONDER_CHECK(mkdtemp(pattern.data()) != nullptr) << "mkdtemp " << pattern;
  path_ = pattern;
}

TempDir::~TempDir() {
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
}

RunInfo TestRunInfo(std::string config_text, int64_t problem_count) {
  RunInfo info;
  info.name = "test-run";
  info.config_hash = ContentHash(config_text);
  info.config_text = std::move(config_text);
  info.algorithm = "best_of_n";
  info.seed = -7;
  info.ponder_version = "0.1.0";
  info.git_commit = "0123456789abcdef";
  info.model_hashes = {{"models/policy.pt", "aa11"}, {"models/prm.pt", "bb22"}};
  info.dataset = "synthetic";
  info.sweep = Params{{"algorithm.n", 16},
                      {"search.temperature", 0.5},
                      {"algorithm.name", "best_of_n"},
                      {"search.greedy", false},
                      {"algorithm.widths", ParamValue::List{ParamValue(1), ParamValue(2.5)}}};
  info.problem_count = problem_count;
  return info;
}

TracedSearch::TracedSearch(std::string problem_id, ponder::testing::TableScorer::ScoreFn score,
                           int n)
    : problem_{.id = std::move(problem_id), .prompt = "spell a word", .attributes = {}},
      n_(n),
      policy_(ponder::testing::FakeTreeOptions{.alphabet = "abc", .depth = 3, .distribution = {}}),
      scorer_(std::move(score)) {}

StatusOr<SearchResult> TracedSearch::Run(TraceSink& sink) {
  AlgorithmRegistry registry;
  RegisterBuiltinAlgorithms(registry);
  PONDER_ASSIGN_OR_RETURN(
      std::unique_ptr<Algorithm> algorithm,
      registry.Create("algorithm", "best_of_n", {{"n", n_}, {"batch_size", 4}}));
  context_ = std::make_unique<SearchContext>(SearchSetup{.problem = &problem_,
                                                         .policy = &policy_,
                                                         .scorer = &scorer_,
                                                         .extractor = &extractor_,
                                                         .trace = &sink,
                                                         .seed = 3});
  return algorithm->Run(*context_);
}

Tree SyntheticTree(int size) {
  Tree tree;
  for (int id = 1; id < size; ++id) {
    Node node;
    node.text = "step " + std::to_string(id) + "\n\n";
    node.tokens = {id, -id, 1 << 30};
    node.logprob = -0.25 * id;
    node.prior = 1.0 / id;
    node.finish = id % 5 == 0 ? FinishReason::kEndOfSequence : FinishReason::kDelimiter;
    node.terminal = id % 5 == 0;
    node.has_answer = node.terminal;
    node.answer = node.terminal ? std::to_string(id) : "";
    if (id % 2 == 0) node.step_score = 0.5;
    if (id % 3 == 0) node.score = 1.0 / (id + 1);
    node.visits = id % 4;
    node.value_sum = 0.5 * node.visits;
    node.created_us = id * 10;
    node.dropped = id % 11 == 0;
    tree.AddChild(static_cast<NodeId>((id - 1) / 3), std::move(node));
  }
  return tree;
}

void FinishSynthetic(ProblemTrace& trace, int size, int events) {
  const Tree tree = SyntheticTree(size);
  const Problem problem{.id = trace.problem_id(), .prompt = "", .attributes = {}};
  for (int i = 0; i < events; ++i) {
    trace.Event(problem, tree,
                TraceEvent{TraceEventKind::kExpand, static_cast<NodeId>(i % size), i, "n=1"});
  }
  SearchResult result;
  result.chosen = static_cast<NodeId>(size - 1);
  result.complete = true;
  result.solution = tree.PathText(result.chosen);
  result.stop_reason = "completed";
  result.usage.expansions = size - 1;
  trace.SearchFinished(problem, tree, result);
}

}  // namespace ponder::traces::testing
