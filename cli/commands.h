// The `ponder` subcommands. Each lives in its own file and adds itself to the
// app; its callback stores the process exit status in `exit_code`.
#pragma once

#include <CLI/CLI.hpp>

namespace ponder::cli {

void AddListCommand(CLI::App& app, int& exit_code);
void AddTokenizeCommand(CLI::App& app, int& exit_code);
void AddGenerateCommand(CLI::App& app, int& exit_code);

}  // namespace ponder::cli
