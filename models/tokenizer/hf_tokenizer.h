// A Hugging Face tokenizer.json with a BPE model: byte-level BPE (GPT-2,
// Qwen2/Qwen3, Llama 3) and SentencePiece-converted BPE (Llama 2, Mistral,
// TinyLlama). Encoding follows the library's pipeline: added tokens are cut
// out of the raw text, the rest is normalized, pre-tokenized into words and
// each word BPE-encoded; decoding runs the file's decoder chain.
// Thread-safety: immutable after loading; all methods may run concurrently.
#pragma once

#include <filesystem>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "models/tokenizer/added_tokens.h"
#include "models/tokenizer/tokenizer.h"
#include "search/base/params.h"
#include "search/base/status.h"

namespace ponder::tokenizer {

class BpeModel;
class Normalizer;
class PreTokenizer;
class Decoder;
struct TextPiece;

struct HfTokenizerOptions {
  // Pre-tokenized words whose BPE ids are remembered; 0 turns the cache off.
  int64_t word_cache_capacity = 10000;

  void Bind(ParamBinder& binder);
  Status Validate() const;
};

class HfTokenizer final : public Tokenizer {
 public:
  // Reads a tokenizer.json file; errors name the file and the field.
  static StatusOr<std::unique_ptr<HfTokenizer>> FromFile(const std::filesystem::path& path,
                                                         const HfTokenizerOptions& options = {});
  // Parses tokenizer.json text; `source` names it in errors.
  static StatusOr<std::unique_ptr<HfTokenizer>> FromJsonText(
      std::string_view json_text, std::string_view source, const HfTokenizerOptions& options = {});
  ~HfTokenizer() override;

  StatusOr<std::vector<int32_t>> Encode(std::string_view text) const override;
  StatusOr<std::string> Decode(std::span<const int32_t> ids) const override;
  int32_t vocab_size() const override { return vocab_size_; }
  std::optional<int32_t> TokenId(std::string_view token) const override;
  const SpecialTokens& special_tokens() const override { return special_tokens_; }

  void set_special_tokens(SpecialTokens tokens) { special_tokens_ = std::move(tokens); }
  // Whether the file's post-processor puts a special token before the text
  // (Llama's "<s>", Llama 3's "<|begin_of_text|>").
  bool post_processor_adds_bos() const { return post_processor_adds_bos_; }
  // The post-processor's leading special token, if any.
  const std::optional<std::string>& post_processor_bos() const { return post_processor_bos_; }

 private:
  HfTokenizer();
  Status EncodePlain(TextPiece piece, std::vector<int32_t>& ids) const;

  std::unique_ptr<BpeModel> model_;
  std::unique_ptr<Normalizer> normalizer_;
  std::unique_ptr<PreTokenizer> pre_tokenizer_;
  std::unique_ptr<Decoder> decoder_;
  AddedTokenMatcher raw_matcher_;
  AddedTokenMatcher normalized_matcher_;
  std::unordered_map<int32_t, std::string> added_by_id_;
  std::unordered_map<std::string, int32_t> added_by_content_;
  int32_t vocab_size_ = 0;
  bool post_processor_adds_bos_ = false;
  std::optional<std::string> post_processor_bos_;
  SpecialTokens special_tokens_;
};

}  // namespace ponder::tokenizer
