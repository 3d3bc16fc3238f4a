#include "models/core/continuation_text.h"

#include <algorithm>
#include <vector>

namespace ponder {
namespace {
// Enough context tokens to cover a split multi-byte character and a leading-space rule.
constexpr size_t kWindow = 8;
}  // namespace

StatusOr<std::string> ContinuationText(const Tokenizer& tokenizer, std::span<const int32_t> context,
                                       std::span<const int32_t> tokens) {
  const std::span<const int32_t> window = context.last(std::min(kWindow, context.size()));
  std::vector<int32_t> both(window.begin(), window.end());
  both.insert(both.end(), tokens.begin(), tokens.end());
  PONDER_ASSIGN_OR_RETURN(const std::string before, tokenizer.Decode(window));
  PONDER_ASSIGN_OR_RETURN(std::string after, tokenizer.Decode(both));
  if (after.compare(0, before.size(), before) == 0) return after.substr(before.size());
  return tokenizer.Decode(tokens);  // the window's text changed: fall back to the tokens alone
}

}  // namespace ponder
