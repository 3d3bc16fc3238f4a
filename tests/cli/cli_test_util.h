// Running the built `ponder` binary from tests, as a user runs it.
#pragma once

#include <filesystem>
#include <string>

namespace ponder::testing {

struct Output {
  int exit_code;
  std::string out, err;
};

// A fresh folder named after the running test, under the test temp dir.
std::filesystem::path TempDir();

// Runs `ponder ARGS` (through the shell) in `dir`, stdin empty.
Output Ponder(const std::string& args, const std::filesystem::path& dir);

// An experiment on the synthetic arithmetic task, which needs no model: best_of_n with a
// noisy synthetic PRM over `count` problems, with the YAML `more` appended (a sweep, a
// runner section).
std::string SyntheticExperiment(const std::string& name, int count, const std::string& more);

std::string Slurp(const std::filesystem::path& path);
void Write(const std::filesystem::path& path, const std::string& text);

}  // namespace ponder::testing
