#include "experiments/runner.h"

#include <tbb/global_control.h>
#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>

#include <atomic>
#include <mutex>
#include <optional>
#include <set>

#include "experiments/batched_components.h"
#include "experiments/candidates.h"
#include "experiments/model_fingerprint.h"
#include "search/base/rng.h"

namespace ponder::experiments {
namespace {

// The extractor a grader implies when the config has no `answers:` section.
std::string DefaultAnswers(const std::string& grader) {
  if (grader == "math") return "math";
  if (grader == "code") return "none";  // programs state no answer; candidates are their texts
  return "marker";
}

ComponentSpec AnswersSpec(const RunConfig& config) {
  if (config.answers) return *config.answers;
  return ComponentSpec{.name = DefaultAnswers(config.grader.name), .params = {}, .origin = ""};
}

Status CheckScorerUse(const RunConfig& config, const Algorithm& algorithm) {
  if (algorithm.scorer_use() == ScorerUse::kRequired && !config.scorer) {
    return InvalidArgumentError("algorithm '" + config.algorithm.name + "' (" +
                                config.algorithm.origin +
                                ") needs a scorer: add a `scorer:` section");
  }
  return OkStatus();
}

std::vector<DatasetItem> SelectProblems(Dataset& dataset, int64_t limit, const Shard& shard) {
  std::vector<DatasetItem> items = std::move(dataset.items);
  if (limit > 0 && static_cast<int64_t>(items.size()) > limit)
    items.resize(static_cast<size_t>(limit));
  std::vector<DatasetItem> mine;
  for (size_t i = 0; i < items.size(); ++i) {
    if (static_cast<int64_t>(i) % shard.count == shard.index) mine.push_back(std::move(items[i]));
  }
  return mine;
}

// Everything one run is wired from.
struct Wiring {
  std::unique_ptr<SharedResources> shared;  // first: the components below may hold parts of it
  std::unique_ptr<Dataset> dataset;
  std::unique_ptr<Policy> policy;
  std::unique_ptr<Scorer> scorer;
  std::unique_ptr<Grader> grader;
  std::unique_ptr<AnswerExtractor> answers;
  std::unique_ptr<Algorithm> algorithm;
  SearchOptions search;
  Budget budget;
  RunnerOptions runner;
};

StatusOr<Wiring> Wire(const RunConfig& config, const Components& c) {
  Wiring w;
  PONDER_ASSIGN_OR_RETURN(w.runner, ReadOptions<RunnerOptions>(config.runner, "runner"));
  PONDER_ASSIGN_OR_RETURN(w.search, ReadOptions<SearchOptions>(config.search, "search"));
  PONDER_ASSIGN_OR_RETURN(w.budget, ReadOptions<Budget>(config.budget, "budget"));
  w.shared = std::make_unique<SharedResources>(w.runner.sandbox);
  const ComponentEnv env{
      .base_dir = config.base_dir, .threads = w.runner.threads, .shared = w.shared.get()};
  PONDER_ASSIGN_OR_RETURN(w.algorithm, c.algorithms.Create("algorithm", config.algorithm.name,
                                                           config.algorithm.params));
  PONDER_RETURN_IF_ERROR(CheckScorerUse(config, *w.algorithm));
  PONDER_ASSIGN_OR_RETURN(
      w.dataset, c.datasets.Create("dataset", config.dataset.name, config.dataset.params, env));
  PONDER_ASSIGN_OR_RETURN(
      w.policy, c.policies.Create("policy", config.policy.name, config.policy.params, env));
  if (config.scorer) {
    PONDER_ASSIGN_OR_RETURN(
        w.scorer, c.scorers.Create("scorer", config.scorer->name, config.scorer->params, env));
  }
  PONDER_ASSIGN_OR_RETURN(
      w.grader, c.graders.Create("grader", config.grader.name, config.grader.params, env));
  const ComponentSpec answers = AnswersSpec(config);
  PONDER_ASSIGN_OR_RETURN(w.answers,
                          c.answers.Create("answers", answers.name, answers.params, env));
  return w;
}

StatusOr<traces::RunInfo> MakeRunInfo(const RunConfig& config, const Wiring& w, const RunEnv& env,
                                      int64_t problem_count) {
  traces::RunInfo info;
  for (const auto& path : w.shared->model_paths()) {
    PONDER_ASSIGN_OR_RETURN(auto fingerprints, FingerprintModel(path));
    info.model_hashes.merge(fingerprints);
  }
  info.name = config.name;
  info.config_text = config.canonical;
  info.config_hash = traces::ContentHash(config.identity);
  info.algorithm = config.algorithm.name;
  info.seed = static_cast<uint64_t>(config.seed);
  info.ponder_version = env.ponder_version;
  info.git_commit = env.git_commit;
  info.dataset = w.dataset->label;
  for (const auto& [key, value] : config.sweep_point) info.sweep.Set(key, value);
  info.shard_index = env.shard.index;
  info.shard_count = env.shard.count;
  info.problem_count = problem_count;
  return info;
}

}  // namespace

void RunnerOptions::Bind(ParamBinder& b) {
  b.Int("threads", &threads, 1, 1024, "problems searched at once");
  b.Int("batch_size", &batch_size, 1, 1 << 16,
        "model requests merged per call across problems (with threads > 1)");
  b.Int("batch_wait_us", &batch_wait_us, 0, 10'000'000,
        "how long a partial batch waits for more requests, in microseconds");
  b.Int("max_graded_candidates", &max_graded_candidates, 0, 1 << 20,
        "complete solutions graded per problem, for majority@k and pass@k (0: none)");
  b.Int("sandbox_workers", &sandbox.workers, 1, 1024,
        "untrusted programs run at once (code scorers and graders)");
}

Status CheckRunConfig(const RunConfig& config, const Components& c) {
  PONDER_RETURN_IF_ERROR(ReadOptions<RunnerOptions>(config.runner, "runner").status());
  PONDER_RETURN_IF_ERROR(ReadOptions<SearchOptions>(config.search, "search").status());
  PONDER_RETURN_IF_ERROR(ReadOptions<Budget>(config.budget, "budget").status());
  PONDER_ASSIGN_OR_RETURN(auto algorithm, c.algorithms.Create("algorithm", config.algorithm.name,
                                                              config.algorithm.params));
  PONDER_RETURN_IF_ERROR(CheckScorerUse(config, *algorithm));
  PONDER_RETURN_IF_ERROR(c.datasets.Check("dataset", config.dataset.name, config.dataset.params));
  PONDER_RETURN_IF_ERROR(c.policies.Check("policy", config.policy.name, config.policy.params));
  if (config.scorer) {
    PONDER_RETURN_IF_ERROR(c.scorers.Check("scorer", config.scorer->name, config.scorer->params));
  }
  PONDER_RETURN_IF_ERROR(c.graders.Check("grader", config.grader.name, config.grader.params));
  const ComponentSpec answers = AnswersSpec(config);
  return c.answers.Check("answers", answers.name, answers.params);
}

StatusOr<RunSummary> RunExperiment(const RunConfig& config, const Components& components,
                                   traces::TraceStore& store, const RunEnv& env) {
  if (env.shard.count < 1 || env.shard.index < 0 || env.shard.index >= env.shard.count) {
    return InvalidArgumentError("shard " + std::to_string(env.shard.index) + "/" +
                                std::to_string(env.shard.count) + " is out of range");
  }
  PONDER_ASSIGN_OR_RETURN(Wiring w, Wire(config, components));
  std::vector<DatasetItem> items = SelectProblems(*w.dataset, config.limit, env.shard);

  RunSummary summary;
  summary.problems = static_cast<int64_t>(items.size());
  PONDER_ASSIGN_OR_RETURN(traces::RunInfo info, MakeRunInfo(config, w, env, summary.problems));
  PONDER_ASSIGN_OR_RETURN(traces::BegunRun run, store.BeginRun(info));
  summary.run_id = run.id;
  summary.resumed = run.resumed;
  if (run.already_finished) {
    summary.already_finished = true;
    summary.skipped = summary.problems;
    if (env.on_start) env.on_start(0, summary.skipped);
    return summary;
  }
  PONDER_ASSIGN_OR_RETURN(std::vector<std::string> finished, store.FinishedProblems(run.id));
  const std::set<std::string> done_before(finished.begin(), finished.end());
  std::vector<const DatasetItem*> pending;
  for (const DatasetItem& item : items) {
    if (!done_before.contains(item.problem.id)) pending.push_back(&item);
  }
  summary.skipped = summary.problems - static_cast<int64_t>(pending.size());
  if (env.on_start) env.on_start(static_cast<int64_t>(pending.size()), summary.skipped);

  // With several problems in flight, their model calls meet in shared batches.
  const BatchingOptions batching{.max_batch = w.runner.batch_size,
                                 .max_wait_us = w.runner.batch_wait_us};
  // One group for both queues: a problem waiting on the scorer cannot submit to the policy.
  const auto group = std::make_shared<BatchingGroup>();
  std::optional<BatchedPolicy> batched_policy;
  std::optional<BatchedScorer> batched_scorer;
  Policy* policy = w.policy.get();
  Scorer* scorer = w.scorer.get();
  if (w.runner.threads > 1) {
    policy = &batched_policy.emplace(*w.policy, batching, group);
    if (scorer) scorer = &batched_scorer.emplace(*w.scorer, batching, group);
  }
  auto add_client = [&](int delta) { delta > 0 ? group->AddClient() : group->RemoveClient(); };

  std::mutex mu;  // guards summary, store_error and on_problem_done
  Status store_error;
  std::stop_source abort;  // set when the store fails: no point searching on
  auto stopped = [&] { return env.stop.stop_requested() || abort.stop_requested(); };

  auto search_one = [&](const DatasetItem& item) {
    if (stopped()) return;
    const Problem& problem = item.problem;
    StatusOr<traces::ProblemTrace> trace = store.StartProblem(run.id, problem.id);
    if (!trace.ok()) {
      std::lock_guard lock(mu);
      if (store_error.ok()) store_error = trace.status();
      abort.request_stop();
      return;
    }
    // Either token stops the search: Ctrl-C or a failed store.
    std::stop_source problem_stop;
    std::stop_callback on_env_stop(env.stop, [&] { problem_stop.request_stop(); });
    std::stop_callback on_abort(abort.get_token(), [&] { problem_stop.request_stop(); });
    SearchContext ctx(SearchSetup{
        .problem = &problem,
        .policy = policy,
        .scorer = scorer,
        .extractor = w.answers.get(),
        .trace = &*trace,
        .budget = w.budget,
        .options = w.search,
        .seed = MixKeys(static_cast<uint64_t>(config.seed), StableHash(problem.id)),
        .stop = problem_stop.get_token(),
    });
    // A problem is a client of the batching queues while its search runs, and no longer: a
    // problem being graded (code tests in the sandbox take seconds) submits nothing, and
    // counting it would hold every other problem's partial batch for batch_wait_us.
    add_client(+1);
    StatusOr<SearchResult> result = w.algorithm->Run(ctx);
    add_client(-1);
    if (result.ok() && result->stop_reason == "cancelled") return;  // redone on resume
    ProblemDone done{.problem_id = problem.id};
    if (!result.ok()) {
      trace->FailSearch(result.status(), ctx);
      done.failed = true;
      done.error = result.status().ToString();
      done.usage = ctx.usage();
    } else {
      done.usage = result->usage;
      const GradeRequest request{.problem = &problem,
                                 .reference = &item.reference,
                                 .answer = result->answer,
                                 .solution = result->solution};
      std::vector<StatusOr<Grade>> grades = w.grader->GradeBatch({&request, 1});
      if (grades.size() != 1 || !grades[0].ok()) {
        const Status error = grades.size() != 1 ? InternalError("grader returned no grade")
                                                : grades[0].status().WithContext("grading");
        trace->Fail(error);
        done.failed = true;
        done.error = error.ToString();
      } else {
        done.correct = grades[0]->correct;
        trace->SetGrade(std::move(*grades[0]));
        StatusOr<traces::CandidateStats> candidates =
            GradeCandidates(ctx.tree(), item, *w.grader, w.runner.max_graded_candidates);
        if (candidates.ok()) {
          trace->SetCandidates(std::move(*candidates));
        } else {
          trace->Fail(candidates.status());
          done.failed = true;
          done.error = candidates.status().ToString();
        }
      }
    }
    Status committed = store.CommitProblem(std::move(*trace));
    std::lock_guard lock(mu);
    if (!committed.ok()) {
      if (store_error.ok()) store_error = committed;
      abort.request_stop();
      return;
    }
    done.failed ? ++summary.failed : ++summary.finished;
    summary.correct += done.correct;
    summary.usage += done.usage;
    if (env.on_problem_done) env.on_problem_done(done);
  };

  // TBB caps every arena at the core count unless told otherwise; problems mostly wait for
  // batched model calls, so runner.threads may rightly exceed the cores.
  std::optional<tbb::global_control> parallelism;
  if (static_cast<size_t>(w.runner.threads) >
      tbb::global_control::active_value(tbb::global_control::max_allowed_parallelism)) {
    parallelism.emplace(tbb::global_control::max_allowed_parallelism,
                        static_cast<size_t>(w.runner.threads));
  }
  tbb::task_arena arena(w.runner.threads);
  arena.execute([&] {
    tbb::parallel_for(tbb::blocked_range<size_t>(0, pending.size(), 1),
                      [&](const tbb::blocked_range<size_t>& range) {
                        for (size_t i = range.begin(); i != range.end(); ++i) {
                          search_one(*pending[i]);
                        }
                      });
  });

  if (!store_error.ok()) {
    (void)store.FinishRun(run.id, store_error);
    return store_error;
  }
  if (env.stop.stop_requested()) {
    summary.cancelled = true;  // the run stays "running": the next invocation resumes it
    return summary;
  }
  PONDER_RETURN_IF_ERROR(store.FinishRun(run.id, OkStatus()));
  return summary;
}

}  // namespace ponder::experiments
