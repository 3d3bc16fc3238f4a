// `ponder grade --answer A --reference R`: prints `true` when the final answer A
// is equivalent to the reference answer R under the math grading rules
// (docs/math-grading.md), else `false`; the exit status is 0 either way. A usage
// error, or a reference that cannot be graded against (empty, not UTF-8,
// unbalanced braces), exits non-zero with the reason on stderr.
#include <iostream>
#include <memory>
#include <string>

#include "cli/commands.h"
#include "verifiers/math/answer_check.h"

namespace ponder::cli {

void AddGradeCommand(CLI::App& app, int& exit_code) {
  auto* cmd = app.add_subcommand("grade", "check a final math answer against a reference answer");
  auto answer = std::make_shared<std::string>();
  auto reference = std::make_shared<std::string>();
  cmd->add_option("--answer", *answer, "the final answer, LaTeX or plain text")->required();
  cmd->add_option("--reference", *reference, "the reference answer")->required();
  cmd->callback([answer, reference, &exit_code] {
    const auto verdict = math::CompareAnswers(*answer, *reference, math::EquivalenceOptions{});
    if (!verdict.ok()) {
      std::cerr << "ponder grade: " << verdict.status().message() << "\n";
      exit_code = 2;
      return;
    }
    std::cout << (verdict->equivalent ? "true" : "false") << "\n";
    exit_code = 0;
  });
}

}  // namespace ponder::cli
