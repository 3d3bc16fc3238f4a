#include "models/tokenizer/sentencepiece_model.h"

#include <algorithm>
#include <bit>
#include <span>
#include <type_traits>
#include <variant>

#include "models/tokenizer/protobuf_wire.h"
#include "models/tokenizer/utf8.h"

namespace ponder::tokenizer {
namespace {

StatusOr<int32_t> ReadInt32(ProtoReader& reader, std::string_view field) {
  auto value = reader.ReadVarint();
  if (!value.ok()) return value.status().WithContext(field);
  // Negative int32 values are sign-extended to 64 bits on the wire.
  return static_cast<int32_t>(static_cast<uint32_t>(*value));
}

StatusOr<bool> ReadBool(ProtoReader& reader, std::string_view field) {
  auto value = reader.ReadVarint();
  if (!value.ok()) return value.status().WithContext(field);
  return *value != 0;
}

StatusOr<std::string> ReadString(ProtoReader& reader, std::string_view field) {
  auto value = reader.ReadLengthDelimited();
  if (!value.ok()) return value.status().WithContext(field);
  return std::string(*value);
}

Status ReadPiece(std::string_view bytes, size_t offset, const std::string& path,
                 SentencePieceEntry& entry) {
  ProtoReader reader(bytes, offset);
  while (!reader.AtEnd()) {
    PONDER_RETURN_IF_ERROR(reader.ReadKey().WithContext(path));
    switch (reader.field_number()) {
      case 1: {
        PONDER_ASSIGN_OR_RETURN(entry.piece, ReadString(reader, path + ".piece"));
        break;
      }
      case 2: {
        auto bits = reader.ReadFixed32();
        if (!bits.ok()) return bits.status().WithContext(path + ".score");
        entry.score = std::bit_cast<float>(*bits);
        break;
      }
      case 3: {
        PONDER_ASSIGN_OR_RETURN(int32_t type, ReadInt32(reader, path + ".type"));
        if (type < 1 || type > 6) {
          return DataLossError(path + ".type: unknown piece type " + std::to_string(type));
        }
        entry.type = static_cast<PieceType>(type);
        break;
      }
      default:
        PONDER_RETURN_IF_ERROR(reader.SkipValue().WithContext(path));
    }
  }
  if (entry.piece.empty()) return DataLossError(path + ".piece: missing or empty");
  if (auto bad = FindInvalidUtf8(entry.piece)) {
    return DataLossError(path + ".piece: not valid UTF-8 (at byte " + std::to_string(*bad) + ")");
  }
  return OkStatus();
}

// A scalar field of TrainerSpec or NormalizerSpec and where it lands in the model.
struct SpecField {
  uint32_t number;
  const char* name;
  std::variant<int32_t SentencePieceModel::*, bool SentencePieceModel::*,
               std::string SentencePieceModel::*>
      member;
};

using M = SentencePieceModel;
const SpecField kTrainerSpecFields[] = {
    {24, "treat_whitespace_as_suffix", &M::treat_whitespace_as_suffix},
    {35, "byte_fallback", &M::byte_fallback},
    {40, "unk_id", &M::unk_id},
    {41, "bos_id", &M::bos_id},
    {42, "eos_id", &M::eos_id},
    {43, "pad_id", &M::pad_id},
    {44, "unk_surface", &M::unk_surface},
};
const SpecField kNormalizerSpecFields[] = {
    {1, "name", &M::normalizer_name},
    {2, "precompiled_charsmap", &M::precompiled_charsmap},
    {3, "add_dummy_prefix", &M::add_dummy_prefix},
    {4, "remove_extra_whitespaces", &M::remove_extra_whitespaces},
    {5, "escape_whitespaces", &M::escape_whitespaces},
};

// Reads the fields of one spec message that `fields` lists into `model`; others are skipped.
Status ReadSpec(std::string_view bytes, size_t offset, std::string_view scope,
                std::span<const SpecField> fields, SentencePieceModel& model) {
  ProtoReader reader(bytes, offset);
  while (!reader.AtEnd()) {
    PONDER_RETURN_IF_ERROR(reader.ReadKey().WithContext(scope));
    auto field = std::find_if(fields.begin(), fields.end(), [&](const SpecField& f) {
      return f.number == reader.field_number();
    });
    if (field == fields.end()) {
      PONDER_RETURN_IF_ERROR(reader.SkipValue().WithContext(scope));
      continue;
    }
    const std::string path = std::string(scope) + "." + field->name;
    Status status = std::visit(
        [&](auto member) -> Status {
          using T = std::remove_reference_t<decltype(model.*member)>;
          if constexpr (std::is_same_v<T, int32_t>) {
            PONDER_ASSIGN_OR_RETURN(model.*member, ReadInt32(reader, path));
          } else if constexpr (std::is_same_v<T, bool>) {
            PONDER_ASSIGN_OR_RETURN(model.*member, ReadBool(reader, path));
          } else {
            PONDER_ASSIGN_OR_RETURN(model.*member, ReadString(reader, path));
          }
          return OkStatus();
        },
        field->member);
    PONDER_RETURN_IF_ERROR(status);
  }
  return OkStatus();
}

// TrainerSpec: the scalar fields, plus model_type (3), an enum checked for range.
Status ReadTrainerSpec(std::string_view bytes, size_t offset, SentencePieceModel& model) {
  ProtoReader reader(bytes, offset);
  while (!reader.AtEnd()) {
    PONDER_RETURN_IF_ERROR(reader.ReadKey().WithContext("trainer_spec"));
    if (reader.field_number() != 3) {
      PONDER_RETURN_IF_ERROR(reader.SkipValue().WithContext("trainer_spec"));
      continue;
    }
    PONDER_ASSIGN_OR_RETURN(int32_t type, ReadInt32(reader, "trainer_spec.model_type"));
    if (type < 1 || type > 4) {
      return DataLossError("trainer_spec.model_type: unknown model type " + std::to_string(type));
    }
    model.model_type = static_cast<SentencePieceModelType>(type);
  }
  return ReadSpec(bytes, offset, "trainer_spec", kTrainerSpecFields, model);
}

}  // namespace

StatusOr<SentencePieceModel> ParseSentencePieceModel(std::string_view bytes,
                                                     std::string_view source) {
  const std::string where(source);
  SentencePieceModel model;
  ProtoReader reader(bytes);
  while (!reader.AtEnd()) {
    PONDER_RETURN_IF_ERROR(reader.ReadKey().WithContext(where));
    const uint32_t field = reader.field_number();
    if (field != 1 && field != 2 && field != 3) {
      PONDER_RETURN_IF_ERROR(reader.SkipValue().WithContext(where));
      continue;
    }
    const char* name = field == 1 ? "pieces" : field == 2 ? "trainer_spec" : "normalizer_spec";
    auto message = reader.ReadLengthDelimited();
    if (!message.ok()) return message.status().WithContext(where + ": " + name);
    const size_t offset = reader.offset() - message->size();
    Status status;
    if (field == 1) {
      model.pieces.emplace_back();
      status =
          ReadPiece(*message, offset, "pieces[" + std::to_string(model.pieces.size() - 1) + "]",
                    model.pieces.back());
    } else if (field == 2) {
      status = ReadTrainerSpec(*message, offset, model);
    } else {
      status = ReadSpec(*message, offset, "normalizer_spec", kNormalizerSpecFields, model);
    }
    if (!status.ok()) return status.WithContext(where);
  }
  if (model.pieces.empty()) return DataLossError(where + ": pieces: the model has no pieces");
  return model;
}

}  // namespace ponder::tokenizer
