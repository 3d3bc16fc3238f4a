// A minimal reader of the protobuf wire format (varint, 64-bit, length-
// delimited and 32-bit fields), enough to read SentencePiece's ModelProto
// without linking libprotobuf. Every read is bounds-checked: a truncated or
// corrupt message gives an error naming the byte offset, never an
// out-of-bounds read. Not thread-safe (a cursor); cheap to create.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "search/base/status.h"

namespace ponder::tokenizer {

enum class WireType : uint8_t {
  kVarint = 0,
  kFixed64 = 1,
  kLengthDelimited = 2,
  kStartGroup = 3,
  kEndGroup = 4,
  kFixed32 = 5,
};

class ProtoReader {
 public:
  // `base_offset` is where `data` starts inside the file, for messages.
  explicit ProtoReader(std::string_view data, size_t base_offset = 0)
      : data_(data), base_offset_(base_offset) {}

  bool AtEnd() const { return pos_ >= data_.size(); }
  // Reads the next field's key; call only when !AtEnd().
  Status ReadKey();
  uint32_t field_number() const { return field_number_; }
  WireType wire_type() const { return wire_type_; }

  // The value of the current field, which must have the matching wire type.
  StatusOr<uint64_t> ReadVarint();
  StatusOr<std::string_view> ReadLengthDelimited();
  StatusOr<uint32_t> ReadFixed32();
  // Skips the value of the current field.
  Status SkipValue();

  // The file offset of the next byte to read.
  size_t offset() const { return base_offset_ + pos_; }

 private:
  Status ExpectWireType(WireType expected) const;
  StatusOr<uint64_t> ReadRawVarint();

  std::string_view data_;
  size_t base_offset_;
  size_t pos_ = 0;
  uint32_t field_number_ = 0;
  WireType wire_type_ = WireType::kVarint;
};

}  // namespace ponder::tokenizer
