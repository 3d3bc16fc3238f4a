// Bounded random-mutation fuzzing of the tokenizer.json parser and the
// tokenizer.model (protobuf) reader. Seeds are the files in corpus/ and the
// real tokenizers in ../shared; a fixed seed makes every run mutate the same
// way. Each mutant must either load (and then encode and decode without
// crashing) or fail with an error that names the file.
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "models/tokenizer/hf_tokenizer.h"
#include "models/tokenizer/sentencepiece_model.h"
#include "models/tokenizer/sentencepiece_tokenizer.h"
#include "search/base/rng.h"
#include "tests/models/tokenizer/reference_cases.h"

namespace ponder {
namespace {

using nlohmann::json;
using testing::SharedPath;

constexpr uint64_t kSeed = 20240611;
const std::vector<std::string> kTexts = {"the and 123 Hello, world!",
                                         "  <|endoftext|> <think> x",
                                         "caf\xC3\xA9 \xE4\xBD\xA0\xE5\xA5\xBD",
                                         "",
                                         "\xE2\x96\x81the\n\n\tand",
                                         "<s> <sep> 1234567"};

std::string Corpus(const std::string& name) {
  return std::string(PONDER_SOURCE_DIR) + "/tests/models/tokenizer/corpus/" + name;
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

// Flips, inserts, deletes or duplicates a few bytes, or truncates.
std::string MutateBytes(std::string data, Rng& rng) {
  const int edits = 1 + static_cast<int>(rng.UniformInt(4));
  for (int e = 0; e < edits && !data.empty(); ++e) {
    const size_t at = rng.UniformInt(data.size());
    switch (rng.UniformInt(5)) {
      case 0:
        data[at] = static_cast<char>(data[at] ^ (1 << rng.UniformInt(8)));
        break;
      case 1:
        data.insert(at, 1, static_cast<char>(rng.UniformInt(256)));
        break;
      case 2:
        data.erase(at, 1 + rng.UniformInt(16));
        break;
      case 3:
        data.insert(at, data.substr(rng.UniformInt(data.size()), 1 + rng.UniformInt(32)));
        break;
      default:
        data.resize(at);
    }
  }
  return data;
}

json RandomValue(Rng& rng) {
  switch (rng.UniformInt(9)) {
    case 0:
      return nullptr;
    case 1:
      return -1;
    case 2:
      return int64_t{1} << 40;
    case 3:
      return "";
    case 4:
      return "Unigram";
    case 5:
      return json::array();
    case 6:
      return json::object();
    case 7:
      return true;
    default:
      return "(?!";
  }
}

// Replaces, deletes or retypes one value somewhere in the document.
void MutateJson(json& node, Rng& rng, int depth) {
  if ((!node.is_object() && !node.is_array()) || node.empty() || rng.UniformInt(4) == 0 ||
      depth > 8) {
    node = RandomValue(rng);
    return;
  }
  const size_t index = rng.UniformInt(node.size());
  auto it = node.begin();
  std::advance(it, index);
  if (node.is_object() && rng.UniformInt(5) == 0) {
    node.erase(it);
    return;
  }
  MutateJson(*it, rng, depth + 1);
}

// Loads the mutant and, if it loads, uses it; returns whether it loaded.
bool ExerciseJson(const std::string& text, const std::string& source) {
  auto tokenizer = tokenizer::HfTokenizer::FromJsonText(text, source);
  if (!tokenizer.ok()) {
    EXPECT_NE(tokenizer.status().message().find(source), std::string::npos)
        << tokenizer.status().ToString();
    return false;
  }
  for (const std::string& sample : kTexts) {
    auto ids = (*tokenizer)->Encode(sample);
    if (!ids.ok()) {
      EXPECT_FALSE(ids.status().message().empty());
      continue;
    }
    auto decoded = (*tokenizer)->Decode(*ids);
    if (!decoded.ok()) {
      EXPECT_FALSE(decoded.status().message().empty());
    }
  }
  const std::vector<int32_t> odd_ids = {0, 1, -5, (*tokenizer)->vocab_size(), 1 << 30};
  auto decoded = (*tokenizer)->Decode(odd_ids);
  EXPECT_FALSE(decoded.ok());  // ids outside the vocabulary are errors
  return true;
}

TEST(FuzzTest, TokenizerJsonMutantsLoadOrFailClearly) {
  const std::vector<std::string> seeds = {
      ReadFile(Corpus("byte_level_bpe.json")), ReadFile(Corpus("sentencepiece_bpe.json")),
      ReadFile(Corpus("metaspace_bpe.json")),
      ReadFile(SharedPath("models/stories260K/tokenizer.json"))};
  for (const std::string& seed : seeds) {
    ASSERT_FALSE(seed.empty());
    ASSERT_TRUE(ExerciseJson(seed, "seed"));  // every seed is itself a valid tokenizer
  }
  Rng rng(kSeed);
  int loaded = 0;
  constexpr int kMutants = 3000;
  for (int i = 0; i < kMutants; ++i) {
    const std::string& seed = seeds[i % seeds.size()];
    std::string mutant;
    if (i % 2 == 0) {
      mutant = MutateBytes(seed, rng);
    } else {
      json document = json::parse(seed);
      const int edits = 1 + static_cast<int>(rng.UniformInt(3));
      for (int e = 0; e < edits; ++e) MutateJson(document, rng, 0);
      mutant = document.dump();
    }
    loaded += ExerciseJson(mutant, "mutant" + std::to_string(i) + ".json") ? 1 : 0;
  }
  // Both outcomes must be exercised for the test to mean anything.
  EXPECT_GT(loaded, kMutants / 20);
  EXPECT_LT(loaded, kMutants * 19 / 20);
}

bool ExerciseModel(const std::string& bytes, const std::string& source) {
  auto model = tokenizer::ParseSentencePieceModel(bytes, source);
  if (!model.ok()) {
    EXPECT_NE(model.status().message().find(source), std::string::npos)
        << model.status().ToString();
    return false;
  }
  auto tokenizer = tokenizer::SentencePieceTokenizer::FromModel(*std::move(model), source);
  if (!tokenizer.ok()) {
    EXPECT_NE(tokenizer.status().message().find(source), std::string::npos)
        << tokenizer.status().ToString();
    return false;
  }
  for (const std::string& sample : kTexts) {
    auto ids = (*tokenizer)->Encode(sample);
    EXPECT_TRUE(ids.ok()) << ids.status().ToString();
    if (ids.ok()) {
      EXPECT_TRUE((*tokenizer)->Decode(*ids).ok());
    }
  }
  return true;
}

TEST(FuzzTest, TokenizerModelMutantsLoadOrFailClearly) {
  const std::vector<std::string> seeds = {
      ReadFile(Corpus("tiny_bpe.model")),
      ReadFile(SharedPath("models/stories260K/tokenizer.model"))};
  for (const std::string& seed : seeds) ASSERT_TRUE(ExerciseModel(seed, "seed"));
  Rng rng(kSeed + 1);
  int loaded = 0;
  constexpr int kMutants = 3000;
  for (int i = 0; i < kMutants; ++i) {
    std::string mutant = seeds[i % seeds.size()];
    if (i % 2 == 0) {
      // One flipped bit mostly keeps the framing intact, reaching the field checks.
      const size_t at = rng.UniformInt(mutant.size());
      mutant[at] = static_cast<char>(mutant[at] ^ (1 << rng.UniformInt(8)));
    } else {
      mutant = MutateBytes(std::move(mutant), rng);
    }
    loaded += ExerciseModel(mutant, "mutant" + std::to_string(i) + ".model") ? 1 : 0;
  }
  EXPECT_GT(loaded, kMutants / 20);
  EXPECT_LT(loaded, kMutants * 19 / 20);
}

}  // namespace
}  // namespace ponder
