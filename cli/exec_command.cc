// `ponder exec PROGRAM.py --tests TESTS.json [--time-limit S] [--memory-mb M]`: runs one
// Python program in the sandbox on APPS-format tests and prints one JSON object: the overall
// verdict, per-test verdicts, the passed count, time and peak memory.
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>

#include "cli/commands.h"
#include "sandbox/language.h"
#include "sandbox/result_json.h"
#include "sandbox/sandbox.h"

namespace ponder::cli {
namespace {

struct ExecArgs {
  std::string program_path;
  std::string tests_path;
  sandbox::Limits limits;
};

StatusOr<std::string> ReadWholeFile(const std::string& path, const char* what) {
  // A directory opens as a stream that reads nothing: it would run as an empty program.
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) {
    return InvalidArgumentError("cannot read " + std::string(what) + " " + path +
                                ": it is a directory");
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) return NotFoundError("cannot read " + std::string(what) + " " + path);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

Status Exec(const ExecArgs& args) {
  PONDER_RETURN_IF_ERROR(args.limits.Validate());
  PONDER_ASSIGN_OR_RETURN(std::string program, ReadWholeFile(args.program_path, "program"));
  PONDER_ASSIGN_OR_RETURN(std::string tests_text, ReadWholeFile(args.tests_path, "tests"));
  PONDER_ASSIGN_OR_RETURN(sandbox::TestSuite tests,
                          sandbox::TestSuite::Parse(tests_text, args.tests_path));
  PONDER_ASSIGN_OR_RETURN(std::unique_ptr<sandbox::Sandbox> box,
                          sandbox::Sandbox::Create(sandbox::JailOptions{}));
  PONDER_ASSIGN_OR_RETURN(
      sandbox::RunResult result,
      box->Run({&sandbox::Python3Language(), program, &tests, args.limits}, /*slot=*/0));
  nlohmann::json out = sandbox::ToJson(result);
  out["program"] = args.program_path;
  out["isolation"] = box->jail().active().Describe();
  std::cout << out.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << std::endl;
  return OkStatus();
}

}  // namespace

void AddExecCommand(CLI::App& app, int& exit_code) {
  auto args = std::make_shared<ExecArgs>();
  auto* cmd = app.add_subcommand("exec", "run a Python program in the sandbox on APPS tests");
  cmd->add_option("program", args->program_path, "the Python program (PROGRAM.py)")->required();
  cmd->add_option("--tests", args->tests_path,
                  "APPS test JSON: {\"inputs\": [...], \"outputs\": [...], \"fn_name\": ...}")
      ->required();
  // Limits::Validate checks both, naming the limit (exit 1, as for the other bad input).
  cmd->add_option("--time-limit", args->limits.time_limit_s, "seconds per test (default 4)");
  cmd->add_option("--memory-mb", args->limits.memory_mb, "address space per process, MiB");
  cmd->callback([args, &exit_code] {
    Status status = Exec(*args);
    if (!status.ok()) {
      std::cerr << "ponder exec: " << status.ToString() << std::endl;
      exit_code = 1;
    }
  });
}

}  // namespace ponder::cli
