#include "sandbox/output_compare.h"

#include <gtest/gtest.h>

namespace ponder::sandbox {
namespace {

TEST(CompareStdoutTest, ExactUpToSurroundingWhitespaceAndLineEnds) {
  EXPECT_EQ(CompareStdout("3\n", "3\n"), MatchStage::kExact);
  EXPECT_EQ(CompareStdout("3", "3\n"), MatchStage::kExact);
  EXPECT_EQ(CompareStdout("1 2 \r\n3\n\n", "1 2\n3"), MatchStage::kExact);
  EXPECT_EQ(CompareStdout("a\n\nb\n", "a\nb\n"), MatchStage::kExact);  // blank lines dropped
  EXPECT_EQ(CompareStdout("", ""), MatchStage::kExact);
}

TEST(CompareStdoutTest, TokenSetsIgnoreOrderAndRepeatsAsAppsDoes) {
  EXPECT_EQ(CompareStdout("1  2\t3\n", "1 2 3\n"), MatchStage::kTokens);
  EXPECT_EQ(CompareStdout("3 2 1\n", "1 2 3\n"), MatchStage::kTokens);
  EXPECT_EQ(CompareStdout("b\na\n", "a\nb\n"), MatchStage::kTokens);
  EXPECT_EQ(CompareStdout("1 1 2\n", "2 1\n"), MatchStage::kTokens);
}

TEST(CompareStdoutTest, NumbersWithinNumpyAllcloseTolerance) {
  EXPECT_EQ(CompareStdout("0.3333333\n", "0.333333333333\n"), MatchStage::kNumeric);
  EXPECT_EQ(CompareStdout("1e3\n", "1000.0\n"), MatchStage::kNumeric);
  EXPECT_EQ(CompareStdout("100000.5\n", "100000.0\n"), MatchStage::kNumeric);  // 0.5 <= 1e-5 * 1e5
  EXPECT_EQ(CompareStdout("100002.5\n", "100000.0\n"), MatchStage::kNone);
  // Several numbers per line: APPS rounds each to 3 decimals and compares token sets.
  EXPECT_EQ(CompareStdout("1.00001 2.5\n", "1.0 2.5\n"), MatchStage::kNumeric);
  EXPECT_EQ(CompareStdout("1.01 2.5\n", "1.0 2.5\n"), MatchStage::kNone);
  EXPECT_EQ(CompareStdout("nan\n", "nan\n"), MatchStage::kExact);
  EXPECT_EQ(CompareStdout("0x10\n", "16\n"), MatchStage::kNone);  // Python's float() takes no hex
}

TEST(CompareStdoutTest, WrongAnswersFail) {
  EXPECT_EQ(CompareStdout("4\n", "3\n"), MatchStage::kNone);
  EXPECT_EQ(CompareStdout("", "3\n"), MatchStage::kNone);
  EXPECT_EQ(CompareStdout("YES\n", "yes\n"), MatchStage::kNone);
  EXPECT_EQ(CompareStdout("1 2\n3\n", "1 2 3\n"), MatchStage::kNone);
  EXPECT_EQ(CompareStdout("\xff\xfe\n", "ok\n"), MatchStage::kNone);
}

TEST(CompareReturnValueTest, PythonEqualityOnJson) {
  EXPECT_TRUE(CompareReturnValue("9", "9"));
  EXPECT_TRUE(CompareReturnValue("9", "9.0"));
  EXPECT_TRUE(CompareReturnValue("true", "1"));  // True == 1 in Python
  EXPECT_TRUE(CompareReturnValue("[1, [2, 3]]", "[1, [2, 3]]"));
  EXPECT_TRUE(CompareReturnValue(R"({"1": "a"})", R"({"1": "a"})"));
  EXPECT_FALSE(CompareReturnValue("[1, 2]", "[2, 1]"));
  EXPECT_FALSE(CompareReturnValue("-1", "18446744073709551615"));
  EXPECT_FALSE(CompareReturnValue("\"9\"", "9"));
  EXPECT_FALSE(CompareReturnValue("NaN", "NaN"));  // not JSON: never matches
}

TEST(CompareReturnValueTest, IntAgainstFloatIsExactAsInPython) {
  // A float result (n * (n + 1) / 2 instead of //) past 2**53 has lost its last digits.
  EXPECT_FALSE(CompareReturnValue("9007199254740992.0", "9007199254740993"));
  EXPECT_FALSE(CompareReturnValue("5e+17", "500000000000000001"));
  EXPECT_FALSE(CompareReturnValue("[500000000000000001]", "[5e+17]"));
  EXPECT_FALSE(CompareReturnValue("-9007199254740993", "-9007199254740992.0"));
  EXPECT_FALSE(CompareReturnValue("3", "3.5"));
  EXPECT_FALSE(CompareReturnValue("18446744073709551615", "1.8446744073709552e+19"));
  EXPECT_TRUE(CompareReturnValue("9007199254740992.0", "9007199254740992"));
  EXPECT_TRUE(CompareReturnValue("5e+17", "500000000000000000"));
  EXPECT_TRUE(CompareReturnValue("-4", "-4.0"));
  EXPECT_TRUE(CompareReturnValue("0", "-0.0"));
}

TEST(CompareReturnValueTest, CodewarsOneElementListWrapping) {
  EXPECT_TRUE(CompareReturnValue("false", "[false]"));
  EXPECT_TRUE(CompareReturnValue("[1, 2]", "[[1, 2]]"));
  EXPECT_TRUE(CompareReturnValue("[1, 2]", "[1, 2]"));
  EXPECT_TRUE(CompareReturnValue("[]", "[]"));
  EXPECT_FALSE(CompareReturnValue("true", "[false]"));
}

}  // namespace
}  // namespace ponder::sandbox
