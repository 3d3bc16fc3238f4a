#include "sandbox/sandbox.h"

#include <signal.h>
#include <string.h>

#include <chrono>
#include <cmath>
#include <iostream>
#include <mutex>
#include <set>

#include "sandbox/output_compare.h"
#include "sandbox/run_dir.h"

namespace ponder::sandbox {
namespace {

using Clock = std::chrono::steady_clock;

constexpr size_t kDetailBytes = 300;

void ReportOnce(const std::string& report) {
  static std::mutex mu;
  static std::set<std::string>* reported = new std::set<std::string>();
  std::lock_guard<std::mutex> lock(mu);
  if (reported->insert(report).second) std::cerr << "ponder: " << report << std::endl;
}

std::string LastLine(std::string_view text) {
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r' || text.back() == ' ')) {
    text.remove_suffix(1);
  }
  size_t cut = text.find_last_of('\n');
  if (cut != std::string_view::npos) text.remove_prefix(cut + 1);
  return PrintableExcerpt(text, kDetailBytes);
}

std::string SignalName(int sig) {
  const char* abbrev = sigabbrev_np(sig);
  return abbrev ? std::string("SIG") + abbrev : "signal " + std::to_string(sig);
}

std::string Seconds(double s) {
  char buffer[32];
  snprintf(buffer, sizeof buffer, "%.3g s", s);
  return buffer;
}

ProcessLimits ToProcessLimits(const Limits& limits, double wall_s) {
  return ProcessLimits{
      .wall_s = wall_s,
      // The CPU limit backs up the wall clock (a process cannot use more CPU than wall time
      // unless it runs threads); rlimits count whole seconds.
      .cpu_s = static_cast<int64_t>(std::ceil(wall_s)) + 1,
      .address_space_bytes = limits.memory_mb << 20,
      .run_memory_bytes = limits.RunMemoryMb() << 20,
      .processes = limits.max_processes,
      .file_size_bytes = limits.file_size_mb << 20,
      .open_files = limits.open_files,
      .output_bytes = limits.output_limit_bytes,
      .scratch_bytes = limits.scratch_mb << 20,
  };
}

std::vector<std::string> Substitute(const std::vector<std::string>& argv,
                                    const std::string& fn_name) {
  std::vector<std::string> out = argv;
  for (std::string& arg : out) {
    // Searching on after the inserted name: a name holding "{fn_name}" is not expanded again.
    for (size_t at = arg.find("{fn_name}"); at != std::string::npos;
         at = arg.find("{fn_name}", at + fn_name.size())) {
      arg.replace(at, 9, fn_name);
    }
  }
  return out;
}

bool LooksLikeMemoryExhaustion(std::string_view last_line) {
  return last_line.starts_with("MemoryError") ||
         last_line.find("Cannot allocate memory") != std::string_view::npos ||
         last_line.find("std::bad_alloc") != std::string_view::npos;
}

// The verdict of a process that failed (did not exit with status 0, or had a process OOM-killed
// in its memory cgroup), or nullopt if it did not.
std::optional<TestOutcome> FailureOf(const ProcessOutcome& p, const ProcessLimits& limits) {
  TestOutcome t;
  if (p.out_of_memory) {
    // Whatever the program did next (a parent may survive its killed child), the run went
    // past its memory limit, as a judge would say.
    t.verdict = Verdict::kMemoryLimit;
    t.detail = "the run's processes used more than " +
               std::to_string(limits.run_memory_bytes >> 20) +
               " MiB together (killed by the kernel's out-of-memory killer)";
    return t;
  }
  const std::string last = LastLine(p.err);
  switch (p.end) {
    case ProcessOutcome::End::kWallTimeout:
      t.verdict = Verdict::kTimeLimit;
      t.detail = "ran longer than " + Seconds(limits.wall_s);
      return t;
    case ProcessOutcome::End::kOutputLimit:
      t.verdict = Verdict::kOutputLimit;
      t.detail = "wrote more than " + std::to_string(limits.output_bytes) + " bytes";
      return t;
    case ProcessOutcome::End::kSignaled:
      if (p.signal == SIGXCPU || (p.signal == SIGKILL && p.cpu_s >= limits.cpu_s)) {
        t.verdict = Verdict::kTimeLimit;
        t.detail = "used more than " + std::to_string(limits.cpu_s) + " s of CPU";
      } else if (LooksLikeMemoryExhaustion(last)) {
        t.verdict = Verdict::kMemoryLimit;
        t.detail = last;
      } else {
        t.verdict = Verdict::kRuntimeError;
        t.detail = "killed by " + SignalName(p.signal) + (last.empty() ? "" : ": " + last);
      }
      return t;
    case ProcessOutcome::End::kExited:
      if (p.exit_code == 0) return std::nullopt;
      t.verdict = LooksLikeMemoryExhaustion(last) ? Verdict::kMemoryLimit : Verdict::kRuntimeError;
      t.detail = last.empty() ? "exit status " + std::to_string(p.exit_code) : last;
      return t;
  }
  return t;
}

std::string Mismatch(std::string_view expected, std::string_view got) {
  return "expected " + PrintableExcerpt(expected, 120) + " got " + PrintableExcerpt(got, 120);
}

TestOutcome Judge(const TestSuite& tests, const TestCase& test, const ProcessOutcome& p,
                  const ProcessLimits& limits) {
  TestOutcome t = FailureOf(p, limits).value_or(TestOutcome{});
  t.wall_s = p.wall_s;
  t.cpu_s = p.cpu_s;
  t.peak_memory_kb = p.peak_rss_kb;
  if (t.verdict != Verdict::kPassed) return t;
  if (tests.kind() == TestKind::kStandardInput) {
    if (CompareStdout(p.out, test.expected) == MatchStage::kNone) {
      t.verdict = Verdict::kWrongAnswer;
      t.detail = Mismatch(test.expected, p.out);
    }
    return t;
  }
  std::string_view channel = p.channel;
  if (channel.empty()) {
    t.verdict = Verdict::kRuntimeError;
    t.detail = "the program ended without returning from " + tests.fn_name();
  } else if (channel.front() == 'E') {
    t.verdict = Verdict::kWrongAnswer;
    t.detail = PrintableExcerpt(channel.substr(1), kDetailBytes);
  } else if (channel.front() != 'R' || !CompareReturnValue(channel.substr(1), test.expected)) {
    t.verdict = Verdict::kWrongAnswer;
    t.detail = Mismatch(test.expected, channel.substr(1));
  }
  return t;
}

}  // namespace

StatusOr<std::unique_ptr<Sandbox>> Sandbox::Create(const JailOptions& options) {
  PONDER_ASSIGN_OR_RETURN(std::unique_ptr<Jail> jail, Jail::Create(options));
  if (!jail->unavailable().empty()) ReportOnce(jail->Report());
  return std::unique_ptr<Sandbox>(new Sandbox(std::move(jail)));
}

StatusOr<RunResult> Sandbox::Run(const RunRequest& request, int slot) const {
  if (request.language == nullptr || request.tests == nullptr) {
    return InvalidArgumentError("a sandbox run needs a language and tests");
  }
  PONDER_RETURN_IF_ERROR(request.limits.Validate().WithContext("sandbox limits"));
  const LanguageSpec& language = *request.language;
  const TestSuite& tests = *request.tests;
  if (tests.kind() == TestKind::kCallBased && language.call_argv.empty()) {
    return InvalidArgumentError("language " + language.name +
                                " cannot run call-based tests (fn_name " + tests.fn_name() + ")");
  }
  const Clock::time_point start = Clock::now();
  const Limits& limits = request.limits;
  auto remaining = [&] {
    return limits.total_time_limit_s - std::chrono::duration<double>(Clock::now() - start).count();
  };

  PONDER_ASSIGN_OR_RETURN(std::unique_ptr<RunDir> dir, RunDir::Create(jail_->options().temp_dir));
  PONDER_RETURN_IF_ERROR(dir->WriteFile(language.source_file, request.program));
  for (const auto& [name, contents] : language.support_files) {
    PONDER_RETURN_IF_ERROR(dir->WriteFile(name, contents));
  }

  RunResult result;
  result.tests.resize(tests.size());
  if (!language.compile_argv.empty()) {
    const ProcessLimits compile_limits = ToProcessLimits(limits, remaining());
    const JailedCommand compile{.argv = Substitute(language.compile_argv, tests.fn_name()),
                                .env = language.env,
                                .stdin_data = {},
                                .result_channel = false,
                                .limits = compile_limits};
    PONDER_ASSIGN_OR_RETURN(ProcessOutcome compiled, jail_->Run(compile, *dir, slot));
    result.peak_memory_kb = compiled.peak_rss_kb;
    if (std::optional<TestOutcome> failed = FailureOf(compiled, compile_limits)) {
      result.compile_detail = "compile step: " + failed->detail;
      for (TestOutcome& t : result.tests) {
        t.verdict = Verdict::kCompileError;
        t.detail = result.compile_detail;
      }
      Summarize(result);
      result.wall_s = std::chrono::duration<double>(Clock::now() - start).count();
      return result;
    }
  }

  const std::vector<std::string> call_argv = Substitute(language.call_argv, tests.fn_name());
  for (size_t i = 0; i < tests.size(); ++i) {
    const TestCase& test = tests.cases()[i];
    const double left = remaining();
    if (left <= 0) {
      result.tests[i] = {.verdict = Verdict::kTimeLimit,
                         .detail = "not run: the total time limit of " +
                                   Seconds(limits.total_time_limit_s) + " was used up"};
      continue;
    }
    const ProcessLimits process_limits =
        ToProcessLimits(limits, std::min(limits.time_limit_s, left));
    const bool call = tests.kind() == TestKind::kCallBased;
    PONDER_ASSIGN_OR_RETURN(ProcessOutcome outcome,
                            jail_->Run({.argv = call ? call_argv : language.run_argv,
                                        .env = language.env,
                                        .stdin_data = test.input,
                                        .result_channel = call,
                                        .limits = process_limits},
                                       *dir, slot));
    result.tests[i] = Judge(tests, test, outcome, process_limits);
    result.peak_memory_kb = std::max(result.peak_memory_kb, outcome.peak_rss_kb);
  }
  Summarize(result);
  result.wall_s = std::chrono::duration<double>(Clock::now() - start).count();
  return result;
}

}  // namespace ponder::sandbox
