// Reads a model folder's special tokens (bos, eos, pad, unk, the end-of-turn
// ids and whether BOS is prepended) from tokenizer_config.json, config.json
// and generation_config.json. Thread-safe (no shared state).
#pragma once

#include <filesystem>

#include "models/tokenizer/tokenizer.h"
#include "search/base/status.h"

namespace ponder::tokenizer {

// Starts from `defaults` (what the tokenizer file itself says) and applies,
// in increasing precedence: config.json's *_token_id, generation_config.json's
// *_token_id, tokenizer_config.json's *_token strings and add_bos_token. Each
// file is optional. Token strings are resolved with `tokenizer.TokenId`; an
// unknown token or an id outside the vocabulary is an error naming the file
// and key.
StatusOr<SpecialTokens> ReadSpecialTokens(const std::filesystem::path& dir,
                                          const Tokenizer& tokenizer, SpecialTokens defaults);

}  // namespace ponder::tokenizer
