// `ponder tokenize MODEL_OR_TOKENIZER_DIR`: one JSON string per line on stdin,
// the JSON array of its token ids (no special tokens added) per line on stdout.
// `ponder tokenize --decode DIR`: JSON arrays of ids in, JSON strings out.
// A bad line stops the command with an error naming the line (exit status 1).
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "cli/commands.h"
#include "models/tokenizer/tokenizer.h"

namespace ponder::cli {
namespace {

using nlohmann::json;

struct TokenizeArgs {
  std::string dir;
  bool decode = false;
};

StatusOr<std::string> EncodeLine(const Tokenizer& tokenizer, const std::string& line) {
  const json value = json::parse(line, nullptr, /*allow_exceptions=*/false);
  if (value.is_discarded() || !value.is_string()) {
    return InvalidArgumentError("expected a JSON string, found: " + line.substr(0, 80));
  }
  PONDER_ASSIGN_OR_RETURN(std::vector<int32_t> ids,
                          tokenizer.Encode(value.get_ref<const std::string&>()));
  return json(ids).dump();
}

StatusOr<std::string> DecodeLine(const Tokenizer& tokenizer, const std::string& line) {
  const json value = json::parse(line, nullptr, /*allow_exceptions=*/false);
  if (value.is_discarded() || !value.is_array()) {
    return InvalidArgumentError("expected a JSON array of token ids, found: " + line.substr(0, 80));
  }
  std::vector<int32_t> ids;
  ids.reserve(value.size());
  for (size_t i = 0; i < value.size(); ++i) {
    const json& id = value[i];
    if (!id.is_number_integer() || id.get<int64_t>() < 0 ||
        id.get<int64_t>() > std::numeric_limits<int32_t>::max()) {
      return InvalidArgumentError("element " + std::to_string(i) +
                                  " is not a token id: " + id.dump());
    }
    ids.push_back(static_cast<int32_t>(id.get<int64_t>()));
  }
  PONDER_ASSIGN_OR_RETURN(std::string text, tokenizer.Decode(ids));
  // Ids that end inside a UTF-8 character decode to bytes JSON cannot hold: write U+FFFD.
  return json(text).dump(-1, ' ', false, json::error_handler_t::replace);
}

int RunTokenize(const TokenizeArgs& args) {
  auto tokenizer = LoadTokenizer(args.dir);
  if (!tokenizer.ok()) {
    std::cerr << "ponder tokenize: " << tokenizer.status().message() << "\n";
    return 1;
  }
  std::string line;
  for (int64_t number = 1; std::getline(std::cin, line); ++number) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    auto out = args.decode ? DecodeLine(**tokenizer, line) : EncodeLine(**tokenizer, line);
    if (!out.ok()) {
      std::cout.flush();
      std::cerr << "ponder tokenize: line " << number << ": " << out.status().message() << "\n";
      return 1;
    }
    std::cout << *out << "\n";
  }
  return 0;
}

}  // namespace

void AddTokenizeCommand(CLI::App& app, int& exit_code) {
  auto args = std::make_shared<TokenizeArgs>();
  auto* cmd = app.add_subcommand(
      "tokenize",
      "read one JSON string per line on stdin and print its token ids as a JSON array (no "
      "special tokens added); with --decode, read JSON arrays of ids and print JSON strings");
  cmd->add_option("MODEL_OR_TOKENIZER_DIR", args->dir,
                  "a folder with tokenizer.json or tokenizer.model")
      ->required();
  cmd->add_flag("--decode", args->decode, "decode JSON arrays of token ids into JSON strings");
  cmd->callback([args, &exit_code] { exit_code = RunTokenize(*args); });
}

}  // namespace ponder::cli
