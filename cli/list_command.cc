// `ponder list`: every registered component, one per line as `KIND NAME`;
// with --params, each one's settings too.
#include <iostream>
#include <memory>

#include "cli/commands.h"
#include "search/registry.h"

namespace ponder::cli {

void AddListCommand(CLI::App& app, int& exit_code) {
  auto* cmd =
      app.add_subcommand("list", "print the registered components, one per line: KIND NAME");
  auto with_params = std::make_shared<bool>(false);
  cmd->add_flag("--params", *with_params, "also print each component's settings");
  cmd->callback([with_params, &exit_code] {
    AlgorithmRegistry algorithms;
    RegisterBuiltinAlgorithms(algorithms);
    for (const auto& entry : algorithms.entries()) {
      std::cout << "algorithm " << entry.name << "\n";
      if (*with_params) {
        for (const auto& p : entry.document()) {
          std::cout << "  " << p.key << " (" << p.type << ", default " << p.default_value
                    << "): " << p.help << "\n";
        }
      }
    }
    exit_code = 0;
  });
}

}  // namespace ponder::cli
