// Bad tokenizer files and inputs give errors that name the file and the field.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "models/tokenizer/hf_tokenizer.h"
#include "models/tokenizer/sentencepiece_model.h"
#include "models/tokenizer/sentencepiece_tokenizer.h"
#include "models/tokenizer/tokenizer.h"
#include "tests/fakes/temp_dir.h"
#include "tests/models/tokenizer/reference_cases.h"

namespace ponder {
namespace {

using nlohmann::json;
using testing::SharedPath;
using testing::TempDir;

json Seed() {
  return json::parse(testing::ReadFileBytes(
      std::string(PONDER_SOURCE_DIR) + "/tests/models/tokenizer/corpus/sentencepiece_bpe.json"));
}

// Loads `document` from a tokenizer.json in a fresh folder and returns the error message.
std::string LoadError(const std::string& text) {
  TempDir dir;
  dir.Write("tokenizer.json", text);
  auto tokenizer = LoadTokenizer(dir.path());
  EXPECT_FALSE(tokenizer.ok());
  if (tokenizer.ok()) return "";
  const std::string message = tokenizer.status().message();
  EXPECT_NE(message.find((dir.path() / "tokenizer.json").string()), std::string::npos) << message;
  return message;
}

#define EXPECT_CONTAINS(haystack, needle) \
  EXPECT_NE((haystack).find(needle), std::string::npos) << (haystack)

TEST(BadInputTest, MalformedJson) {
  EXPECT_CONTAINS(LoadError("{\"model\": {"), "malformed JSON");
  EXPECT_CONTAINS(LoadError("[1, 2]"), "expected a JSON object at the top level");
}

TEST(BadInputTest, UnsupportedModelType) {
  json doc = Seed();
  doc["model"]["type"] = "Unigram";
  EXPECT_CONTAINS(LoadError(doc.dump()), "model.type: unsupported tokenizer model \"Unigram\"");
  doc["model"]["type"] = "WordPiece";
  EXPECT_CONTAINS(LoadError(doc.dump()), "model.type: unsupported tokenizer model \"WordPiece\"");
}

TEST(BadInputTest, MissingAndMistypedFields) {
  json doc = Seed();
  doc.erase("model");
  EXPECT_CONTAINS(LoadError(doc.dump()), "model: missing");

  doc = Seed();
  doc["model"].erase("vocab");
  EXPECT_CONTAINS(LoadError(doc.dump()), "model.vocab: missing");

  doc = Seed();
  doc["model"]["vocab"]["x"] = "seven";
  EXPECT_CONTAINS(LoadError(doc.dump()), "model.vocab[\"x\"]: expected an id");

  doc = Seed();
  doc["model"]["byte_fallback"] = "yes";
  EXPECT_CONTAINS(LoadError(doc.dump()), "model.byte_fallback: expected true or false");

  doc = Seed();
  doc["added_tokens"][1].erase("content");
  EXPECT_CONTAINS(LoadError(doc.dump()), "added_tokens[1].content: missing");

  doc = Seed();
  doc["decoder"]["decoders"][3]["start"] = -2;
  EXPECT_CONTAINS(LoadError(doc.dump()), "decoder.decoders[3].start: must not be negative");
}

TEST(BadInputTest, BadMerges) {
  json doc = Seed();
  doc["model"]["merges"][1] = "h e x";
  EXPECT_CONTAINS(LoadError(doc.dump()), "model.merges[1]: expected two tokens");
  doc["model"]["merges"][1] = "h q";
  EXPECT_CONTAINS(LoadError(doc.dump()), "merges[1] (\"h\", \"q\"): \"q\" is not in vocab");
  doc["model"]["merges"][1] = json::array({"e", "h"});
  EXPECT_CONTAINS(LoadError(doc.dump()), "the merged token \"eh\" is not in vocab");
  doc = Seed();
  doc["model"]["unk_token"] = "<missing>";
  EXPECT_CONTAINS(LoadError(doc.dump()), "unk_token \"<missing>\" is not in vocab");
  doc = Seed();
  doc["model"]["dropout"] = 0.1;
  EXPECT_CONTAINS(LoadError(doc.dump()), "model.dropout");
}

TEST(BadInputTest, UnsupportedPipelineSteps) {
  json doc = Seed();
  doc["normalizer"]["normalizers"][0] = {{"type", "BertNormalizer"}};
  EXPECT_CONTAINS(LoadError(doc.dump()),
                  "normalizer.normalizers[0].type: unsupported normalizer \"BertNormalizer\"");
  doc = Seed();
  doc["pre_tokenizer"] = {{"type", "Whitespace"}};
  EXPECT_CONTAINS(LoadError(doc.dump()), "pre_tokenizer.type: unsupported pre-tokenizer");
  doc["pre_tokenizer"] = {
      {"type", "Split"}, {"pattern", {{"Regex", "(unclosed"}}}, {"behavior", "Isolated"}};
  EXPECT_CONTAINS(LoadError(doc.dump()), "pre_tokenizer.pattern.Regex: regex /(unclosed/");
  doc["pre_tokenizer"]["pattern"] = {{"Regex", "a"}};
  doc["pre_tokenizer"]["behavior"] = "Sideways";
  EXPECT_CONTAINS(LoadError(doc.dump()), "pre_tokenizer.behavior: unknown split behavior");
  doc = Seed();
  doc["decoder"] = {{"type", "WordPiece"}};
  EXPECT_CONTAINS(LoadError(doc.dump()), "decoder.type: unsupported decoder \"WordPiece\"");
}

TEST(BadInputTest, MissingFolderOrFiles) {
  auto missing = LoadTokenizer("/nonexistent/ponder/model");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().code(), StatusCode::kNotFound);
  EXPECT_CONTAINS(missing.status().message(), "/nonexistent/ponder/model");
  TempDir empty;
  auto none = LoadTokenizer(empty.path());
  ASSERT_FALSE(none.ok());
  EXPECT_CONTAINS(none.status().message(), "neither tokenizer.json nor tokenizer.model");
}

TEST(BadInputTest, BadSpecialTokenConfigs) {
  TempDir dir;
  dir.Write("tokenizer.json", Seed().dump());
  dir.Write("tokenizer_config.json", R"({"eos_token": "<|nope|>"})");
  auto unknown = LoadTokenizer(dir.path());
  ASSERT_FALSE(unknown.ok());
  EXPECT_CONTAINS(unknown.status().message(), "tokenizer_config.json: eos_token");
  EXPECT_CONTAINS(unknown.status().message(), "\"<|nope|>\" is not a token");

  dir.Write("tokenizer_config.json", "{}");
  dir.Write("config.json", R"({"eos_token_id": 99999})");
  auto out_of_range = LoadTokenizer(dir.path());
  ASSERT_FALSE(out_of_range.ok());
  EXPECT_CONTAINS(out_of_range.status().message(), "config.json: eos_token_id");

  dir.Write("config.json", "{\"eos_token_id\": ");
  auto malformed = LoadTokenizer(dir.path());
  ASSERT_FALSE(malformed.ok());
  EXPECT_CONTAINS(malformed.status().message(), "config.json: malformed JSON");
}

TEST(BadInputTest, CorruptTokenizerModel) {
  const std::string good = testing::ReadFileBytes(SharedPath("models/stories260K/tokenizer.model"));
  auto truncated = tokenizer::ParseSentencePieceModel(good.substr(0, good.size() / 2), "t.model");
  ASSERT_FALSE(truncated.ok());
  EXPECT_EQ(truncated.status().code(), StatusCode::kDataLoss);
  EXPECT_CONTAINS(truncated.status().message(), "t.model");
  EXPECT_CONTAINS(truncated.status().message(), "bytes but only");

  auto garbage =
      tokenizer::ParseSentencePieceModel("\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff", "g.model");
  ASSERT_FALSE(garbage.ok());
  EXPECT_CONTAINS(garbage.status().message(), "g.model: varint longer than 10 bytes");

  auto empty = tokenizer::ParseSentencePieceModel("", "e.model");
  ASSERT_FALSE(empty.ok());
  EXPECT_CONTAINS(empty.status().message(), "e.model: pieces: the model has no pieces");

  // A piece whose type field holds 9.
  const std::string bad_type("\x0a\x07\x0a\x01\x61\x18\x09\x10\x00", 9);
  auto type = tokenizer::ParseSentencePieceModel(bad_type, "p.model");
  ASSERT_FALSE(type.ok());
  EXPECT_CONTAINS(type.status().message(), "p.model: pieces[0].type: unknown piece type 9");
}

TEST(BadInputTest, UnsupportedSentencePieceModels) {
  const std::string bytes =
      testing::ReadFileBytes(SharedPath("models/stories260K/tokenizer.model"));
  auto model = tokenizer::ParseSentencePieceModel(bytes, "s.model");
  ASSERT_TRUE(model.ok());
  auto unigram = *model;
  unigram.model_type = tokenizer::SentencePieceModelType::kUnigram;
  auto u = tokenizer::SentencePieceTokenizer::FromModel(unigram, "s.model");
  ASSERT_FALSE(u.ok());
  EXPECT_CONTAINS(u.status().message(), "s.model: trainer_spec.model_type: UNIGRAM");
  auto charsmap = *model;
  charsmap.normalizer_name = "nmt_nfkc";
  charsmap.precompiled_charsmap = "\x01\x02";
  auto c = tokenizer::SentencePieceTokenizer::FromModel(charsmap, "s.model");
  ASSERT_FALSE(c.ok());
  EXPECT_CONTAINS(c.status().message(), "normalizer_spec.precompiled_charsmap");
  auto no_unk = *model;
  no_unk.pieces[0].type = tokenizer::PieceType::kControl;
  EXPECT_FALSE(tokenizer::SentencePieceTokenizer::FromModel(no_unk, "s.model").ok());
  // A byte piece whose "hex" is a signed number (found by the fuzz test under ASan).
  auto signed_byte = *model;
  signed_byte.pieces[3].piece = "<0x-1>";
  auto sb = tokenizer::SentencePieceTokenizer::FromModel(signed_byte, "s.model");
  ASSERT_FALSE(sb.ok());
  EXPECT_CONTAINS(sb.status().message(), "pieces[3]: byte piece \"<0x-1>\" is not of the form");
  auto missing_byte = *model;
  missing_byte.pieces[3].type = tokenizer::PieceType::kNormal;  // <0x00>
  auto b = tokenizer::SentencePieceTokenizer::FromModel(missing_byte, "s.model");
  ASSERT_FALSE(b.ok());
  EXPECT_CONTAINS(b.status().message(), "<0x00> is missing");
}

TEST(BadInputTest, BadTextAndIds) {
  for (const char* dir : {"tokenizers/gpt2", "models/stories260K"}) {
    auto tokenizer = LoadTokenizer(SharedPath(dir));
    ASSERT_TRUE(tokenizer.ok());
    auto invalid = (*tokenizer)->Encode("ok \xC3\x28 bad");
    ASSERT_FALSE(invalid.ok());
    EXPECT_CONTAINS(invalid.status().message(), "not valid UTF-8 (at byte 3)");
    const std::vector<int32_t> ids = {1, (*tokenizer)->vocab_size()};
    auto decoded = (*tokenizer)->Decode(ids);
    ASSERT_FALSE(decoded.ok());
    EXPECT_CONTAINS(decoded.status().message(), "at position 1");
  }
}

}  // namespace
}  // namespace ponder
