#include "experiments/components.h"

#include "experiments/datasets/datasets.h"
#include "policies/synthetic/synthetic_policy.h"
#include "policies/synthetic/synthetic_prm.h"
#include "verifiers/basic/exact_grader.h"
#include "verifiers/basic/likelihood_scorer.h"
#include "verifiers/code/apps_grader.h"
#include "verifiers/code/public_test_scorer.h"
#include "verifiers/math/math_grader.h"

namespace ponder::experiments {
namespace {

struct NoOptions {
  void Bind(ParamBinder&) {}
  Status Validate() const { return OkStatus(); }
};

struct MarkerOptions {
  std::string marker = "answer:";
  void Bind(ParamBinder& b) {
    b.String("marker", &marker, "the answer is the rest of the line after the last marker");
  }
  Status Validate() const {
    if (marker.empty()) return InvalidArgumentError("marker must not be empty");
    return OkStatus();
  }
};

template <class T>
auto Make = [](const auto&, const ComponentEnv&) { return std::make_unique<T>(); };

// States no answer: for tasks graded on the whole solution (code).
class NoAnswerExtractor final : public AnswerExtractor {
 public:
  std::optional<std::string> Extract(std::string_view) const override { return std::nullopt; }
};

// Builds a component that runs programs through the run's shared sandbox pool.
template <class Base, class T>
auto WithSandbox =
    [](const sandbox::Limits& limits, const ComponentEnv& env) -> StatusOr<std::unique_ptr<Base>> {
  if (env.shared == nullptr) return FailedPreconditionError("no sandbox pool in this context");
  PONDER_ASSIGN_OR_RETURN(sandbox::SandboxPool * pool, env.shared->SandboxPool());
  return std::unique_ptr<Base>(std::make_unique<T>(*pool, limits));
};

}  // namespace

void RegisterBuiltinComponents(Components& c) {
  RegisterBuiltinAlgorithms(c.algorithms);
  RegisterBuiltinDatasets(c.datasets);

  RegisterComponent<synthetic::SyntheticPolicyOptions, Policy>(
      c.policies, "policy", "synthetic", "simulated model for synthetic_arithmetic (zero cost)",
      [](const synthetic::SyntheticPolicyOptions& o, const ComponentEnv&) {
        return std::make_unique<synthetic::SyntheticPolicy>(o);
      });
  RegisterComponent<synthetic::SyntheticPrmOptions, Scorer>(
      c.scorers, "scorer", "synthetic_prm", "simulated PRM for synthetic_arithmetic (zero cost)",
      [](const synthetic::SyntheticPrmOptions& o, const ComponentEnv&) {
        return std::make_unique<synthetic::SyntheticPrm>(o);
      });
  RegisterComponent<NoOptions, Scorer>(
      c.scorers, "scorer", "likelihood",
      "the policy's own confidence in each step, exp(mean token log-probability); no model call",
      Make<LikelihoodScorer>);
  RegisterComponent<sandbox::Limits, Scorer>(
      c.scorers, "scorer", "public_tests",
      "share of the problem's public tests a complete program passes (sandboxed; PG-TD's reward)",
      WithSandbox<Scorer, PublicTestScorer>);
  RegisterComponent<sandbox::Limits, Grader>(
      c.graders, "grader", "code",
      "runs the program on all tests: correct = all pass (APPS strict accuracy), score = share "
      "passed (test-case average)",
      WithSandbox<Grader, AppsGrader>);
  RegisterComponent<NoOptions, AnswerExtractor>(c.answers, "answers", "none",
                                                "no answers: candidates are whole solutions",
                                                Make<NoAnswerExtractor>);
  RegisterComponent<NoOptions, Grader>(c.graders, "grader", "exact",
                                       "the answer equals the reference (whitespace trimmed)",
                                       Make<ExactGrader>);
  RegisterComponent<math::EquivalenceOptions, Grader>(
      c.graders, "grader", "math",
      "final answer equivalent to the reference (LaTeX normalised; numbers, fractions, "
      "radicals, intervals, tuples, sets, equations)",
      [](const math::EquivalenceOptions& o, const ComponentEnv&) {
        return std::make_unique<MathGrader>(o);
      });
  RegisterComponent<NoOptions, AnswerExtractor>(
      c.answers, "answers", "math",
      "the last \\boxed{} (or 'the answer is', or the last number), as a canonical key",
      Make<MathAnswerExtractor>);
  RegisterComponent<MarkerOptions, AnswerExtractor>(
      c.answers, "answers", "marker", "the text after the last marker, e.g. 'answer:'",
      [](const MarkerOptions& o, const ComponentEnv&) {
        return std::make_unique<MarkerAnswerExtractor>(o.marker);
      });
}

}  // namespace ponder::experiments
