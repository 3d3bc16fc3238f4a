// ModelScorer: a search::Scorer over a RewardModel (a PRM or a value model).
//
// The path's text is split into steps at the step delimiter (the delimiter
// itself is dropped), and the scorer's input is laid out as its model was
// trained to read it:
//   prompt (PromptEncoder) + step_1 + tag [+ separator + step_2 + tag ...]
// With a tag (Math-Shepherd's " ки", Qwen2.5-Math-PRM's "<extra_0>") the
// whole input is tokenized at once, as the reference code does, and a score
// is read wherever the tag's token occurs; without one (value models), the
// prompt and each step are tokenized separately and a score is read at each
// step's last token. The result has a score for every step when the steps
// line up with the tree's nodes, else only the last step's score.
//
// Presets give the published formats:
//   math-shepherd  plain prompt + " ", tag " ки", separator "\n"
//   qwen-prm       chat prompt with Qwen2.5-Math-PRM's system prompt, tag "<extra_0>"
//   value          plain prompt, no tag: scores at each step's end
// Caching: each node whose text ends where a step (and its tag) ends is
// marked, so a child's input reuses its parent's. Thread-safety: as the model.
#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "models/core/prompt.h"
#include "models/core/reward_model.h"
#include "search/scorer.h"

namespace ponder {

struct ModelScorerOptions {
  std::string preset = "custom";  // math-shepherd, qwen-prm, value, or custom (the fields below)
  PromptOptions prompt;
  std::string step_delimiter = "\n\n";
  std::string step_tag;        // text after each step whose last token carries the score
  std::string step_separator;  // text between one step's tag and the next step

  // Fills the fields of a named preset; "custom" leaves them as set.
  Status ApplyPreset();
  void Bind(ParamBinder& binder);
  Status Validate() const;
};

// Splits `text` at `delimiter`, dropping the delimiters and empty trailing pieces.
std::vector<std::string> SplitSteps(std::string_view text, std::string_view delimiter);

class ModelScorer final : public Scorer {
 public:
  // Applies options.preset. `model_dir` locates the chat template for chat prompts.
  static StatusOr<std::unique_ptr<ModelScorer>> Create(RewardModel& model,
                                                       const Tokenizer& tokenizer,
                                                       ModelScorerOptions options,
                                                       const std::filesystem::path& model_dir);

  std::vector<StatusOr<Score>> ScoreBatch(std::span<const ScoreRequest> requests) override;
  void Forget(const Tree& tree, std::span<const NodeId> nodes) override;

 private:
  // An input for the model, and the tree node (if any) ending at each step.
  struct Input {
    ScoreAtRequest request;
    size_t steps = 0;
  };

  ModelScorer(RewardModel& model, const Tokenizer& tokenizer, ModelScorerOptions options,
              PromptEncoder prompt, std::optional<int32_t> tag_token);
  StatusOr<Input> BuildInput(const ScoreRequest& request) const;

  RewardModel& model_;
  const Tokenizer& tokenizer_;
  ModelScorerOptions options_;
  PromptEncoder prompt_;
  std::optional<int32_t> tag_token_;
};

}  // namespace ponder
