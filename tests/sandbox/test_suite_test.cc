#include "sandbox/test_suite.h"

#include <gtest/gtest.h>

#include "sandbox/sha256.h"
#include "sandbox/verdict.h"

namespace ponder::sandbox {
namespace {

TEST(TestSuiteTest, ParsesStandardInputTests) {
  auto suite = TestSuite::Parse(R"({"inputs": ["1 2\n", ["3 4", "5"]], "outputs": ["3\n", ["7"]]})",
                                "t.json");
  ASSERT_TRUE(suite.ok()) << suite.status().ToString();
  EXPECT_EQ(suite->kind(), TestKind::kStandardInput);
  ASSERT_EQ(suite->size(), 2u);
  EXPECT_EQ(suite->cases()[1].input, "3 4\n5");  // APPS joins a list of lines with "\n"
  EXPECT_EQ(suite->cases()[1].expected, "7");
  EXPECT_EQ(suite->fingerprint().size(), 64u);
}

TEST(TestSuiteTest, ParsesCallBasedTests) {
  auto suite = TestSuite::Parse(
      R"({"inputs": [[[1, 2], "x"]], "outputs": [[false]], "fn_name": "solve"})", "t.json");
  ASSERT_TRUE(suite.ok()) << suite.status().ToString();
  EXPECT_EQ(suite->kind(), TestKind::kCallBased);
  EXPECT_EQ(suite->fn_name(), "solve");
  EXPECT_EQ(suite->cases()[0].input, R"([[1,2],"x"])");
  EXPECT_EQ(suite->cases()[0].expected, "[false]");
}

TEST(TestSuiteTest, EqualSuitesShareAFingerprint) {
  auto a = TestSuite::Parse(R"({"inputs": ["1"], "outputs": ["2"]})", "a");
  auto b = TestSuite::Parse(R"({"outputs": ["2"], "inputs": ["1"], "fn_name": null})", "b");
  auto c = TestSuite::Parse(R"({"inputs": ["1"], "outputs": ["3"]})", "c");
  ASSERT_TRUE(a.ok() && b.ok() && c.ok());
  EXPECT_EQ(a->fingerprint(), b->fingerprint());
  EXPECT_NE(a->fingerprint(), c->fingerprint());
}

TEST(TestSuiteTest, BadInputNamesTheProblem) {
  struct Case {
    const char* json;
    const char* message;
  };
  const Case cases[] = {
      {"{not json", "tests.json: tests are not valid JSON"},
      {"[1, 2]", "must be a JSON object"},
      {R"({"inputs": ["1"]})", "key \"outputs\" must be present and a list"},
      {R"({"inputs": ["1", "2"], "outputs": ["1"]})",
       "\"inputs\" has 2 entries but \"outputs\" has 1"},
      {R"({"inputs": [], "outputs": []})", "holds no tests"},
      {R"({"inputs": [5], "outputs": ["5"]})", "inputs[0] must be a string or a list of strings"},
      {R"({"inputs": ["1"], "outputs": [["a", 2]]})", "outputs[0] is a list whose item 1"},
      {R"({"inputs": ["1"], "outputs": ["1"], "fn_name": 3})", "\"fn_name\" must be"},
      {R"({"inputs": ["1"], "outputs": ["1"], "fn_name": "f"})",
       "inputs[0] must be the list of arguments of a call-based test"},
  };
  for (const Case& c : cases) {
    auto suite = TestSuite::Parse(c.json, "tests.json");
    ASSERT_FALSE(suite.ok()) << c.json;
    EXPECT_EQ(suite.status().code(), StatusCode::kInvalidArgument);
    EXPECT_NE(suite.status().message().find(c.message), std::string::npos)
        << suite.status().message();
  }
}

TEST(Sha256Test, KnownDigests) {
  // FIPS 180-2 appendix B examples.
  Sha256 empty;
  EXPECT_EQ(empty.HexDigest(), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  Sha256 abc;
  abc.Update("abc");
  EXPECT_EQ(abc.HexDigest(), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  Sha256 two_blocks;
  two_blocks.Update("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq");
  EXPECT_EQ(two_blocks.HexDigest(),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  Sha256 million;
  const std::string chunk(1000, 'a');
  for (int i = 0; i < 1000; ++i) million.Update(chunk);
  EXPECT_EQ(million.HexDigest(),
            "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

TEST(Sha256Test, FieldsCannotBeConfused) {
  Sha256 a, b;
  a.UpdateField("ab");
  a.UpdateField("c");
  b.UpdateField("a");
  b.UpdateField("bc");
  EXPECT_NE(a.HexDigest(), b.HexDigest());
}

TEST(VerdictTest, NamesRoundTrip) {
  for (Verdict v :
       {Verdict::kPassed, Verdict::kWrongAnswer, Verdict::kRuntimeError, Verdict::kTimeLimit,
        Verdict::kMemoryLimit, Verdict::kOutputLimit, Verdict::kCompileError}) {
    EXPECT_EQ(VerdictFromName(VerdictName(v)), v);
  }
  EXPECT_FALSE(VerdictFromName("accepted").has_value());
}

TEST(VerdictTest, PrintableExcerptRepairsUtf8AndCuts) {
  EXPECT_EQ(PrintableExcerpt("ok \xff\xfe", 100), "ok \xEF\xBF\xBD\xEF\xBF\xBD");
  EXPECT_EQ(PrintableExcerpt("h\xC3\xA9llo", 100), "h\xC3\xA9llo");
  EXPECT_EQ(PrintableExcerpt("\xED\xA0\x80", 100), "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");
  EXPECT_EQ(PrintableExcerpt("abcdef", 3), "abc...");
}

TEST(VerdictTest, SummarizeTakesTheFirstFailure) {
  RunResult r;
  r.tests = {{.verdict = Verdict::kPassed},
             {.verdict = Verdict::kTimeLimit},
             {.verdict = Verdict::kWrongAnswer}};
  Summarize(r);
  EXPECT_EQ(r.passed, 1);
  EXPECT_EQ(r.overall, Verdict::kTimeLimit);
  EXPECT_DOUBLE_EQ(r.pass_rate(), 1.0 / 3);
  EXPECT_FALSE(r.all_passed());
}

}  // namespace
}  // namespace ponder::sandbox
