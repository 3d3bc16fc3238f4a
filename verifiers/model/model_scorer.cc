#include "verifiers/model/model_scorer.h"

namespace ponder {

// Qwen2.5-Math-PRM's model card system prompt.
constexpr const char* kQwenPrmSystem =
    "Please reason step by step, and put your final answer within \\boxed{}.";

Status ModelScorerOptions::ApplyPreset() {
  if (preset == "custom") return OkStatus();
  // Whole-struct assignments: g++ 12 misreports -Wrestrict on assigning literals to fields.
  if (preset == "math-shepherd") {
    prompt = PromptOptions{.format = "plain", .suffix = " "};
    step_tag = std::string(" ки");
    step_separator = std::string("\n");
  } else if (preset == "qwen-prm") {
    prompt = PromptOptions{.format = "chat", .system_prompt = kQwenPrmSystem};
    step_tag = std::string("<extra_0>");
    step_separator.clear();
  } else if (preset == "value") {
    step_tag.clear();
    step_separator.clear();
  } else {
    return InvalidArgumentError(
        "scorer preset must be math-shepherd, qwen-prm, value or custom, "
        "got '" +
        preset + "'");
  }
  return OkStatus();
}

void ModelScorerOptions::Bind(ParamBinder& b) {
  static constexpr std::string_view kPresets[] = {"custom", "math-shepherd", "qwen-prm", "value"};
  b.Choice("preset", &preset, kPresets, "a published input format; custom uses the fields below");
  prompt.Bind(b);
  b.String("step_delimiter", &step_delimiter, "text that separates steps in a solution");
  b.String("step_tag", &step_tag, "text after each step whose last token carries its score");
  b.String("step_separator", &step_separator, "text between a step's tag and the next step");
}

Status ModelScorerOptions::Validate() const {
  if (step_delimiter.empty()) return InvalidArgumentError("step_delimiter must not be empty");
  return prompt.Validate();
}

std::vector<std::string> SplitSteps(std::string_view text, std::string_view delimiter) {
  std::vector<std::string> steps;
  size_t start = 0;
  while (start < text.size()) {
    const size_t end = text.find(delimiter, start);
    steps.emplace_back(text.substr(start, end == std::string_view::npos ? end : end - start));
    if (end == std::string_view::npos) break;
    start = end + delimiter.size();
  }
  while (!steps.empty() && steps.back().empty()) steps.pop_back();
  return steps;
}

StatusOr<std::unique_ptr<ModelScorer>> ModelScorer::Create(RewardModel& model,
                                                           const Tokenizer& tokenizer,
                                                           ModelScorerOptions options,
                                                           const std::filesystem::path& model_dir) {
  PONDER_RETURN_IF_ERROR(options.ApplyPreset());
  PONDER_RETURN_IF_ERROR(options.Validate());
  PONDER_ASSIGN_OR_RETURN(PromptEncoder prompt,
                          PromptEncoder::Create(tokenizer, options.prompt, model_dir));
  std::optional<int32_t> tag_token;
  if (!options.step_tag.empty()) {
    // As the reference code finds it: the last token of the tag's encoding.
    PONDER_ASSIGN_OR_RETURN(std::vector<int32_t> tag, tokenizer.Encode(options.step_tag));
    if (tag.empty())
      return InvalidArgumentError("step_tag '" + options.step_tag + "' has no tokens");
    tag_token = tag.back();
  }
  return std::unique_ptr<ModelScorer>(
      new ModelScorer(model, tokenizer, std::move(options), std::move(prompt), tag_token));
}

ModelScorer::ModelScorer(RewardModel& model, const Tokenizer& tokenizer, ModelScorerOptions options,
                         PromptEncoder prompt, std::optional<int32_t> tag_token)
    : model_(model),
      tokenizer_(tokenizer),
      options_(std::move(options)),
      prompt_(std::move(prompt)),
      tag_token_(tag_token) {}

StatusOr<ModelScorer::Input> ModelScorer::BuildInput(const ScoreRequest& request) const {
  PONDER_CHECK(request.problem != nullptr && request.tree != nullptr);
  const Tree& tree = *request.tree;
  const std::string& delimiter = options_.step_delimiter;
  // Where each node's text ends in the path, to mark nodes that end on a step boundary.
  std::vector<std::pair<size_t, NodeId>> node_ends;
  std::string path;
  for (NodeId id : tree.PathTo(request.node)) {
    path += tree.at(id).text;
    node_ends.emplace_back(path.size(), id);
  }
  const std::vector<std::string> steps = SplitSteps(path, delimiter);
  if (steps.empty()) return InvalidArgumentError("the solution has no step to score");

  Input input;
  input.steps = steps.size();
  ScoreAtRequest& r = input.request;
  // Step i ends in the path text after its delimiter (or at the end of the text).
  std::vector<size_t> step_text_ends;
  for (size_t i = 0, at = 0; i < steps.size(); ++i) {
    at += steps[i].size();
    if (path.compare(at, delimiter.size(), delimiter) == 0) at += delimiter.size();
    step_text_ends.push_back(at);
  }
  auto node_at = [&](size_t step) -> std::optional<NodeId> {
    for (const auto& [end, id] : node_ends) {
      if (end == step_text_ends[step]) return id;
    }
    return std::nullopt;
  };

  if (tag_token_) {
    std::string solution;
    for (size_t i = 0; i < steps.size(); ++i) {
      if (i > 0) solution += options_.step_separator;
      solution += steps[i] + options_.step_tag;
    }
    PONDER_ASSIGN_OR_RETURN(r.tokens, prompt_.EncodeWith(request.problem->prompt, solution));
    for (size_t p = 0; p < r.tokens.size(); ++p) {
      if (r.tokens[p] == *tag_token_) r.positions.push_back(static_cast<int64_t>(p));
    }
    if (r.positions.size() != steps.size()) {
      return InvalidArgumentError(
          "found " + std::to_string(r.positions.size()) + " step tags in the scorer input for " +
          std::to_string(steps.size()) + " steps (does a step contain the tag text?)");
    }
  } else {
    // A value model reads the solution as the policy wrote it, delimiters included; each step
    // is tokenized on its own so that its last token is where its value is read.
    PONDER_ASSIGN_OR_RETURN(r.tokens, prompt_.Encode(request.problem->prompt));
    for (size_t i = 0, begin = 0; i < steps.size(); begin = step_text_ends[i++]) {
      PONDER_ASSIGN_OR_RETURN(
          std::vector<int32_t> ids,
          tokenizer_.Encode(std::string_view(path).substr(begin, step_text_ends[i] - begin)));
      r.tokens.insert(r.tokens.end(), ids.begin(), ids.end());
      r.positions.push_back(static_cast<int64_t>(r.tokens.size()) - 1);
    }
  }
  for (size_t i = 0; i < steps.size(); ++i) {
    if (std::optional<NodeId> id = node_at(i);
        id && (r.marks.empty() || r.marks.back().end <= r.positions[i])) {
      r.marks.push_back({{tree.id(), *id}, r.positions[i] + 1});
    }
  }
  return input;
}

std::vector<StatusOr<Score>> ModelScorer::ScoreBatch(std::span<const ScoreRequest> requests) {
  std::vector<StatusOr<Score>> out(requests.size(), InternalError("not run"));
  std::vector<ScoreAtRequest> batch;
  std::vector<size_t> origin;
  std::vector<size_t> steps;
  for (size_t i = 0; i < requests.size(); ++i) {
    StatusOr<Input> input = BuildInput(requests[i]);
    if (!input.ok()) {
      out[i] = input.status();
      continue;
    }
    batch.push_back(std::move(input->request));
    steps.push_back(input->steps);
    origin.push_back(i);
  }
  std::vector<StatusOr<ScoreAtResult>> results = model_.ScoreAt(batch);
  for (size_t k = 0; k < batch.size(); ++k) {
    if (!results[k].ok()) {
      out[origin[k]] = results[k].status();
      continue;
    }
    const ScoreRequest& request = requests[origin[k]];
    Score score;
    score.prefill_tokens = results[k]->prefill_tokens;
    score.reused_prefill_tokens = results[k]->reused_prefill_tokens;
    const auto depth = static_cast<size_t>(request.tree->at(request.node).depth);
    // One score per tree step when the text's steps are the tree's steps; else the last.
    if (steps[k] == depth) {
      score.step_scores = std::move(results[k]->scores);
    } else {
      score.step_scores = {results[k]->scores.back()};
    }
    out[origin[k]] = std::move(score);
  }
  return out;
}

void ModelScorer::Forget(const Tree& tree, std::span<const NodeId> nodes) {
  model_.Forget(CacheKeysOf(tree.id(), nodes));
}

}  // namespace ponder
