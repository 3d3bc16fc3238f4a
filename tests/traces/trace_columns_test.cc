// The encodings of the structured columns: token blobs and JSON objects.
#include <gtest/gtest.h>

#include "traces/json_columns.h"
#include "traces/records.h"
#include "traces/token_blob.h"

namespace ponder::traces {
namespace {

TEST(TokenBlobTest, RoundTripsAnyInt32AsLittleEndian) {
  const TokenIds tokens = {0, 1, -1, 151643, INT32_MIN, INT32_MAX};
  std::vector<std::byte> blob;
  EncodeTokens(tokens, blob);
  ASSERT_EQ(blob.size(), tokens.size() * 4);
  // 151643 = 0x0002505B, little-endian: 5B 50 02 00.
  EXPECT_EQ(blob[12], std::byte{0x5b});
  EXPECT_EQ(blob[13], std::byte{0x50});
  EXPECT_EQ(blob[14], std::byte{0x02});
  EXPECT_EQ(blob[15], std::byte{0x00});
  auto decoded = DecodeTokens(blob);
  ASSERT_TRUE(decoded.ok());
  EXPECT_EQ(*decoded, tokens);

  EncodeTokens({}, blob);
  EXPECT_TRUE(blob.empty());
  EXPECT_TRUE(DecodeTokens(blob)->empty());
}

TEST(TokenBlobTest, ATruncatedBlobIsDataLoss) {
  const std::byte three[3] = {};
  auto decoded = DecodeTokens(three);
  EXPECT_EQ(decoded.status().code(), StatusCode::kDataLoss);
  EXPECT_NE(decoded.status().message().find("3 bytes"), std::string::npos);
}

TEST(JsonColumnsTest, ParamsKeepTheirTypes) {
  const Params params{{"algorithm.n", 16},
                      {"search.temperature", 0.7},
                      {"search.whole", 2.0},
                      {"algorithm.mode", "step"},
                      {"search.greedy", true},
                      {"algorithm.widths", ParamValue::List{ParamValue(1), ParamValue("a")}}};
  const std::string json = ParamsToJson(params);
  auto back = ParamsFromJson(json, "sweep");
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(ParamsToJson(*back), json);
  EXPECT_EQ(std::get<int64_t>(back->Find("algorithm.n")->value()), 16);
  EXPECT_EQ(std::get<double>(back->Find("search.whole")->value()), 2.0);  // a float stays one
  EXPECT_EQ(std::get<bool>(back->Find("search.greedy")->value()), true);
  EXPECT_EQ(std::get<ParamValue::List>(back->Find("algorithm.widths")->value()).size(), 2u);
  EXPECT_EQ(ParamsToJson(Params{}), "{}");
}

TEST(JsonColumnsTest, InvalidUtf8IsReplacedNotThrown) {
  const std::string json = ParamsToJson(Params{{"k", std::string("a\xff")}});
  auto back = ParamsFromJson(json, "sweep");
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(std::get<std::string>(back->Find("k")->value()), "a\xef\xbf\xbd");
}

TEST(JsonColumnsTest, MalformedJsonNamesTheColumn) {
  auto bad = ParamsFromJson("[1, 2]", "run 3 sweep");
  EXPECT_EQ(bad.status().code(), StatusCode::kDataLoss);
  EXPECT_NE(bad.status().message().find("run 3 sweep is not a JSON object"), std::string::npos);
  auto nested = ParamsFromJson(R"({"a": {"b": 1}})", "run 3 sweep");
  EXPECT_NE(nested.status().message().find("key 'a' holds object"), std::string::npos);
  auto hashes = StringMapFromJson(R"({"model.pt": 5})", "run 3 model_hashes");
  EXPECT_NE(hashes.status().message().find("key 'model.pt' holds number, not a string"),
            std::string::npos);
  auto map = StringMapFromJson(StringMapToJson({{"m.pt", "ab12"}}), "hashes");
  ASSERT_TRUE(map.ok());
  EXPECT_EQ(map->at("m.pt"), "ab12");
}

TEST(RecordsTest, StatusNamesRoundTrip) {
  for (RunStatus s : {RunStatus::kRunning, RunStatus::kFinished, RunStatus::kFailed}) {
    EXPECT_EQ(ParseRunStatus(RunStatusName(s)), s);
  }
  for (ProblemStatus s :
       {ProblemStatus::kStarted, ProblemStatus::kFinished, ProblemStatus::kFailed}) {
    EXPECT_EQ(ParseProblemStatus(ProblemStatusName(s)), s);
  }
  EXPECT_FALSE(ParseRunStatus("done").has_value());
}

TEST(RecordsTest, ContentHashIsFnv1a64) {
  // Published FNV-1a 64-bit test vectors.
  EXPECT_EQ(ContentHash(""), "cbf29ce484222325");
  EXPECT_EQ(ContentHash("a"), "af63dc4c8601ec8c");
  EXPECT_EQ(ContentHash("foobar"), "85944171f73967e8");
}

TEST(RecordsTest, RunInfoValidationNamesTheField) {
  RunInfo info{.name = "r", .config_hash = "h"};
  EXPECT_TRUE(info.Validate().ok());
  RunInfo no_hash = info;
  no_hash.config_hash = "";
  EXPECT_NE(no_hash.Validate().message().find("config_hash"), std::string::npos);
  RunInfo bad_shard = info;
  bad_shard.shard_index = 2;
  bad_shard.shard_count = 2;
  EXPECT_NE(bad_shard.Validate().message().find("shard_index is 2"), std::string::npos);
  RunInfo negative = info;
  negative.problem_count = -1;
  EXPECT_NE(negative.Validate().message().find("problem_count is -1"), std::string::npos);
}

}  // namespace
}  // namespace ponder::traces
