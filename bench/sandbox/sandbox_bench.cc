// Sandbox figures for docs/performance.md ("Sandbox"), each against a baseline measured in
// the same run:
//   throughput  programs x tests per second on the shared APPS reference solutions
//               (../shared/data/apps/train_subset.jsonl, APPS *train* split) at 1 and 2
//               workers, every program distinct (the cache never answers);
//   overhead    one jailed run of a Python program next to a bare fork/exec (posix_spawn) of
//               the same command line, interleaved run by run, with all layers, with all but
//               the memory cgroup, and with namespaces off;
//   cgroup      what the memory cgroup adds to one process (joining, then the runner's check),
//               next to the same process outside it;
//   cache       the sandbox cache's hit rate inside a real PG-TD search (search/algorithms/
//               pg_td.cc) whose policy is the deterministic fake of tests/fakes (digits, one
//               per step) and whose reward is the public-test pass rate of `print(<digits>)`,
//               with PG-TD's own sequence cache on and off; and a synthetic repeated-evaluation
//               workload (programs drawn with repeats from a fixed set).
//
//   build/bench/sandbox/sandbox_bench [throughput|overhead|cgroup|cache|all] [--problems N]
//                                     [--runs N]
#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <iostream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "sandbox/jail.h"
#include "sandbox/language.h"
#include "sandbox/memory_cgroup.h"
#include "sandbox/pool.h"
#include "sandbox/run_dir.h"
#include "search/registry.h"
#include "search/search_context.h"
#include "tests/fakes/fake_tree_policy.h"
#include "tests/fakes/search_harness.h"
#include "verifiers/code/apps_dataset.h"
#include "verifiers/code/public_test_scorer.h"
#include "verifiers/code/reference_check.h"

extern char** environ;

namespace ponder::bench {
namespace {

using Clock = std::chrono::steady_clock;

double Seconds(Clock::time_point since) {
  return std::chrono::duration<double>(Clock::now() - since).count();
}

double Median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v.empty() ? 0 : v[v.size() / 2];
}

double Mean(const std::vector<double>& v) {
  double sum = 0;
  for (double x : v) sum += x;
  return v.empty() ? 0 : sum / static_cast<double>(v.size());
}

std::vector<AppsProblem> SharedProblems(size_t count) {
  auto problems =
      ReadAppsProblems(std::string(PONDER_SHARED_DIR) + "/data/apps/train_subset.jsonl");
  if (!problems.ok()) {
    std::cerr << problems.status().ToString() << "\n";
    std::exit(1);
  }
  if (problems->size() > count) problems->resize(count);
  return std::move(*problems);
}

std::unique_ptr<sandbox::SandboxPool> MakePool(int workers, sandbox::Layers layers = {}) {
  sandbox::PoolOptions options;
  options.workers = workers;
  options.jail.layers = layers;
  auto pool = sandbox::SandboxPool::Create(options);
  if (!pool.ok()) {
    std::cerr << pool.status().ToString() << "\n";
    std::exit(1);
  }
  return std::move(*pool);
}

void Throughput(size_t problem_count) {
  const std::vector<AppsProblem> problems = SharedProblems(problem_count);
  size_t programs = 0, test_runs = 0;
  for (const AppsProblem& p : problems) {
    programs += p.solutions.size();
    test_runs += p.solutions.size() * p.test_count();
  }
  std::printf("throughput: %zu problems, %zu reference programs, %zu program x test runs\n",
              problems.size(), programs, test_runs);
  double one_worker = 0;
  for (int workers : {1, 2}) {
    auto pool = MakePool(workers);
    const Clock::time_point start = Clock::now();
    auto checks = CheckReferenceSolutions(*pool, problems, sandbox::Limits{});
    const double wall = Seconds(start);
    if (!checks.ok()) {
      std::cerr << checks.status().ToString() << "\n";
      std::exit(1);
    }
    int passed = 0;
    for (const ReferenceCheck& c : *checks) passed += c.passed();
    const double rate = static_cast<double>(test_runs) / wall;
    if (workers == 1) one_worker = rate;
    std::printf(
        "  workers=%d  wall %.1f s  %.1f program x test runs/s  %.2f programs/s  passed %d/%zu"
        "  speed-up %.2fx\n",
        workers, wall, rate, static_cast<double>(programs) / wall, passed, programs,
        rate / one_worker);
  }
}

// One bare run: posix_spawn of the same command line in the same directory, stdin from a
// file, stdout read whole.
double BareRun(const std::vector<std::string>& argv, const std::vector<std::string>& env,
               const std::string& dir, const std::string& input_path) {
  std::vector<char*> args, envp;
  std::vector<std::string> a = argv, e = env;
  for (std::string& s : a) args.push_back(s.data());
  args.push_back(nullptr);
  for (std::string& s : e) envp.push_back(s.data());
  envp.push_back(nullptr);
  int out[2];
  if (pipe(out) != 0) std::exit(1);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, input_path.c_str(), O_RDONLY, 0);
  posix_spawn_file_actions_adddup2(&actions, out[1], 1);
  posix_spawn_file_actions_addclose(&actions, out[0]);
  posix_spawn_file_actions_addchdir_np(&actions, dir.c_str());
  const Clock::time_point start = Clock::now();
  pid_t pid = 0;
  if (posix_spawn(&pid, args[0], &actions, nullptr, args.data(), envp.data()) != 0) std::exit(1);
  close(out[1]);
  char buffer[65536];
  while (read(out[0], buffer, sizeof buffer) > 0) {
  }
  int status = 0;
  waitpid(pid, &status, 0);
  const double wall = Seconds(start);
  close(out[0]);
  posix_spawn_file_actions_destroy(&actions);
  return wall;
}

void Overhead(int runs) {
  // train/0002's first reference solution on its test: a typical short APPS program.
  const AppsProblem problem = SharedProblems(1).front();
  const std::string input = nlohmann::json::parse(problem.inputs_json[0]).get<std::string>();
  const sandbox::LanguageSpec& python = sandbox::Python3Language();
  std::printf("overhead: %s solution 0, %d runs each, interleaved; medians (means) in ms\n",
              problem.id.c_str(), runs);
  struct Setting {
    const char* name;
    sandbox::Layers layers;
    std::unique_ptr<sandbox::Jail> jail;
    std::vector<double> wall_ms;
  };
  sandbox::Layers no_cgroup;
  no_cgroup.memory_cgroup = false;
  sandbox::Layers no_namespaces;
  no_namespaces.user_namespace = no_namespaces.pid_namespace = false;
  no_namespaces.network_namespace = no_namespaces.mount_namespace = false;
  no_namespaces.ipc_namespace = false;
  Setting settings[] = {{"all layers", {}, nullptr, {}},
                        {"no mem cgroup", no_cgroup, nullptr, {}},
                        {"no namespaces", no_namespaces, nullptr, {}}};
  for (Setting& setting : settings) {
    sandbox::JailOptions options;
    options.layers = setting.layers;
    auto jail = sandbox::Jail::Create(options);
    if (!jail.ok()) {
      std::cerr << jail.status().ToString() << "\n";
      std::exit(1);
    }
    if (!(*jail)->unavailable().empty())
      std::printf("  %s: %s\n", setting.name, (*jail)->Report().c_str());
    setting.jail = std::move(*jail);
  }
  auto dir = sandbox::RunDir::Create("/tmp");
  if (!dir.ok()) std::exit(1);
  if (!(*dir)->WriteFile(python.source_file, problem.solutions[0]).ok()) std::exit(1);
  for (const auto& [name, contents] : python.support_files) {
    if (!(*dir)->WriteFile(name, contents).ok()) std::exit(1);
  }
  if (!(*dir)->WriteFile("input.txt", input).ok()) std::exit(1);
  std::vector<std::string> env = {"PATH=/usr/bin:/bin", "HOME=/tmp", "LANG=C.UTF-8"};
  env.insert(env.end(), python.env.begin(), python.env.end());
  // Run by run, the bare baseline and every setting in turn, starting one further each time,
  // so neither a change in the machine's load nor the order favours one of them.
  constexpr int kSettings = static_cast<int>(std::size(settings));
  std::vector<double> bare;
  for (int i = 0; i < runs; ++i) {
    for (int k = 0; k <= kSettings; ++k) {
      const int which = (i + k) % (kSettings + 1);
      if (which == kSettings) {
        bare.push_back(1000 * BareRun(python.run_argv, env, (*dir)->work_dir(),
                                      (*dir)->work_dir() + "/input.txt"));
        continue;
      }
      Setting& setting = settings[which];
      const Clock::time_point start = Clock::now();
      auto outcome = setting.jail->Run({.argv = python.run_argv,
                                        .env = python.env,
                                        .stdin_data = input,
                                        .result_channel = false,
                                        .limits = {}},
                                       **dir, 0);
      setting.wall_ms.push_back(1000 * Seconds(start));
      if (!outcome.ok() || outcome->exit_code != 0) {
        std::cerr << "jailed run failed (" << setting.name << ")\n";
        std::exit(1);
      }
    }
  }
  std::printf("  %-14s %.1f (%.1f)\n", "bare fork/exec", Median(bare), Mean(bare));
  for (const Setting& setting : settings) {
    std::printf("  %-14s jailed %.1f (%.1f)  overhead %.1f ms per run (%.2fx)  [%s]\n",
                setting.name, Median(setting.wall_ms), Mean(setting.wall_ms),
                Median(setting.wall_ms) - Median(bare), Median(setting.wall_ms) / Median(bare),
                setting.jail->active().Describe().c_str());
  }
}

// The memory cgroup's own cost per run, measured on what it adds to a child that waits for a
// go byte as the jail's child does, then exits: the child joining its slot's cgroup after the
// go byte (writing "0" to the entry file, as jail_child.cc does) plus the runner's Finish
// (emptiness check, OOM counter); and, for comparison, the runner moving the child by pid
// (cgroup.procs) before the go byte, which the jail avoids. Each iteration waits 20 ms first,
// about one short Python run: the cost of a move by pid depends on the time since the last.
void MemoryCgroupCost(int runs) {
  auto cgroups = sandbox::MemoryCgroups::Create("", 1);
  if (!cgroups.ok()) {
    std::printf("cgroup: unavailable here: %s\n", cgroups.status().ToString().c_str());
    return;
  }
  sandbox::MemoryCgroups& slots = **cgroups;
  if (!slots.SetLimit(0, int64_t{2} << 30).ok()) std::exit(1);
  const std::string procs = slots.slot_dir(0) + "/cgroup.procs";
  enum class Join { kNone, kItself, kByPid };
  struct Timing {
    double total_us = 0;
    double finish_us = 0;  // of which Finish
  };
  auto run = [&](Join join) {
    int go[2];
    if (pipe(go) != 0) std::exit(1);
    const Clock::time_point start = Clock::now();
    const pid_t pid = fork();
    if (pid == 0) {
      char byte = 0;
      if (read(go[0], &byte, 1) != 1) _exit(1);
      if (join == Join::kItself && write(slots.entry_fd(0), "0", 1) != 1) _exit(1);
      _exit(0);
    }
    if (join == Join::kByPid) {
      const int fd = open(procs.c_str(), O_WRONLY | O_CLOEXEC);
      const std::string text = std::to_string(pid);
      if (fd < 0 || write(fd, text.data(), text.size()) < 0) std::exit(1);
      close(fd);
    }
    if (write(go[1], "g", 1) != 1) std::exit(1);
    int status = 0;
    waitpid(pid, &status, 0);
    const Clock::time_point exited = Clock::now();
    if (join != Join::kNone && !slots.Finish(0).ok()) std::exit(1);
    const double finish_us = 1e6 * Seconds(exited);
    close(go[0]);
    close(go[1]);
    if (status != 0) std::exit(1);
    return Timing{1e6 * Seconds(start), finish_us};
  };
  std::vector<double> bare, itself, by_pid, finish_only;
  for (int i = 0; i < runs; ++i) {
    usleep(20000);
    bare.push_back(run(Join::kNone).total_us);
    usleep(20000);
    const Timing joined = run(Join::kItself);
    itself.push_back(joined.total_us);
    finish_only.push_back(joined.finish_us);
    usleep(20000);
    by_pid.push_back(run(Join::kByPid).total_us);
  }
  std::printf("cgroup: %s memory cgroup, %d runs each, medians (means) in microseconds\n",
              slots.version() == sandbox::CgroupVersion::kV1 ? "v1" : "v2", runs);
  std::printf("  fork, go byte, exit, wait                %.0f (%.0f)\n", Median(bare), Mean(bare));
  std::printf("  + the child joins its cgroup, + Finish   %.0f (%.0f)  cost %.0f\n", Median(itself),
              Mean(itself), Median(itself) - Median(bare));
  std::printf("    of which Finish                        %.0f (%.0f)\n", Median(finish_only),
              Mean(finish_only));
  std::printf("  + the runner moves it by pid, + Finish   %.0f (%.0f)  cost %.0f\n", Median(by_pid),
              Mean(by_pid), Median(by_pid) - Median(bare));
}

// Scores a fake path of digits as the program `print(<digits>)` through the real scorer.
class DigitsProgramScorer final : public Scorer {
 public:
  explicit DigitsProgramScorer(PublicTestScorer& scorer) : scorer_(scorer) {}
  std::vector<StatusOr<Score>> ScoreBatch(std::span<const ScoreRequest> requests) override {
    Tree programs;
    std::vector<ScoreRequest> inner;
    for (const ScoreRequest& r : requests) {
      Node node;
      node.text = "print(" + r.tree->PathText(r.node) + ")\n";
      inner.push_back({r.problem, &programs, programs.AddChild(kRootNode, node)});
    }
    calls_ += static_cast<int64_t>(requests.size());
    return scorer_.ScoreBatch(inner);
  }
  int64_t calls() const { return calls_; }

 private:
  PublicTestScorer& scorer_;
  int64_t calls_ = 0;
};

void Cache() {
  std::printf(
      "cache: PG-TD (k=3, 256 rollouts, token expansion) over 4-digit programs; reward = "
      "pass rate of print(<digits>) on 2 public tests expecting 1234\n");
  Problem problem{.id = "bench/digits", .prompt = "print 123", .attributes = {}};
  problem.attributes["public_tests"] = R"({"inputs": ["", "x"], "outputs": ["1234", "1234"]})";
  for (bool sequence_cache : {true, false}) {
    auto pool = MakePool(2);
    PublicTestScorer public_tests(*pool, sandbox::Limits{});
    DigitsProgramScorer scorer(public_tests);
    testing::FakeTreePolicy policy(
        {.alphabet = "0123456789",
         .depth = 4,
         .distribution = testing::FavourTarget("1234", "0123456789", 1.5),
         .end_char = '\0'});
    AlgorithmRegistry registry;
    RegisterBuiltinAlgorithms(registry);
    auto algorithm = registry.Create(
        "algorithm", "pg_td", {{"k", 3}, {"rollouts", 256}, {"sequence_cache", sequence_cache}});
    if (!algorithm.ok()) {
      std::cerr << algorithm.status().ToString() << "\n";
      std::exit(1);
    }
    testing::WholeTextExtractor extractor;
    SearchContext context(SearchSetup{.problem = &problem,
                                      .policy = &policy,
                                      .scorer = &scorer,
                                      .extractor = &extractor,
                                      .seed = 7});
    const Clock::time_point start = Clock::now();
    auto result = (*algorithm)->Run(context);
    if (!result.ok()) {
      std::cerr << result.status().ToString() << "\n";
      std::exit(1);
    }
    const sandbox::CacheStats stats = pool->cache_stats();
    std::printf(
        "  sequence_cache=%-5s scorer calls %lld  sandbox runs %lld  cache hits %lld  "
        "hit rate %.3f  best score %.2f  wall %.1f s\n",
        sequence_cache ? "true" : "false", static_cast<long long>(scorer.calls()),
        static_cast<long long>(stats.misses), static_cast<long long>(stats.hits), stats.hit_rate(),
        result->score, Seconds(start));
  }

  // Synthetic repeated evaluation: 400 requests over 40 distinct programs (each asked 10
  // times, interleaved), in batches of 16 as a search would send them.
  auto pool = MakePool(2);
  auto suite = sandbox::TestSuite::Parse(R"({"inputs": ["3\n"], "outputs": ["9\n"]})", "square");
  std::vector<std::string> programs;
  for (int i = 0; i < 40; ++i)
    programs.push_back("n = int(input())\nprint(n * " + std::to_string(i % 5 + 1) + ")  # " +
                       std::to_string(i) + "\n");
  const Clock::time_point start = Clock::now();
  for (int batch = 0; batch < 25; ++batch) {
    std::vector<sandbox::RunRequest> requests;
    for (int j = 0; j < 16; ++j) {
      requests.push_back(
          {&sandbox::Python3Language(), programs[(batch * 16 + j) % 40], &*suite, {}});
    }
    for (const auto& r : pool->RunBatch(requests)) {
      if (!r.ok()) std::exit(1);
    }
  }
  const sandbox::CacheStats stats = pool->cache_stats();
  std::printf(
      "  synthetic: 400 requests, 40 distinct programs: sandbox runs %lld  hits %lld  "
      "hit rate %.3f  wall %.1f s (%.1f ms per request)\n",
      static_cast<long long>(stats.misses), static_cast<long long>(stats.hits), stats.hit_rate(),
      Seconds(start), 1000 * Seconds(start) / 400);
}

}  // namespace
}  // namespace ponder::bench

int main(int argc, char** argv) {
  std::string what = "all";
  size_t problems = 135;
  int runs = 100;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--problems" && i + 1 < argc) {
      problems = static_cast<size_t>(std::atoi(argv[++i]));
    } else if (arg == "--runs" && i + 1 < argc) {
      runs = std::atoi(argv[++i]);
    } else {
      what = arg;
    }
  }
  if (what == "throughput" || what == "all") ponder::bench::Throughput(problems);
  if (what == "overhead" || what == "all") ponder::bench::Overhead(runs);
  if (what == "cgroup" || what == "all") ponder::bench::MemoryCgroupCost(runs);
  if (what == "cache" || what == "all") ponder::bench::Cache();
  return 0;
}
