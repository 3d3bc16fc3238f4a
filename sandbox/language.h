// LanguageSpec: how to compile and run programs of one language inside the sandbox.
//
// A run writes the program as `source_file` (plus any support files) into a fresh directory
// that the sandbox mounts read-only as its working directory, runs `compile_argv` once, then
// one process per test: `run_argv` for standard-input tests, `call_argv` for call-based ones.
// Argument strings may contain "{fn_name}", replaced by the suite's function name ("" for
// standard-input tests). A
// call-based process reads the JSON array of arguments on stdin and writes its outcome on
// file descriptor 3: "R" followed by the return value as JSON, or "E" followed by a reason
// the value could not be reported (e.g. not JSON-serializable).
//
// Plain value; Python3Language() returns a process-wide constant.
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace ponder::sandbox {

struct LanguageSpec {
  std::string name;         // "python3"; part of the result-cache key
  std::string source_file;  // the program's file name in the working directory
  std::vector<std::pair<std::string, std::string>> support_files;  // name, contents
  std::vector<std::string> env;  // "NAME=value" entries added to the sandbox's fixed environment
  // Runs once before the tests; a non-zero exit is a compile error whose detail is the last
  // line of stderr. Empty: no compile step.
  std::vector<std::string> compile_argv;
  std::vector<std::string> run_argv;
  std::vector<std::string> call_argv;  // empty: call-based tests are not supported
};

// Python 3 with Debian's /usr/bin/python3 (not a pyenv or venv interpreter: the sandbox only
// shows /usr). Programs run as APPS's harness runs them: standard-input programs as the
// __main__ module; call-based ones as a module named "tmp_sol" that first gets APPS's
// imports (itertools, collections, math, typing's List and Tuple, heapq, ... but not numpy,
// whose import costs ~60 ms), then calls fn_name on an instance of class Solution when the
// source defines one, else the module-level function. The compile step is a syntax check. A
// standard-input program that is not valid as a script but is once wrapped in a function the
// way APPS's harness wraps it (a top-level return or nonlocal) runs wrapped, as in APPS.
const LanguageSpec& Python3Language();

}  // namespace ponder::sandbox
