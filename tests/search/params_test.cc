#include "search/base/params.h"

#include <gtest/gtest.h>

namespace ponder {
namespace {

enum class Mode { kFast, kSlow };

struct Options {
  int width = 4;
  double lambda = 0.5;
  bool greedy = false;
  std::string name = "x";
  Mode mode = Mode::kFast;

  void Bind(ParamBinder& b) {
    static constexpr std::pair<std::string_view, Mode> kModes[] = {{"fast", Mode::kFast},
                                                                   {"slow", Mode::kSlow}};
    b.Int("width", &width, 1, 64, "beams kept");
    b.Double("lambda", &lambda, 0, 1, "penalty");
    b.Bool("greedy", &greedy, "decode greedily");
    b.String("name", &name, "a name");
    b.Enum<Mode>("mode", &mode, kModes, "speed");
  }
  Status Validate() const {
    if (greedy && width > 1) return InvalidArgumentError("greedy needs width 1");
    return OkStatus();
  }
};

TEST(ParamsTest, ReadsEveryTypeAndKeepsDefaults) {
  Params p{{"width", 8}, {"lambda", ParamValue(int64_t{1})}, {"mode", "slow"}};
  StatusOr<Options> o = ReadOptions<Options>(p, "algorithm");
  ASSERT_TRUE(o.ok()) << o.status().ToString();
  EXPECT_EQ(o->width, 8);
  EXPECT_DOUBLE_EQ(o->lambda, 1.0);  // an integer is a fine number
  EXPECT_EQ(o->mode, Mode::kSlow);
  EXPECT_EQ(o->name, "x");
}

TEST(ParamsTest, ErrorsNameTheKeyItsLineAndTheExpectedForm) {
  Params p;
  p.Set("width", ParamValue(int64_t{-3}, "configs/beam.yaml:7:10"));
  Status s = ReadOptions<Options>(p, "algorithm").status();
  EXPECT_EQ(s.message(),
            "algorithm.width (configs/beam.yaml:7:10): expected an integer in [1, 64], got -3");
}

TEST(ParamsTest, WrongTypesAreErrors) {
  Params p;
  p.Set("greedy", ParamValue(std::string("yes"), "c.yaml:2:9"));
  EXPECT_EQ(ReadOptions<Options>(p, "algorithm").status().message(),
            "algorithm.greedy (c.yaml:2:9): expected true or false, got \"yes\"");
  Params q{{"mode", "medium"}};
  EXPECT_EQ(ReadOptions<Options>(q, "algorithm").status().message(),
            "algorithm.mode: expected one of: fast, slow, got \"medium\"");
  Params r{{"lambda", "0.5"}};
  EXPECT_FALSE(ReadOptions<Options>(r, "algorithm").ok());
}

TEST(ParamsTest, UnknownKeysAreErrorsListingTheKnownOnes) {
  Params p;
  p.Set("widht", ParamValue(int64_t{3}, "c.yaml:4:3"));
  EXPECT_EQ(ReadOptions<Options>(p, "algorithm").status().message(),
            "unknown key algorithm.widht (c.yaml:4:3); expected one of: width, lambda, greedy, "
            "name, mode");
}

TEST(ParamsTest, ValidateRunsAfterReadingWithTheScope) {
  Params p{{"greedy", ParamValue(true)}};
  EXPECT_EQ(ReadOptions<Options>(p, "algorithm").status().message(),
            "algorithm: greedy needs width 1");
}

TEST(ParamsTest, DocumenterListsEverySettingWithItsDefault) {
  auto docs = DocumentOptions<Options>();
  ASSERT_EQ(docs.size(), 5u);
  EXPECT_EQ(docs[0].key, "width");
  EXPECT_EQ(docs[0].type, "integer in [1, 64]");
  EXPECT_EQ(docs[0].default_value, "4");
  EXPECT_EQ(docs[4].type, "one of: fast, slow");
  EXPECT_EQ(docs[4].default_value, "fast");
}

}  // namespace
}  // namespace ponder
