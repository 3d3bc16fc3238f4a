// AnswerExtractor: finds the final answer in a complete solution, in a
// canonical form, so votes over equal answers can be counted.
//
// Thread-safety: Extract is const and must be safe to call concurrently.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace ponder {

class AnswerExtractor {
 public:
  virtual ~AnswerExtractor() = default;
  // The canonical final answer, or nullopt when the solution states none.
  virtual std::optional<std::string> Extract(std::string_view solution) const = 0;
};

// Takes the text after the last occurrence of a marker (default "answer:"),
// trimmed, up to the end of that line. Enough for synthetic tasks and tests;
// math and code bring their own extractors (verifiers/).
class MarkerAnswerExtractor final : public AnswerExtractor {
 public:
  explicit MarkerAnswerExtractor(std::string marker = "answer:") : marker_(std::move(marker)) {}
  std::optional<std::string> Extract(std::string_view solution) const override;

 private:
  std::string marker_;
};

}  // namespace ponder
