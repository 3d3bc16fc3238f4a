// A bounded, deterministic random-mutation test of the safetensors parser: every
// corpus file is mutated many times (byte flips, insertions, deletions,
// truncations, and edits of the header's digits); the parser must return either
// an error or tensors whose bytes lie inside the input and tile its data buffer.
// A crash or an out-of-bounds span fails the test; save the input as
// corpus/crash_*.safetensors when that happens.
#include <gtest/gtest.h>

#include <cstring>
#include <fstream>
#include <sstream>

#include "models/weights/safetensors.h"
#include "search/base/rng.h"

namespace ponder {
namespace {

const std::filesystem::path kCorpus =
    std::filesystem::path(PONDER_SOURCE_DIR) / "tests/models/weights/corpus";

std::string ReadFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// One random edit; header digits get extra attention because lengths and
// offsets are where parsers go wrong.
void Mutate(std::string& bytes, Rng& rng) {
  const uint64_t kind = rng.UniformInt(6);
  const size_t n = bytes.size();
  if (n == 0) {
    bytes.push_back(static_cast<char>(rng.UniformInt(256)));
    return;
  }
  const size_t at = rng.UniformInt(n);
  switch (kind) {
    case 0:  // flip a bit
      bytes[at] = static_cast<char>(bytes[at] ^ (1 << rng.UniformInt(8)));
      break;
    case 1:  // random byte
      bytes[at] = static_cast<char>(rng.UniformInt(256));
      break;
    case 2:  // insert
      bytes.insert(at, 1, static_cast<char>(rng.UniformInt(256)));
      break;
    case 3:  // delete a run
      bytes.erase(at, 1 + rng.UniformInt(8));
      break;
    case 4:  // truncate
      bytes.resize(at);
      break;
    case 5: {  // change a digit (a shape, an offset) to another digit
      std::vector<size_t> digits;
      for (size_t i = 8; i < n; ++i) {
        if (bytes[i] >= '0' && bytes[i] <= '9') digits.push_back(i);
      }
      if (!digits.empty()) {
        bytes[digits[rng.UniformInt(digits.size())]] = static_cast<char>('0' + rng.UniformInt(10));
      }
      break;
    }
  }
}

// What a successful parse must guarantee.
void ExpectWellFormed(const SafetensorsContents& contents, std::span<const std::byte> input) {
  const std::byte* begin = input.data();
  const std::byte* end = input.data() + input.size();
  const std::byte* next = nullptr;
  for (const TensorInfo& t : contents.tensors) {
    ASSERT_GE(t.data.data(), begin);
    ASSERT_LE(t.data.data() + t.data.size(), end);
    ASSERT_EQ(t.data.size(), static_cast<size_t>(t.numel()) * DTypeSize(t.dtype));
    if (next != nullptr) {
      ASSERT_EQ(t.data.data(), next) << "tensors must tile the buffer";
    }
    next = t.data.data() + t.data.size();
  }
  if (next != nullptr) {
    ASSERT_EQ(next, end);
  }
}

TEST(SafetensorsFuzzTest, MutatedCorpusFilesNeverCrashOrEscapeTheBuffer) {
  constexpr int kMutantsPerSeed = 20000;
  int seeds = 0, parsed_ok = 0, rejected = 0;
  for (const auto& entry : std::filesystem::directory_iterator(kCorpus)) {
    if (entry.path().extension() != ".safetensors") continue;
    const std::string seed = ReadFile(entry.path());
    Rng rng = Rng(20240601).Derive(StableHash(entry.path().filename().string()));
    ++seeds;
    for (int i = 0; i < kMutantsPerSeed; ++i) {
      std::string mutant = seed;
      const uint64_t edits = 1 + rng.UniformInt(4);
      for (uint64_t e = 0; e < edits; ++e) Mutate(mutant, rng);
      // A private copy sized exactly, so a read past the end touches nothing valid.
      std::vector<std::byte> input(mutant.size());
      std::memcpy(input.data(), mutant.data(), mutant.size());
      auto contents = ParseSafetensors(input, "mutant");
      if (contents.ok()) {
        ++parsed_ok;
        ExpectWellFormed(*contents, input);
        if (::testing::Test::HasFatalFailure()) {
          FAIL() << "seed " << entry.path().filename() << ", mutant " << i;
        }
      } else {
        ++rejected;
        EXPECT_FALSE(contents.status().message().empty());
      }
    }
  }
  EXPECT_GE(seeds, 7);
  // Both outcomes must occur, or the mutations are not exercising the parser.
  EXPECT_GT(parsed_ok, 100);
  EXPECT_GT(rejected, 100);
}

}  // namespace
}  // namespace ponder
