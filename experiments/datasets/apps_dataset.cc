// APPS problems with their tests (Hendrycks et al. 2021), read with the code
// verifiers' APPS reader. The shared subset comes from APPS's *train* split: its
// label says so in every report.
//
// The search sees the question, the starter code and the public tests (the
// first `public_tests` share of each problem's tests, at least one); the
// grader checks all tests, as APPS reports strict accuracy and the test-case
// average over every test. Reference solutions stay out of the search's view.
//
// The prompt is built in one of two forms (`prompt_format`):
//   apps      APPS's own generation prompt (Hendrycks et al. 2021, as PG-TD also uses it):
//             "\nQUESTION:\n" question, the starter code on a new line when there is one,
//             "\nUse Standard Input format" or "\nUse Call-Based format", "\nANSWER:\n".
//             For base models, and to compare with those papers' numbers.
//   instruct  for chat models: the question, the starter code, one sentence on how the program
//             is run, and a request for a single ```python block (what the code verifiers read).
#include "verifiers/code/apps_dataset.h"

#include <cmath>
#include <set>

#include "experiments/datasets/datasets.h"

namespace ponder::experiments {
namespace {

enum class AppsPrompt : uint8_t { kApps, kInstruct };

struct AppsOptions {
  std::string path;
  std::string label = "APPS (train split subset)";
  double public_tests = 0.5;
  AppsPrompt prompt_format = AppsPrompt::kApps;

  void Bind(ParamBinder& b) {
    b.String("path", &path, "the APPS JSONL file, relative to the config's folder");
    b.String("label", &label, "the data set's name in reports");
    b.Double("public_tests", &public_tests, 0, 1,
             "share of each problem's tests the search may see (at least one)");
    static constexpr std::pair<std::string_view, AppsPrompt> kFormats[] = {
        {"apps", AppsPrompt::kApps}, {"instruct", AppsPrompt::kInstruct}};
    b.Enum<AppsPrompt>("prompt_format", &prompt_format, kFormats,
                       "apps: APPS's QUESTION/ANSWER prompt; instruct: a request for a "
                       "```python block, for chat models");
  }
  Status Validate() const {
    if (path.empty()) return InvalidArgumentError("path: the dataset file must be given");
    return OkStatus();
  }
};

std::string AppsPromptText(const AppsProblem& p) {
  std::string text = "\nQUESTION:\n" + p.question;
  if (!p.starter_code.empty()) text += "\n" + p.starter_code;
  text += p.fn_name.empty() ? "\nUse Standard Input format" : "\nUse Call-Based format";
  return text + "\nANSWER:\n";
}

std::string InstructPromptText(const AppsProblem& p) {
  std::string text = p.question;
  if (!p.starter_code.empty()) text += "\n\nStarter code:\n```python\n" + p.starter_code + "\n```";
  text += p.fn_name.empty()
              ? "\n\nWrite a Python 3 program that reads the input from standard input and "
                "prints the answer to standard output."
              : "\n\nComplete the starter code in Python 3: `" + p.fn_name +
                    "` is called with each test's arguments and its return value is checked.";
  return text + " Give the whole program in one ```python code block.";
}

StatusOr<std::unique_ptr<Dataset>> ReadApps(const AppsOptions& o, const ComponentEnv& env) {
  const std::string path = (env.base_dir / o.path).string();
  PONDER_ASSIGN_OR_RETURN(std::vector<AppsProblem> problems, ReadAppsProblems(path));
  if (problems.empty()) return InvalidArgumentError(path + ": the dataset file is empty");
  auto dataset = std::make_unique<Dataset>();
  dataset->label = o.label;
  std::set<std::string> ids;
  for (const AppsProblem& p : problems) {
    if (p.id.empty()) return InvalidArgumentError(path + ": a problem has an empty id");
    if (!ids.insert(p.id).second) {
      return InvalidArgumentError(path + ": duplicate id '" + p.id + "'");
    }
    if (p.test_count() == 0) {
      return InvalidArgumentError(path + ": problem '" + p.id + "' has no tests");
    }
    const size_t shown = std::max<size_t>(
        1, static_cast<size_t>(std::floor(o.public_tests * static_cast<double>(p.test_count()))));
    DatasetItem item;
    item.problem.id = p.id;
    item.problem.prompt =
        o.prompt_format == AppsPrompt::kApps ? AppsPromptText(p) : InstructPromptText(p);
    item.problem.attributes = {{"task", "code"},
                               {"public_tests", p.TestsJson(shown)},
                               {"starter_code", p.starter_code},
                               {"difficulty", p.difficulty}};
    if (!p.fn_name.empty()) item.problem.attributes["fn_name"] = p.fn_name;
    item.reference.tests_json = p.TestsJson();
    dataset->items.push_back(std::move(item));
  }
  return dataset;
}

}  // namespace

void RegisterAppsDataset(DatasetRegistry& registry) {
  RegisterComponent<AppsOptions, Dataset>(registry, "dataset", "apps",
                                          "APPS coding problems with stdin and call-based tests",
                                          ReadApps);
}

}  // namespace ponder::experiments
