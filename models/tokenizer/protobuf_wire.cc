#include "models/tokenizer/protobuf_wire.h"

namespace ponder::tokenizer {

StatusOr<uint64_t> ProtoReader::ReadRawVarint() {
  const size_t start = offset();
  uint64_t value = 0;
  for (int shift = 0; shift < 64; shift += 7) {
    if (pos_ >= data_.size()) {
      return DataLossError("truncated varint at byte " + std::to_string(start));
    }
    const auto byte = static_cast<uint8_t>(data_[pos_++]);
    value |= static_cast<uint64_t>(byte & 0x7F) << shift;
    if ((byte & 0x80) == 0) return value;
  }
  return DataLossError("varint longer than 10 bytes at byte " + std::to_string(start));
}

Status ProtoReader::ReadKey() {
  const size_t start = offset();
  PONDER_ASSIGN_OR_RETURN(uint64_t key, ReadRawVarint());
  const uint64_t field = key >> 3;
  const auto type = static_cast<uint8_t>(key & 7);
  if (field == 0 || field > 0x1FFFFFFF) {
    return DataLossError("invalid field number " + std::to_string(field) + " at byte " +
                         std::to_string(start));
  }
  if (type > 5) {
    return DataLossError("invalid wire type " + std::to_string(type) + " at byte " +
                         std::to_string(start));
  }
  field_number_ = static_cast<uint32_t>(field);
  wire_type_ = static_cast<WireType>(type);
  return OkStatus();
}

Status ProtoReader::ExpectWireType(WireType expected) const {
  if (wire_type_ == expected) return OkStatus();
  return DataLossError("field " + std::to_string(field_number_) + " has wire type " +
                       std::to_string(static_cast<int>(wire_type_)) + ", expected " +
                       std::to_string(static_cast<int>(expected)) + " (before byte " +
                       std::to_string(offset()) + ")");
}

StatusOr<uint64_t> ProtoReader::ReadVarint() {
  PONDER_RETURN_IF_ERROR(ExpectWireType(WireType::kVarint));
  return ReadRawVarint();
}

StatusOr<std::string_view> ProtoReader::ReadLengthDelimited() {
  PONDER_RETURN_IF_ERROR(ExpectWireType(WireType::kLengthDelimited));
  const size_t start = offset();
  PONDER_ASSIGN_OR_RETURN(uint64_t length, ReadRawVarint());
  if (length > data_.size() - pos_) {
    return DataLossError("field " + std::to_string(field_number_) + " at byte " +
                         std::to_string(start) + " claims " + std::to_string(length) +
                         " bytes but only " + std::to_string(data_.size() - pos_) + " remain");
  }
  std::string_view value = data_.substr(pos_, length);
  pos_ += length;
  return value;
}

StatusOr<uint32_t> ProtoReader::ReadFixed32() {
  PONDER_RETURN_IF_ERROR(ExpectWireType(WireType::kFixed32));
  if (data_.size() - pos_ < 4) {
    return DataLossError("truncated 32-bit field at byte " + std::to_string(offset()));
  }
  uint32_t value = 0;
  for (int i = 3; i >= 0; --i) value = (value << 8) | static_cast<uint8_t>(data_[pos_ + i]);
  pos_ += 4;
  return value;
}

Status ProtoReader::SkipValue() {
  switch (wire_type_) {
    case WireType::kVarint:
      return ReadRawVarint().status();
    case WireType::kFixed64:
      if (data_.size() - pos_ < 8) {
        return DataLossError("truncated 64-bit field at byte " + std::to_string(offset()));
      }
      pos_ += 8;
      return OkStatus();
    case WireType::kLengthDelimited:
      return ReadLengthDelimited().status();
    case WireType::kFixed32:
      return ReadFixed32().status();
    case WireType::kStartGroup:
    case WireType::kEndGroup:
      break;
  }
  return DataLossError("field " + std::to_string(field_number_) +
                       " uses protobuf groups, which SentencePiece models never contain (byte " +
                       std::to_string(offset()) + ")");
}

}  // namespace ponder::tokenizer
