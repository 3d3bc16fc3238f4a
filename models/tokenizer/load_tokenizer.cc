// LoadTokenizer: picks the tokenizer file of a model folder and its special tokens.
#include <system_error>

#include "models/tokenizer/hf_tokenizer.h"
#include "models/tokenizer/sentencepiece_tokenizer.h"
#include "models/tokenizer/special_tokens.h"
#include "models/tokenizer/tokenizer.h"

namespace ponder {

using tokenizer::HfTokenizer;
using tokenizer::SentencePieceTokenizer;

namespace {

StatusOr<std::unique_ptr<Tokenizer>> LoadHf(const std::filesystem::path& file,
                                            const std::filesystem::path& dir) {
  PONDER_ASSIGN_OR_RETURN(std::unique_ptr<HfTokenizer> loaded, HfTokenizer::FromFile(file));
  SpecialTokens defaults;
  if (const auto& bos = loaded->post_processor_bos()) {
    defaults.bos = loaded->TokenId(*bos);
    defaults.add_bos = defaults.bos.has_value();
  }
  PONDER_ASSIGN_OR_RETURN(SpecialTokens special,
                          tokenizer::ReadSpecialTokens(dir, *loaded, std::move(defaults)));
  loaded->set_special_tokens(std::move(special));
  return std::unique_ptr<Tokenizer>(std::move(loaded));
}

StatusOr<std::unique_ptr<Tokenizer>> LoadSentencePiece(const std::filesystem::path& file,
                                                       const std::filesystem::path& dir) {
  PONDER_ASSIGN_OR_RETURN(std::unique_ptr<SentencePieceTokenizer> loaded,
                          SentencePieceTokenizer::FromFile(file));
  PONDER_ASSIGN_OR_RETURN(
      SpecialTokens special,
      tokenizer::ReadSpecialTokens(dir, *loaded, loaded->DeclaredSpecialTokens()));
  loaded->set_special_tokens(std::move(special));
  return std::unique_ptr<Tokenizer>(std::move(loaded));
}

}  // namespace

StatusOr<std::unique_ptr<Tokenizer>> LoadTokenizer(const std::filesystem::path& path) {
  std::error_code error;
  // A tokenizer file may be named directly; its folder still supplies the configs.
  if (std::filesystem::is_regular_file(path, error)) {
    if (path.extension() == ".json") return LoadHf(path, path.parent_path());
    if (path.extension() == ".model") return LoadSentencePiece(path, path.parent_path());
    return InvalidArgumentError(path.string() +
                                ": not a tokenizer file (expected tokenizer.json or "
                                "tokenizer.model, or the folder holding one)");
  }
  if (!std::filesystem::is_directory(path, error)) {
    return NotFoundError(path.string() + ": no such model or tokenizer folder");
  }
  const std::filesystem::path json = path / "tokenizer.json";
  if (std::filesystem::exists(json, error)) return LoadHf(json, path);
  const std::filesystem::path model = path / "tokenizer.model";
  if (std::filesystem::exists(model, error)) return LoadSentencePiece(model, path);
  return NotFoundError(path.string() + ": has neither tokenizer.json nor tokenizer.model");
}

}  // namespace ponder
