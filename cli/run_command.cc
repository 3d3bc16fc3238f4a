// `ponder run CONFIG.yaml [--db PATH] [--set key.path=value ...] [--shard I/N]`:
// runs an experiment (every sweep point) into a trace database, resuming an
// interrupted run of the same config.
#include <charconv>
#include <csignal>
#include <iostream>
#include <memory>
#include <set>
#include <stop_token>
#include <thread>

#include "cli/build_info.h"
#include "cli/commands.h"
#include "cli/components.h"
#include "experiments/config.h"
#include "experiments/progress.h"
#include "experiments/runner.h"

namespace ponder::cli {
namespace {

struct RunArgs {
  std::string config;
  std::string db;
  std::vector<std::string> overrides;
  std::string shard = "0/1";
};

StatusOr<experiments::Shard> ParseShard(const std::string& text) {
  experiments::Shard shard;
  const size_t slash = text.find('/');
  auto parse = [](std::string_view s, int64_t* out) {
    const auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), *out);
    return ec == std::errc() && ptr == s.data() + s.size();
  };
  if (slash == std::string::npos || !parse(std::string_view(text).substr(0, slash), &shard.index) ||
      !parse(std::string_view(text).substr(slash + 1), &shard.count) || shard.count < 1 ||
      shard.index < 0 || shard.index >= shard.count) {
    return InvalidArgumentError("--shard " + text + ": expected I/N with 0 <= I < N");
  }
  return shard;
}

// Ctrl-C (or SIGTERM) asks the run to stop cleanly; a second one ends the process at once.
class InterruptWatcher {
 public:
  InterruptWatcher() {
    sigemptyset(&signals_);
    sigaddset(&signals_, SIGINT);
    sigaddset(&signals_, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &signals_, nullptr);  // inherited by every thread started later
    watcher_ = std::jthread([this](std::stop_token done) {
      while (!done.stop_requested()) {
        timespec tick{0, 100'000'000};
        const int sig = sigtimedwait(&signals_, nullptr, &tick);
        if (sig <= 0) continue;
        if (source_.stop_requested()) std::_Exit(130);
        std::cerr << "\nponder: stopping after the problems in flight (Ctrl-C again to quit now); "
                     "run the same command again to resume\n";
        source_.request_stop();
      }
    });
  }
  std::stop_token token() const { return source_.get_token(); }

 private:
  sigset_t signals_;
  std::stop_source source_;
  std::jthread watcher_;
};

// Reads each distinct data set of the runs once, before the database is opened: a missing or
// malformed data file is then a configuration error that leaves nothing behind, even when only
// the last point of a sweep names it. Each run reads its data again when it starts; data files
// are small next to the models a run loads.
Status ReadEveryDataset(const std::vector<experiments::RunConfig>& runs,
                        const experiments::Components& components) {
  std::set<std::string> read;
  for (const experiments::RunConfig& run : runs) {
    std::string key = run.base_dir.string() + "\n" + run.dataset.name;
    for (const auto& [name, value] : run.dataset.params.values()) {
      key += "\n" + name + "=" + value.ToString();
    }
    if (!read.insert(key).second) continue;
    auto dataset = components.datasets.Create("dataset", run.dataset.name, run.dataset.params,
                                              experiments::ComponentEnv{.base_dir = run.base_dir});
    if (!dataset.ok()) return dataset.status().WithContext("dataset");
  }
  return OkStatus();
}

int Run(const RunArgs& args) {
  // First, before any thread exists: threads inherit the blocked signals, so Ctrl-C reaches
  // only the watcher and never kills a worker.
  InterruptWatcher interrupts;
  auto shard = ParseShard(args.shard);
  if (!shard.ok()) {
    std::cerr << "ponder run: " << shard.status().message() << "\n";
    return 2;
  }
  auto config = experiments::LoadExperimentConfig(args.config, args.overrides);
  if (!config.ok()) {
    std::cerr << "ponder run: " << config.status().message() << "\n";
    return 2;
  }
  experiments::Components components;
  RegisterAllComponents(components);
  for (const experiments::RunConfig& run : config->runs) {
    Status valid = experiments::CheckRunConfig(run, components);
    if (!valid.ok()) {
      std::cerr << "ponder run: " << args.config << ": " << valid.message() << "\n";
      return 2;
    }
  }
  if (Status data = ReadEveryDataset(config->runs, components); !data.ok()) {
    std::cerr << "ponder run: " << args.config << ": " << data.message() << "\n";
    return 2;
  }
  const std::string db =
      args.db.empty() ? std::filesystem::path(args.config).stem().string() + ".db" : args.db;
  auto store = traces::TraceStore::Open(db);
  if (!store.ok()) {
    std::cerr << "ponder run: " << store.status().message() << "\n";
    return 2;
  }

  int exit_code = 0;
  const size_t total = config->runs.size();
  for (size_t i = 0; i < total && !interrupts.token().stop_requested(); ++i) {
    const experiments::RunConfig& run = config->runs[i];
    std::string label = run.name + " [" + run.algorithm.name;
    for (const auto& [key, value] : run.sweep_point) label += " " + key + "=" + value.ToString();
    label += "]";
    if (total > 1)
      label = "run " + std::to_string(i + 1) + "/" + std::to_string(total) + " " + label;
    experiments::Progress progress(label);
    int64_t shown_errors = 0;
    experiments::RunEnv env{
        .stop = interrupts.token(),
        .shard = *shard,
        .ponder_version = PonderVersion(),
        .git_commit = GitCommit(),
        .on_problem_done =
            [&](const experiments::ProblemDone& done) {
              if (done.failed && shown_errors++ < 3) {
                std::cerr << "\nponder run: problem '" << done.problem_id
                          << "' failed: " << done.error << "\n";
              }
              progress.ProblemDone(done);
            },
        .on_start = [&](int64_t pending, int64_t skipped) { progress.Start(pending, skipped); },
    };
    auto summary = experiments::RunExperiment(run, components, **store, env);
    progress.Finish();
    if (!summary.ok()) {
      std::cerr << "ponder run: " << summary.status().message() << "\n";
      return 1;
    }
    if (summary->failed > 0) exit_code = 1;
  }
  Status closed = (*store)->Close();
  if (!closed.ok()) {
    std::cerr << "ponder run: " << closed.message() << "\n";
    return 1;
  }
  if (interrupts.token().stop_requested()) {
    std::cerr << "ponder run: interrupted; " << db << " holds what finished\n";
    return 130;
  }
  std::cout << "traces written to " << db << "\n";
  return exit_code;
}

}  // namespace

void AddRunCommand(CLI::App& app, int& exit_code) {
  auto args = std::make_shared<RunArgs>();
  auto* cmd =
      app.add_subcommand("run", "run an experiment from a YAML config into a trace database");
  cmd->add_option("config", args->config, "the experiment's YAML file")->required();
  cmd->add_option("--db", args->db, "the SQLite trace database (default: CONFIG's stem + .db)");
  cmd->add_option("--set", args->overrides, "override a setting: section.key=value (repeatable)");
  cmd->add_option("--shard", args->shard, "run only problems i with i mod N == I (I/N)");
  cmd->callback([args, &exit_code] { exit_code = Run(*args); });
}

}  // namespace ponder::cli
