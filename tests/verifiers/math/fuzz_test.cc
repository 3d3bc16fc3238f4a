// Bounded random-mutation fuzzing (fixed seed) of the answer parser, starting
// from the real MATH500 references: every mutated answer must come back as a
// verdict or an error (no crash, no hang, no stack overflow), and grading its
// canonical key must give the same verdict as grading the answer itself.
#include <gtest/gtest.h>

#include <random>

#include "tests/verifiers/math/reference_data.h"
#include "verifiers/math/answer_check.h"
#include "verifiers/math/final_answer.h"
#include "verifiers/math/math_grader.h"

namespace ponder::math {
namespace {

constexpr const char* kPieces[] = {"{",
                                   "}",
                                   "(",
                                   ")",
                                   "[",
                                   "]",
                                   "\\{",
                                   "\\}",
                                   ",",
                                   "=",
                                   "+",
                                   "-",
                                   "/",
                                   "^",
                                   "_",
                                   "!",
                                   "|",
                                   "&",
                                   "\\\\",
                                   "$",
                                   ".",
                                   " ",
                                   "0",
                                   "1",
                                   "9",
                                   "x",
                                   "i",
                                   "e",
                                   "\\frac",
                                   "\\sqrt",
                                   "\\sqrt[3]",
                                   "\\pi",
                                   "\\infty",
                                   "\\pm",
                                   "\\cup",
                                   "\\in",
                                   "\\cdot",
                                   "\\left(",
                                   "\\right]",
                                   "\\text{",
                                   "\\text{ cm}",
                                   "^\\circ",
                                   "\\%",
                                   "\\$",
                                   "\\boxed{",
                                   "\\begin{pmatrix}",
                                   "\\end{pmatrix}",
                                   "\\sin",
                                   "\\log_",
                                   "\\binom",
                                   "^{99}",
                                   "^{-1}",
                                   "00000000000000000000",
                                   "\xff",
                                   "\xc3",
                                   "\u03c0",
                                   "1e400",
                                   "0/0",
                                   ",\\!"};

std::string Mutate(std::string s, std::mt19937_64& rng) {
  const int edits = 1 + static_cast<int>(rng() % 4);
  for (int e = 0; e < edits; ++e) {
    const size_t at = s.empty() ? 0 : rng() % (s.size() + 1);
    switch (rng() % 4) {
      case 0:
        s.insert(at, kPieces[rng() % std::size(kPieces)]);
        break;
      case 1:
        if (!s.empty()) s.erase(std::min(at, s.size() - 1), 1 + rng() % 4);
        break;
      case 2:
        if (!s.empty()) s[std::min(at, s.size() - 1)] = static_cast<char>(rng() % 256);
        break;
      case 3:  // duplicate a slice: grows nesting and lists
        if (!s.empty()) {
          const size_t from = rng() % s.size();
          s.insert(at, s.substr(from, 1 + rng() % 16));
        }
        break;
    }
  }
  return s;
}

TEST(MathFuzzTest, MutatedReferencesNeverCrashAndKeysGradeLikeTheirAnswers) {
  const auto problems = testing::LoadReferences("math500/test.jsonl");
  ASSERT_FALSE(problems.empty());
  std::mt19937_64 rng(20240601);
  const MathAnswerExtractor extractor;
  int verdicts = 0, errors = 0, mismatches = 0;
  std::string first_mismatches;
  for (int round = 0; round < 20000; ++round) {
    const auto& p = problems[rng() % problems.size()];
    const std::string answer = Mutate(p.answer, rng);
    const auto verdict = CompareAnswers(answer, p.answer, EquivalenceOptions{});
    ASSERT_TRUE(verdict.ok()) << verdict.status().ToString();
    ++verdicts;
    // A mutated reference may be an error, but never a crash.
    errors += !CompareAnswers(p.answer, answer, EquivalenceOptions{}).ok();
    (void)extractor.Extract("The answer is $" + answer + "$.");
    const auto key = CanonicalAnswerKey(answer);
    if (!key) continue;
    const auto keyed = CompareAnswers(*key, p.answer, EquivalenceOptions{});
    ASSERT_TRUE(keyed.ok());
    if (keyed->equivalent != verdict->equivalent) {
      if (++mismatches <= 5) first_mismatches += "'" + answer + "' key '" + *key + "'\n";
    }
  }
  EXPECT_EQ(verdicts, 20000);
  EXPECT_GT(errors, 0);  // the mutations do reach the error paths
  EXPECT_EQ(mismatches, 0) << first_mismatches;
}

TEST(MathFuzzTest, AbsurdInputsEndInAVerdict) {
  std::vector<std::string> inputs = {
      std::string(4000, '{') + std::string(4000, '}'),
      std::string(4000, '(') + std::string(4000, ')'),
      std::string(2000, '[') + "1" + std::string(2000, ']'),
      std::string("\\{").append(1000, '(').append(1000, ')').append("\\}"),
      std::string(4000, '-') + "1",
      std::string("2").append(1300, '^').append("2"),
      std::string("x").append(1000, '!'),
      "(x+y+z+w+1)^{1000}",
      "((x+1)^{64})^{64}",
      "10^{10^{10^{10}}}",
      "1000000!",
      std::string("\\sqrt{").append(30, '9').append("}"),
      "\\pm\\pm\\pm\\pm\\pm\\pm\\pm\\pm 1",
      std::string(3000, ',') + "1",
      std::string("\\frac").append(1500, '1'),
      std::string(1000, '\\'),
  };
  std::string list;
  for (int k = 0; k < 1000; ++k) list += std::to_string(k) + ",";
  inputs.push_back(list + "1");
  for (const std::string& in : inputs) {
    const auto verdict = CompareAnswers(in, in.substr(0, 1000), EquivalenceOptions{});
    if (verdict.ok()) {
      EXPECT_FALSE(verdict->detail.empty());
    }
    (void)CanonicalAnswerKey(in);
    (void)FindFinalAnswer(in);
  }
}

}  // namespace
}  // namespace ponder::math
