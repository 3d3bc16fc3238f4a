// `ponder list`: every registered component, one per line as `KIND NAME`
// (kinds: algorithm, policy, scorer, grader, answers, dataset); with --params,
// each one's settings follow it, indented.
#include <iostream>
#include <memory>

#include "cli/commands.h"
#include "cli/components.h"

namespace ponder::cli {
namespace {

template <class R>
void Print(const char* kind, const R& registry, bool with_params) {
  for (const auto& entry : registry.entries()) {
    std::cout << kind << " " << entry.name << "\n";
    if (!with_params) continue;
    std::cout << "  " << entry.summary << "\n";
    for (const auto& p : entry.document()) {
      std::cout << "  " << p.key << " (" << p.type << ", default " << p.default_value
                << "): " << p.help << "\n";
    }
  }
}

}  // namespace

void AddListCommand(CLI::App& app, int& exit_code) {
  auto* cmd =
      app.add_subcommand("list", "print the registered components, one per line: KIND NAME");
  auto with_params = std::make_shared<bool>(false);
  cmd->add_flag("--params", *with_params, "also print each component's summary and settings");
  cmd->callback([with_params, &exit_code] {
    experiments::Components c;
    RegisterAllComponents(c);
    Print("algorithm", c.algorithms, *with_params);
    Print("policy", c.policies, *with_params);
    Print("scorer", c.scorers, *with_params);
    Print("grader", c.graders, *with_params);
    Print("answers", c.answers, *with_params);
    Print("dataset", c.datasets, *with_params);
    exit_code = 0;
  });
}

}  // namespace ponder::cli
