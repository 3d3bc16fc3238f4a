// The fields of SentencePiece's ModelProto (sentencepiece_model.proto) that
// encoding and decoding need, read from a tokenizer.model file's bytes.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "search/base/status.h"

namespace ponder::tokenizer {

enum class PieceType : int32_t {
  kNormal = 1,
  kUnknown = 2,
  kControl = 3,
  kUserDefined = 4,
  kUnused = 5,
  kByte = 6,
};

struct SentencePieceEntry {
  std::string piece;
  float score = 0;
  PieceType type = PieceType::kNormal;
};

enum class SentencePieceModelType : int32_t { kUnigram = 1, kBpe = 2, kWord = 3, kChar = 4 };

// Field defaults are the .proto file's.
struct SentencePieceModel {
  std::vector<SentencePieceEntry> pieces;  // ModelProto.pieces (1), id = index
  // TrainerSpec (2)
  SentencePieceModelType model_type = SentencePieceModelType::kUnigram;  // 3
  bool treat_whitespace_as_suffix = false;                               // 24
  bool byte_fallback = false;                                            // 35
  int32_t unk_id = 0;                                                    // 40
  int32_t bos_id = 1;                                                    // 41
  int32_t eos_id = 2;                                                    // 42
  int32_t pad_id = -1;                                                   // 43
  std::string unk_surface = " \xE2\x81\x87 ";                            // 44
  // NormalizerSpec (3)
  std::string normalizer_name;           // 1
  std::string precompiled_charsmap;      // 2
  bool add_dummy_prefix = true;          // 3
  bool remove_extra_whitespaces = true;  // 4
  bool escape_whitespaces = true;        // 5
};

// Parses ModelProto bytes. Errors name `source` and the field
// ("trainer_spec.model_type", "pieces[7].piece") or the byte offset.
StatusOr<SentencePieceModel> ParseSentencePieceModel(std::string_view bytes,
                                                     std::string_view source);

}  // namespace ponder::tokenizer
