#include "verifiers/math/final_answer.h"

#include <algorithm>
#include <cctype>
#include <vector>

namespace ponder::math {
namespace {

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsLetter(char c) { return std::isalpha(static_cast<unsigned char>(c)) != 0; }

std::string_view Trim(std::string_view s) {
  while (!s.empty() && IsSpace(s.front())) s.remove_prefix(1);
  while (!s.empty() && IsSpace(s.back())) s.remove_suffix(1);
  return s;
}

// The content of the brace group opening at `open`, or nullopt when it does not close
// within kMaxBoxedChars. Escaped braces (\{ \}) do not count.
std::optional<std::string_view> BraceGroup(std::string_view text, size_t open) {
  int depth = 0;
  const size_t end = std::min(text.size(), open + kMaxBoxedChars);
  for (size_t k = open; k < end; ++k) {
    const char c = text[k];
    if (c == '\\') {
      ++k;
    } else if (c == '{') {
      ++depth;
    } else if (c == '}' && --depth == 0) {
      return text.substr(open + 1, k - open - 1);
    }
  }
  return std::nullopt;
}

// What follows a box command at `after`: a {group} or, after a space, one word.
std::optional<std::string_view> BoxContent(std::string_view text, size_t after) {
  if (after < text.size() && IsLetter(text[after])) return std::nullopt;  // \boxedsomething
  size_t k = after;
  while (k < text.size() && IsSpace(text[k])) ++k;
  if (k < text.size() && text[k] == '{') return BraceGroup(text, k);
  if (k == after || k >= text.size()) return std::nullopt;
  size_t end = k;
  while (end < text.size() && !IsSpace(text[end]) && text[end] != '$') ++end;
  return text.substr(k, end - k);
}

// Case-insensitive: does `text` hold `word` at `at`?
bool HasWordAt(std::string_view text, size_t at, std::string_view word) {
  if (at + word.size() > text.size()) return false;
  for (size_t k = 0; k < word.size(); ++k) {
    if (std::tolower(static_cast<unsigned char>(text[at + k])) != word[k]) return false;
  }
  return true;
}

// After "answer": optional '*' (markdown), then "is" or ':'; returns where the answer starts.
std::optional<size_t> AfterAnswerMarker(std::string_view text, size_t at) {
  size_t k = at + 6;
  while (k < text.size() && (text[k] == '*' || text[k] == ' ')) ++k;
  if (HasWordAt(text, k, "is") && (k + 2 == text.size() || !IsLetter(text[k + 2]))) {
    k += 2;
  } else if (k < text.size() && text[k] == ':') {
    ++k;
  } else {
    return std::nullopt;
  }
  while (k < text.size() && (text[k] == '*' || text[k] == ':' || IsSpace(text[k]))) {
    if (text[k] == '\n') return std::nullopt;  // "answer is" ending a line answers nothing
    ++k;
  }
  return k;
}

// The answer right after a marker: a math span, or the rest of the sentence.
std::string_view StatedAnswer(std::string_view rest) {
  for (auto [open, close] : {std::pair<std::string_view, std::string_view>{"$$", "$$"},
                             {"$", "$"},
                             {"\\(", "\\)"},
                             {"\\[", "\\]"}}) {
    if (rest.substr(0, open.size()) == open) {
      size_t end = rest.find(close, open.size());
      while (end != std::string_view::npos && rest[end - 1] == '\\') {  // "\$" is a dollar sign
        end = rest.find(close, end + 1);
      }
      if (end != std::string_view::npos) return Trim(rest.substr(open.size(), end - open.size()));
    }
  }
  rest = rest.substr(0, rest.find('\n'));
  for (size_t k = 0; k + 1 < rest.size(); ++k) {
    if (rest[k] == '.' && IsSpace(rest[k + 1])) rest = rest.substr(0, k);
  }
  rest = Trim(rest);
  // Trailing punctuation, and the closing '*' of markdown emphasis ("The answer is **42**.";
  // the marker already skipped the opening one).
  while (!rest.empty() &&
         (rest.back() == '.' || rest.back() == ',' || rest.back() == ';' || rest.back() == '*')) {
    rest.remove_suffix(1);
  }
  return Trim(rest);
}

std::optional<std::string> AfterLastMarker(std::string_view text) {
  for (size_t at = text.size(); at-- > 0;) {
    if ((text[at] == 'a' || text[at] == 'A') && HasWordAt(text, at, "answer")) {
      const auto start = AfterAnswerMarker(text, at);
      if (!start) continue;
      const std::string_view answer = StatedAnswer(text.substr(*start));
      if (!answer.empty()) return std::string(answer);
    }
  }
  return std::nullopt;
}

std::optional<std::string> LastNumber(std::string_view text) {
  size_t end = text.size();
  while (end > 0 && !IsDigit(text[end - 1])) --end;
  if (end == 0) return std::nullopt;
  size_t start = end - 1;
  auto extends = [&](size_t k) {  // text[k - 1] belongs to the number
    const char c = text[k - 1];
    if (IsDigit(c)) return true;
    // a decimal point, thousands comma or fraction bar between digits
    return (c == '.' || c == ',' || c == '/') && k >= 2 && IsDigit(text[k - 2]) && IsDigit(text[k]);
  };
  while (start > 0 && extends(start)) --start;
  if (start > 0 && text[start - 1] == '-') --start;
  return std::string(text.substr(start, end - start));
}

}  // namespace

std::optional<std::string_view> LastBoxed(std::string_view text) {
  std::vector<size_t> ends;  // positions just after each box command, latest last
  for (std::string_view command : {"\\boxed", "\\fbox"}) {
    for (size_t at = text.find(command); at != std::string_view::npos;
         at = text.find(command, at + 1)) {
      ends.push_back(at + command.size());
    }
  }
  std::sort(ends.begin(), ends.end());
  int tries = 0;
  for (auto it = ends.rbegin(); it != ends.rend() && tries < kMaxBoxedTries; ++it, ++tries) {
    if (auto content = BoxContent(text, *it); content) return content;
  }
  return std::nullopt;
}

std::optional<std::string> FindFinalAnswer(std::string_view solution) {
  if (auto boxed = LastBoxed(solution); boxed) {
    if (Trim(*boxed).empty()) return std::nullopt;
    return std::string(Trim(*boxed));
  }
  // A box that never closes: the generation was cut off in its final answer.
  if (solution.find("\\boxed") != std::string_view::npos ||
      solution.find("\\fbox") != std::string_view::npos) {
    return std::nullopt;
  }
  if (auto stated = AfterLastMarker(solution); stated) return stated;
  return LastNumber(solution);
}

}  // namespace ponder::math
