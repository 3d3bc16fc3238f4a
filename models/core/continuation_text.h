// The text of generated tokens as it reads after their context.
//
// Decoding new tokens on their own can differ from how they read in place: a
// SentencePiece decoder strips the space that starts a text, and a character
// may be split across the boundary. Decoding a short window of the context
// with and without the new tokens and keeping the difference gives text that
// concatenates exactly, step after step. Thread-safe if the tokenizer is.
#pragma once

#include <span>
#include <string>

#include "models/tokenizer/tokenizer.h"
#include "search/base/status.h"

namespace ponder {

StatusOr<std::string> ContinuationText(const Tokenizer& tokenizer, std::span<const int32_t> context,
                                       std::span<const int32_t> tokens);

}  // namespace ponder
