// The `ponder` subcommands. Each lives in its own file and adds itself to the
// app; its callback stores the process exit status in `exit_code`.
#pragma once

#include <CLI/CLI.hpp>

namespace ponder::cli {

void AddListCommand(CLI::App& app, int& exit_code);
void AddRunCommand(CLI::App& app, int& exit_code);
void AddGradeCommand(CLI::App& app, int& exit_code);
void AddExecCommand(CLI::App& app, int& exit_code);
void AddAppsCheckCommand(CLI::App& app, int& exit_code);
void AddTokenizeCommand(CLI::App& app, int& exit_code);
void AddReportCommand(CLI::App& app, int& exit_code);
void AddMergeCommand(CLI::App& app, int& exit_code);
void AddGenerateCommand(CLI::App& app, int& exit_code);

}  // namespace ponder::cli
