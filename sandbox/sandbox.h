// Sandbox: runs one program against a TestSuite inside the Jail and returns the verdicts.
//
// One run: a fresh RunDir holding the program and the language's support files, the
// language's compile step (a compile error ends the run), then one jailed process per test,
// each under the per-test time limit and what is left of the total. A call-based test gets
// its arguments on stdin and reports the return value on file descriptor 3 (language.h).
//
// Thread-safety: Run() may be called concurrently with distinct slots (0 .. slots-1); the
// pool (pool.h) hands slots out. No exception leaves Run(); an error Status means the
// sandbox itself failed (not the program).
#pragma once

#include <memory>
#include <string_view>

#include "sandbox/jail.h"
#include "sandbox/language.h"
#include "sandbox/limits.h"
#include "sandbox/test_suite.h"
#include "sandbox/verdict.h"
#include "search/base/status.h"

namespace ponder::sandbox {

struct RunRequest {
  const LanguageSpec* language = nullptr;
  std::string_view program;
  const TestSuite* tests = nullptr;
  Limits limits;
};

class Sandbox {
 public:
  // Probes the machine (Jail::Create). When a requested layer is unavailable, the report
  // goes to stderr once per process (and stays readable through jail().Report()).
  static StatusOr<std::unique_ptr<Sandbox>> Create(const JailOptions& options);

  const Jail& jail() const { return *jail_; }
  int slots() const { return jail_->options().slots; }

  StatusOr<RunResult> Run(const RunRequest& request, int slot) const;

 private:
  explicit Sandbox(std::unique_ptr<Jail> jail) : jail_(std::move(jail)) {}

  std::unique_ptr<Jail> jail_;
};

}  // namespace ponder::sandbox
