#include "models/core/stop_strings.h"

#include <algorithm>

#include "models/core/continuation_text.h"

namespace ponder {

StopStringMatcher::StopStringMatcher(const Tokenizer* tokenizer, std::vector<std::string> stops,
                                     std::span<const int32_t> context)
    : tokenizer_(tokenizer), stops_(std::move(stops)), context_(context) {
  std::erase_if(stops_, [](const std::string& s) { return s.empty(); });
  PONDER_CHECK(tokenizer_ != nullptr || stops_.empty()) << "stop strings need a tokenizer";
  for (const std::string& s : stops_) window_ = std::max(window_, s.size() + 2);
}

StatusOr<bool> StopStringMatcher::Matches(std::span<const int32_t> generated) const {
  if (stops_.empty() || generated.empty()) return false;
  const std::span<const int32_t> tail = generated.last(std::min(window_, generated.size()));
  PONDER_ASSIGN_OR_RETURN(std::string text, tail.size() == generated.size()
                                                ? ContinuationText(*tokenizer_, context_, tail)
                                                : tokenizer_->Decode(tail));
  for (const std::string& stop : stops_) {
    if (text.find(stop) != std::string::npos) return true;
  }
  return false;
}

}  // namespace ponder
