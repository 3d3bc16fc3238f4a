#include "models/weights/safetensors.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstring>
#include <fstream>

#include "models/weights/safetensors_writer.h"
#include "tests/fakes/temp_dir.h"

namespace ponder {
namespace {

using ::testing::HasSubstr;

const std::filesystem::path kCorpus =
    std::filesystem::path(PONDER_SOURCE_DIR) / "tests/models/weights/corpus";

std::span<const std::byte> Bytes(const std::string& s) {
  return {reinterpret_cast<const std::byte*>(s.data()), s.size()};
}

std::vector<float> Floats(const TensorInfo& t) {
  std::vector<float> out(static_cast<size_t>(t.numel()));
  std::memcpy(out.data(), t.data.data(), t.data.size());
  return out;
}

// A file with a hand-written header and `data_bytes` zero bytes of data.
std::string WithHeader(const std::string& json, size_t data_bytes) {
  std::string out;
  uint64_t len = json.size();
  for (int i = 0; i < 8; ++i) out.push_back(static_cast<char>((len >> (8 * i)) & 0xff));
  return out + json + std::string(data_bytes, '\0');
}

TEST(SafetensorsTest, RoundTripsEveryDtypeThroughTheWriter) {
  const std::vector<float> values = {1.0f, -2.5f, 0.0f, 65504.0f, 1e-3f, -7.0f};
  std::vector<TensorToWrite> tensors = {
      FloatTensor("f32", {2, 3}, values, DType::kF32),
      FloatTensor("f16", {6}, values, DType::kF16),
      FloatTensor("bf16", {3, 2}, values, DType::kBF16),
  };
  const std::string bytes = SerializeSafetensors(tensors, {{"format", "pt"}});
  EXPECT_EQ(static_cast<uint8_t>(bytes[0]) % 8, 0) << "the header is padded to 8 bytes";
  auto parsed = ParseSafetensors(Bytes(bytes), "mem");
  ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
  ASSERT_EQ(parsed->tensors.size(), 3u);
  EXPECT_EQ(parsed->metadata.at("format"), "pt");
  const TensorInfo& f32 = parsed->tensors[0];
  EXPECT_EQ(f32.name, "f32");
  EXPECT_EQ(f32.shape, (std::vector<int64_t>{2, 3}));
  EXPECT_EQ(Floats(f32), values);
  const TensorInfo& f16 = parsed->tensors[1];
  EXPECT_EQ(f16.dtype, DType::kF16);
  for (size_t i = 0; i < values.size(); ++i) {
    uint16_t bits;
    std::memcpy(&bits, f16.data.data() + 2 * i, 2);
    EXPECT_NEAR(HalfToFloat(bits), values[i], std::fabs(values[i]) * 1e-3) << i;
  }
  const TensorInfo& bf16 = parsed->tensors[2];
  for (size_t i = 0; i < values.size(); ++i) {
    uint16_t bits;
    std::memcpy(&bits, bf16.data.data() + 2 * i, 2);
    EXPECT_NEAR(BFloat16ToFloat(bits), values[i], std::fabs(values[i]) * 1e-2) << i;
  }
}

TEST(SafetensorsTest, HalfAndBFloat16ConversionsAreExactWhereTheyCanBe) {
  EXPECT_EQ(HalfToFloat(0x3c00), 1.0f);
  EXPECT_EQ(HalfToFloat(0xc000), -2.0f);
  EXPECT_EQ(HalfToFloat(0x0001), std::ldexp(1.0f, -24));  // smallest subnormal
  EXPECT_EQ(HalfToFloat(0x7bff), 65504.0f);
  EXPECT_TRUE(std::isinf(HalfToFloat(0x7c00)));
  EXPECT_EQ(FloatToHalf(1.0f), 0x3c00);
  EXPECT_EQ(FloatToHalf(std::ldexp(1.0f, -24)), 0x0001);
  EXPECT_EQ(FloatToHalf(1e6f), 0x7c00);
  // 1 + 2^-11 lies halfway between two halves: ties go to the even mantissa.
  EXPECT_EQ(FloatToHalf(1.0f + std::ldexp(1.0f, -11)), 0x3c00);
  EXPECT_EQ(BFloat16ToFloat(0x3f80), 1.0f);
  EXPECT_EQ(FloatToBFloat16(1.0f), 0x3f80);
  EXPECT_EQ(FloatToBFloat16(-2.0f), 0xc000);
  for (uint32_t bits = 0; bits < 0x7c00; bits += 7) {  // every finite positive half round-trips
    EXPECT_EQ(FloatToHalf(HalfToFloat(static_cast<uint16_t>(bits))), bits);
  }
}

TEST(SafetensorsTest, ReadsTheCorpusFiles) {
  auto f32 = SafetensorsFile::Open(kCorpus / "valid_f32.safetensors");
  ASSERT_TRUE(f32.ok()) << f32.status().ToString();
  ASSERT_NE(f32->Find("a"), nullptr);
  EXPECT_EQ(Floats(*f32->Find("a")), (std::vector<float>{1, 2, 3, 4}));
  EXPECT_EQ(Floats(*f32->Find("b")), (std::vector<float>{5, 6, 7}));
  EXPECT_EQ(f32->Find("c"), nullptr);

  auto mixed = SafetensorsFile::Open(kCorpus / "valid_mixed_dtypes.safetensors");
  ASSERT_TRUE(mixed.ok()) << mixed.status().ToString();
  EXPECT_EQ(mixed->Find("scalar")->numel(), 1);
  EXPECT_TRUE(mixed->Find("scalar")->shape.empty());
  EXPECT_EQ(mixed->Find("empty")->numel(), 0);
  EXPECT_EQ(mixed->Find("bf")->dtype, DType::kBF16);
  EXPECT_TRUE(SafetensorsFile::Open(kCorpus / "valid_unpadded.safetensors").ok());
}

TEST(SafetensorsTest, ReadsTheStories260KCheckpoint) {
  auto file = SafetensorsFile::Open(std::filesystem::path(PONDER_SHARED_DIR) /
                                    "models/stories260K/model.safetensors");
  ASSERT_TRUE(file.ok()) << file.status().ToString();
  EXPECT_EQ(file->tensors().size(), 47u);  // the README's count
  const TensorInfo* embed = file->Find("model.embed_tokens.weight");
  ASSERT_NE(embed, nullptr);
  EXPECT_EQ(embed->shape, (std::vector<int64_t>{512, 64}));
  EXPECT_EQ(file->metadata().at("format"), "pt");
}

struct BadCase {
  std::string file;
  StatusCode code;
  std::string message;
};

class BadCorpusTest : public ::testing::TestWithParam<BadCase> {};

TEST_P(BadCorpusTest, FailsWithAMessageNamingFileAndProblem) {
  auto file = SafetensorsFile::Open(kCorpus / GetParam().file);
  ASSERT_FALSE(file.ok());
  EXPECT_EQ(file.status().code(), GetParam().code);
  EXPECT_THAT(file.status().message(), HasSubstr(GetParam().file));
  EXPECT_THAT(file.status().message(), HasSubstr(GetParam().message));
}

INSTANTIATE_TEST_SUITE_P(
    Corpus, BadCorpusTest,
    ::testing::Values(
        BadCase{"bad_truncated_data.safetensors", StatusCode::kDataLoss,
                "tensor 'a' ends at byte 16 of a data buffer of 10 bytes (truncated file?)"},
        BadCase{"bad_overlap.safetensors", StatusCode::kDataLoss,
                "tensor 'b' starts at byte 4 of the data buffer, expected 8 (overlaps"},
        BadCase{"bad_dtype_i64.safetensors", StatusCode::kInvalidArgument,
                "tensor 'ids' has dtype I64; ponder reads F32, F16 and BF16 tensors only"},
        BadCase{"bad_header_length.safetensors", StatusCode::kDataLoss,
                "exceeds the 100 MB limit"}));

TEST(SafetensorsTest, RejectsInconsistentHeaders) {
  struct Case {
    std::string bytes;
    std::string message;
  };
  const std::vector<Case> cases = {
      {"short", "fewer than the 8-byte header length"},
      {WithHeader("{}", 0).substr(0, 9), "exceeds the 1 bytes after it"},
      {WithHeader("[1,2]", 0), "does not start with a JSON object"},
      {WithHeader("{\"a\": ", 0), "not valid JSON"},
      {WithHeader(R"({"a":{"dtype":"F32","shape":[2],"data_offsets":[0,4]}})", 4),
       "spanning 4 bytes, but its dtype F32 and shape [2] need 8"},
      {WithHeader(R"({"a":{"dtype":"F32","shape":[-1],"data_offsets":[0,4]}})", 4),
       "shape entry that is not a non-negative integer: -1"},
      {WithHeader(R"({"a":{"dtype":"F32","shape":[1.5],"data_offsets":[0,4]}})", 4),
       "shape entry that is not a non-negative integer"},
      {WithHeader(R"({"a":{"dtype":"F32","shape":[4611686018427387904, 8],"data_offsets":[0,4]}})",
                  4),
       "overflows"},
      {WithHeader(R"({"a":{"dtype":"F32","shape":[1],"data_offsets":[4,0]}})", 4),
       "invalid data_offsets"},
      {WithHeader(R"({"a":{"dtype":"F32","shape":[1]}})", 4), "no 'data_offsets' pair"},
      {WithHeader(R"({"a":{"shape":[1],"data_offsets":[0,4]}})", 4), "no string 'dtype'"},
      {WithHeader(R"({"a":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}})", 8),
       "starts at byte 4 of the data buffer, expected 0 (a hole"},
      {WithHeader(R"({"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}})", 12),
       "the tensors cover 4 bytes but the data buffer has 12"},
      {WithHeader(R"({"__metadata__":{"k":1}})", 0), "'__metadata__' value of 'k' is not a string"},
      {WithHeader(R"({"a":7})", 0), "tensor 'a' is not a JSON object"},
  };
  for (const Case& c : cases) {
    auto parsed = ParseSafetensors(Bytes(c.bytes), "x.safetensors");
    ASSERT_FALSE(parsed.ok()) << c.message;
    EXPECT_THAT(parsed.status().message(), HasSubstr("x.safetensors: ")) << c.message;
    EXPECT_THAT(parsed.status().message(), HasSubstr(c.message));
  }
}

TEST(SafetensorsTest, WritesFilesThatOpenAgain) {
  testing::TempDir dir;
  const std::vector<float> v = {3, 1, 4, 1, 5};
  std::vector<TensorToWrite> tensors = {FloatTensor("pi", {5}, v)};
  ASSERT_TRUE(WriteSafetensors(dir.path() / "t.safetensors", tensors).ok());
  auto file = SafetensorsFile::Open(dir.path() / "t.safetensors");
  ASSERT_TRUE(file.ok()) << file.status().ToString();
  EXPECT_EQ(Floats(*file->Find("pi")), v);
  EXPECT_EQ(SafetensorsFile::Open(dir.path() / "missing.safetensors").status().code(),
            StatusCode::kNotFound);
}

}  // namespace
}  // namespace ponder
