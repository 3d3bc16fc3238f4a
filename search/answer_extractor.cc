#include "search/answer_extractor.h"

namespace ponder {

std::optional<std::string> MarkerAnswerExtractor::Extract(std::string_view solution) const {
  const size_t at = solution.rfind(marker_);
  if (at == std::string_view::npos) return std::nullopt;
  std::string_view rest = solution.substr(at + marker_.size());
  rest = rest.substr(0, rest.find('\n'));
  const auto first = rest.find_first_not_of(" \t\r");
  if (first == std::string_view::npos) return std::nullopt;
  const auto last = rest.find_last_not_of(" \t\r");
  return std::string(rest.substr(first, last - first + 1));
}

}  // namespace ponder
