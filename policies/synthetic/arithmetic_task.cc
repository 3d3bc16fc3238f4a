#include "policies/synthetic/arithmetic_task.h"

#include <charconv>
#include <numeric>

namespace ponder::synthetic {
namespace {

bool ParseInt(std::string_view text, int64_t* out) {
  const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), *out);
  return ec == std::errc() && ptr == text.data() + text.size();
}

}  // namespace

int64_t ArithmeticTask::Sum() const {
  return std::accumulate(terms.begin(), terms.end(), int64_t{0});
}

Problem MakeProblem(std::string id, const ArithmeticTask& task) {
  std::string list, terms;
  for (size_t i = 0; i < task.terms.size(); ++i) {
    const std::string t = std::to_string(task.terms[i]);
    list += (i == 0 ? "" : i + 1 == task.terms.size() ? " and " : ", ") + t;
    terms += (i == 0 ? "" : " ") + t;
  }
  return Problem{
      .id = std::move(id),
      .prompt = "Add the numbers " + list +
                ". Write one addition per line and finish with \"answer: <sum>\".",
      .attributes = {{"terms", terms}},
  };
}

StatusOr<ArithmeticTask> TaskOf(const Problem& problem) {
  auto it = problem.attributes.find("terms");
  if (it == problem.attributes.end()) {
    return InvalidArgumentError("problem '" + problem.id +
                                "' is not a synthetic arithmetic problem (no 'terms' attribute)");
  }
  ArithmeticTask task;
  std::string_view rest = it->second;
  while (!rest.empty()) {
    const size_t space = rest.find(' ');
    int64_t value;
    if (!ParseInt(rest.substr(0, space), &value)) {
      return InvalidArgumentError("problem '" + problem.id + "': bad term list '" + it->second +
                                  "'");
    }
    task.terms.push_back(value);
    rest = space == std::string_view::npos ? std::string_view() : rest.substr(space + 1);
  }
  if (task.terms.size() < 2) {
    return InvalidArgumentError("problem '" + problem.id + "' needs at least two terms");
  }
  return task;
}

std::vector<StepLine> ParseSteps(std::string_view solution) {
  std::vector<StepLine> steps;
  while (!solution.empty()) {
    const size_t end = solution.find('\n');
    const std::string_view line = solution.substr(0, end);
    const size_t plus = line.find(" + "), eq = line.find(" = ");
    StepLine s;
    if (plus == std::string_view::npos || eq == std::string_view::npos || eq < plus ||
        !ParseInt(line.substr(0, plus), &s.lhs) ||
        !ParseInt(line.substr(plus + 3, eq - plus - 3), &s.term) ||
        !ParseInt(line.substr(eq + 3), &s.result)) {
      break;
    }
    steps.push_back(s);
    if (end == std::string_view::npos) break;
    solution.remove_prefix(end + 1);
  }
  return steps;
}

std::string StepText(const ArithmeticTask& task, int index, int64_t running_total, int64_t result) {
  std::string text = std::to_string(running_total) + " + " + std::to_string(task.terms[index + 1]) +
                     " = " + std::to_string(result) + "\n";
  if (index + 1 == task.steps()) text += "answer: " + std::to_string(result) + "\n";
  return text;
}

}  // namespace ponder::synthetic
