// Verdicts: what happened to one test of one program, and to the whole run.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ponder::sandbox {

enum class Verdict : uint8_t {
  kPassed,
  kWrongAnswer,
  kRuntimeError,  // non-zero exit or a fatal signal; detail holds the exception's last line
  kTimeLimit,     // per-test wall clock, CPU time, or the run's total time ran out
  kMemoryLimit,   // the address-space limit was hit (MemoryError, failed allocation)
  kOutputLimit,   // more output than Limits::output_limit_bytes
  kCompileError,  // the compile step failed (for Python: a syntax error); no test ran
};

std::string_view VerdictName(Verdict verdict);  // "passed", "wrong_answer", ...
std::optional<Verdict> VerdictFromName(std::string_view name);

struct TestOutcome {
  Verdict verdict = Verdict::kPassed;
  std::string detail;  // short, valid UTF-8: an error's last line, or expected vs got
  double wall_s = 0;
  double cpu_s = 0;
  int64_t peak_memory_kb = 0;  // peak resident set size of the test's process
};

struct RunResult {
  Verdict overall = Verdict::kPassed;  // kPassed when every test passed, else the first failure
  std::vector<TestOutcome> tests;      // one per test, in the suite's order
  int passed = 0;
  double wall_s = 0;           // compile step plus all tests
  int64_t peak_memory_kb = 0;  // max over the compile step and the tests
  std::string compile_detail;  // the compiler's message when overall is kCompileError

  double pass_rate() const {
    return tests.empty() ? 0.0 : static_cast<double>(passed) / static_cast<double>(tests.size());
  }
  bool all_passed() const { return !tests.empty() && passed == static_cast<int>(tests.size()); }
};

// Sets `passed` and `overall` from the per-test verdicts (overall: first non-passed verdict).
void Summarize(RunResult& result);

// Makes `text` valid UTF-8 (invalid bytes become U+FFFD) and cuts it to about `max_bytes`,
// marking the cut with "...". For details that end up in JSON or a terminal.
std::string PrintableExcerpt(std::string_view text, size_t max_bytes);

}  // namespace ponder::sandbox
