// `ponder generate MODEL_DIR --prompt TEXT [--max-tokens N] [--temperature T] [--seed S]`:
// continues TEXT with the model folder's LibTorch model and prints the
// completion only (not the prompt, no added newline) on stdout. The prompt is
// plain text with BOS first when the tokenizer's model wants one;
// --temperature 0 is greedy. Generation ends at an end-of-sequence token
// (not printed) or after --max-tokens tokens.
#include <iostream>
#include <memory>

#include "cli/commands.h"
#include "cli/flag_checks.h"
#include "models/core/continuation_text.h"
#include "models/core/prompt.h"
#include "models/torch/torch_models.h"

namespace ponder::cli {
namespace {

struct GenerateArgs {
  std::string dir;
  std::string prompt;
  int max_tokens = 128;
  double temperature = 1.0;
  uint64_t seed = 0;
};

StatusOr<std::string> Generate(const GenerateArgs& args) {
  PONDER_ASSIGN_OR_RETURN(std::shared_ptr<const Tokenizer> tokenizer, LoadTokenizer(args.dir));
  PONDER_ASSIGN_OR_RETURN(std::unique_ptr<LanguageModel> model,
                          LoadTorchLanguageModel(args.dir, {}, tokenizer));
  PONDER_ASSIGN_OR_RETURN(PromptEncoder prompt, PromptEncoder::Create(*tokenizer, {}, args.dir));
  GenerateRequest request;
  PONDER_ASSIGN_OR_RETURN(request.context, prompt.Encode(args.prompt));
  request.sampling.temperature = args.temperature;
  request.sampling.max_tokens = args.max_tokens;
  request.seed = args.seed;
  request.end_token_ids = tokenizer->special_tokens().eos_ids;
  if (request.end_token_ids.empty()) request.end_token_ids = model->info().eos_token_ids;
  std::vector<StatusOr<GenerateResult>> results = model->Generate(std::span(&request, 1));
  if (!results[0].ok()) return results[0].status();
  const Continuation& c = results[0]->continuations.at(0);
  std::span<const int32_t> tokens = c.tokens;
  if (c.finish == FinishReason::kEndOfSequence) tokens = tokens.first(tokens.size() - 1);
  return ContinuationText(*tokenizer, request.context, tokens);
}

}  // namespace

void AddGenerateCommand(CLI::App& app, int& exit_code) {
  auto* cmd = app.add_subcommand("generate", "continue a prompt with a model folder's model");
  auto args = std::make_shared<GenerateArgs>();
  cmd->add_option("MODEL_DIR", args->dir, "a Hugging Face model folder")->required();
  cmd->add_option("--prompt", args->prompt, "the text to continue")->required();
  cmd->add_option("--max-tokens", args->max_tokens, "tokens to generate at most")
      ->check(AtLeast(1));
  cmd->add_option("--temperature", args->temperature, "sampling temperature; 0 is greedy")
      ->check(AtLeast(0));
  cmd->add_option("--seed", args->seed, "seed of the sampler");
  cmd->callback([args, &exit_code] {
    StatusOr<std::string> text = Generate(*args);
    if (!text.ok()) {
      std::cerr << "ponder generate: " << text.status().message() << "\n";
      exit_code = 1;
      return;
    }
    std::cout << *text << std::flush;
    exit_code = 0;
  });
}

}  // namespace ponder::cli
