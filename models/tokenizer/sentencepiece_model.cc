#include "models/tokenizer/sentencepiece_model.h"

#include <bit>

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

Status ReadTrainerSpec(std::string_view bytes, size_t offset, SentencePieceModel& model) {
  ProtoReader reader(bytes, offset);
  while (!reader.AtEnd()) {
    PONDER_RETURN_IF_ERROR(reader.ReadKey().WithContext("trainer_spec"));
    switch (reader.field_number()) {
      case 3: {
        PONDER_ASSIGN_OR_RETURN(int32_t type, ReadInt32(reader, "trainer_spec.model_type"));
        if (type < 1 || type > 4) {
          return DataLossError("trainer_spec.model_type: unknown model type " +
                               std::to_string(type));
        }
        model.model_type = static_cast<SentencePieceModelType>(type);
        break;
      }
      case 24: {
        PONDER_ASSIGN_OR_RETURN(model.treat_whitespace_as_suffix,
                                ReadBool(reader, "trainer_spec.treat_whitespace_as_suffix"));
        break;
      }
      case 35: {
        PONDER_ASSIGN_OR_RETURN(model.byte_fallback,
                                ReadBool(reader, "trainer_spec.byte_fallback"));
        break;
      }
      case 40: {
        PONDER_ASSIGN_OR_RETURN(model.unk_id, ReadInt32(reader, "trainer_spec.unk_id"));
        break;
      }
      case 41: {
        PONDER_ASSIGN_OR_RETURN(model.bos_id, ReadInt32(reader, "trainer_spec.bos_id"));
        break;
      }
      case 42: {
        PONDER_ASSIGN_OR_RETURN(model.eos_id, ReadInt32(reader, "trainer_spec.eos_id"));
        break;
      }
      case 43: {
        PONDER_ASSIGN_OR_RETURN(model.pad_id, ReadInt32(reader, "trainer_spec.pad_id"));
        break;
      }
      case 44: {
        PONDER_ASSIGN_OR_RETURN(model.unk_surface, ReadString(reader, "trainer_spec.unk_surface"));
        break;
      }
      default:
        PONDER_RETURN_IF_ERROR(reader.SkipValue().WithContext("trainer_spec"));
    }
  }
  return OkStatus();
}

Status ReadNormalizerSpec(std::string_view bytes, size_t offset, SentencePieceModel& model) {
  ProtoReader reader(bytes, offset);
  while (!reader.AtEnd()) {
    PONDER_RETURN_IF_ERROR(reader.ReadKey().WithContext("normalizer_spec"));
    switch (reader.field_number()) {
      case 1: {
        PONDER_ASSIGN_OR_RETURN(model.normalizer_name, ReadString(reader, "normalizer_spec.name"));
        break;
      }
      case 2: {
        PONDER_ASSIGN_OR_RETURN(model.precompiled_charsmap,
                                ReadString(reader, "normalizer_spec.precompiled_charsmap"));
        break;
      }
      case 3: {
        PONDER_ASSIGN_OR_RETURN(model.add_dummy_prefix,
                                ReadBool(reader, "normalizer_spec.add_dummy_prefix"));
        break;
      }
      case 4: {
        PONDER_ASSIGN_OR_RETURN(model.remove_extra_whitespaces,
                                ReadBool(reader, "normalizer_spec.remove_extra_whitespaces"));
        break;
      }
      case 5: {
        PONDER_ASSIGN_OR_RETURN(model.escape_whitespaces,
                                ReadBool(reader, "normalizer_spec.escape_whitespaces"));
        break;
      }
      default:
        PONDER_RETURN_IF_ERROR(reader.SkipValue().WithContext("normalizer_spec"));
    }
  }
  return OkStatus();
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
      status = ReadNormalizerSpec(*message, offset, model);
    }
    if (!status.ok()) return status.WithContext(where);
  }
  if (model.pieces.empty()) return DataLossError(where + ": pieces: the model has no pieces");
  return model;
}

}  // namespace ponder::tokenizer
