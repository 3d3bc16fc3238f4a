// `ponder merge OUT.db IN.db...`: joins the trace databases of a sharded
// experiment (one per `ponder run --shard I/N`) into OUT, creating it or
// adding to it; each config's shards become one run. Incompatible inputs are
// refused with the files named, and OUT is left as it was (docs/reports.md,
// "Merging shards"). A merged run with missing or unfinished shards is
// written, marked failed, with a warning on stderr.
#include <iostream>
#include <memory>

#include "cli/commands.h"
#include "traces/trace_merge.h"

namespace ponder::cli {
namespace {

struct MergeArgs {
  std::string output;
  std::vector<std::string> inputs;
};

int Merge(const MergeArgs& args) {
  StatusOr<traces::MergeSummary> merged = traces::MergeTraceDatabases(args.output, args.inputs);
  if (!merged.ok()) {
    std::cerr << "ponder merge: " << merged.status().message() << "\n";
    return 2;
  }
  for (const std::string& line : merged->incomplete) {
    std::cerr << "ponder merge: warning: " << line << "\n";
  }
  std::cout << "merged " << merged->merged_runs << " sharded run(s) and copied "
            << merged->copied_runs << " run(s) into " << args.output << " (" << merged->problems
            << " problems, " << merged->nodes << " nodes, " << merged->events << " events)\n";
  return 0;
}

}  // namespace

void AddMergeCommand(CLI::App& app, int& exit_code) {
  auto args = std::make_shared<MergeArgs>();
  auto* cmd = app.add_subcommand(
      "merge", "join the trace databases of `ponder run --shard I/N` into one database");
  cmd->add_option("output", args->output, "the database to create or add to")->required();
  cmd->add_option("inputs", args->inputs, "the shard databases (and any others to copy)")
      ->required();
  cmd->callback([args, &exit_code] { exit_code = Merge(*args); });
}

}  // namespace ponder::cli
