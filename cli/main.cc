// ponder: search-based test-time scaling for language-model reasoning.
#include <iostream>

#include "cli/commands.h"

int main(int argc, char** argv) {
  CLI::App app{"ponder: search-based test-time scaling of language-model reasoning", "ponder"};
  app.require_subcommand(1);
  int exit_code = 0;
  ponder::cli::AddListCommand(app, exit_code);
  ponder::cli::AddRunCommand(app, exit_code);
  ponder::cli::AddGradeCommand(app, exit_code);
  ponder::cli::AddExecCommand(app, exit_code);
  ponder::cli::AddAppsCheckCommand(app, exit_code);
  ponder::cli::AddTokenizeCommand(app, exit_code);
  ponder::cli::AddReportCommand(app, exit_code);
  ponder::cli::AddMergeCommand(app, exit_code);
#if PONDER_WITH_TORCH
  ponder::cli::AddGenerateCommand(app, exit_code);
#endif
  // CLI11 answers an unknown command with "A subcommand is required"; name it instead.
  if (argc > 1 && argv[1][0] != '-') {
    std::string known;
    bool found = false;
    for (const CLI::App* command : app.get_subcommands({})) {
      known += (known.empty() ? "" : ", ") + command->get_name();
      found = found || command->get_name() == argv[1];
    }
    if (!found) {
      std::cerr << "ponder: unknown command '" << argv[1] << "'; commands: " << known << "\n";
      return 2;
    }
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }
  return exit_code;
}
