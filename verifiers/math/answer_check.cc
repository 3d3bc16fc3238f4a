#include "verifiers/math/answer_check.h"

#include "verifiers/math/latex_normalizer.h"
#include "verifiers/math/math_answer.h"

namespace ponder::math {

StatusOr<AnswerVerdict> CompareAnswers(std::string_view answer, std::string_view reference,
                                       const EquivalenceOptions& options) {
  auto ref_text = NormalizeAnswer(reference);
  if (!ref_text.ok()) return ref_text.status().WithContext("reference");
  auto answer_text = NormalizeAnswer(answer);
  if (!answer_text.ok()) {
    return AnswerVerdict{false, "answer: " + answer_text.status().message()};
  }
  auto ref = ParseMathAnswer(*ref_text);
  if (!ref.ok()) {
    const bool same = CompactSpaces(answer_text->text) == CompactSpaces(ref_text->text);
    return AnswerVerdict{same, "compared as text (reference: " + ref.status().message() + ")"};
  }
  auto parsed = ParseMathAnswer(*answer_text);
  if (!parsed.ok()) return AnswerVerdict{false, "answer: " + parsed.status().message()};
  if (Equivalent(*parsed, *ref, options)) return AnswerVerdict{true, "equivalent"};
  return AnswerVerdict{false,
                       "not equivalent: " + CanonicalKey(*parsed) + " vs " + CanonicalKey(*ref)};
}

std::optional<std::string> CanonicalAnswerKey(std::string_view answer) {
  if (!IsValidUtf8(answer)) return std::nullopt;
  const size_t first = answer.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return std::nullopt;
  size_t last = answer.find_last_not_of(" \t\r\n");
  if (answer[last] == '\\' && last + 1 < answer.size()) ++last;  // "\ " is a space command
  // An answer that does not parse is its own key, untouched: only then is it sure to grade
  // exactly as the answer does.
  const std::string trimmed(answer.substr(first, last - first + 1));
  auto text = NormalizeAnswer(trimmed);
  if (!text.ok()) return trimmed;
  auto parsed = ParseMathAnswer(*text);
  if (!parsed.ok()) return trimmed;
  return CanonicalKey(*parsed);
}

}  // namespace ponder::math
