#include "verifiers/math/latex_normalizer.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdint>
#include <utility>

#include "verifiers/math/concat.h"
#include "verifiers/math/final_answer.h"

namespace ponder::math {
namespace {

// Longer answers are not read: no reference is near this long, and it bounds the work.
constexpr size_t kMaxAnswerChars = 4096;

bool IsLetter(char c) { return std::isalpha(static_cast<unsigned char>(c)) != 0; }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

void ReplaceAll(std::string& s, std::string_view from, std::string_view to) {
  std::string out;
  size_t at = 0;
  for (size_t hit = s.find(from); hit != std::string::npos; hit = s.find(from, at)) {
    out.append(s, at, hit - at);
    out.append(to);
    at = hit + from.size();
  }
  if (at == 0) return;
  out.append(s, at, std::string::npos);
  s = std::move(out);
}

// Replaces the command `name` (with its backslash) where no letter follows it, so that
// "\left" does not match inside "\leftarrow".
void ReplaceCommand(std::string& s, std::string_view name, std::string_view to) {
  std::string out;
  size_t at = 0;
  for (size_t hit = s.find(name); hit != std::string::npos; hit = s.find(name, hit + 1)) {
    const size_t end = hit + name.size();
    if (end < s.size() && IsLetter(s[end])) continue;
    if (hit > 0 && s[hit - 1] == '\\') continue;  // "\\left" is a row break, then "left"
    out.append(s, at, hit - at);
    out.append(to);
    at = end;
  }
  if (at == 0) return;
  out.append(s, at, std::string::npos);
  s = std::move(out);
}

bool BracesBalance(std::string_view s) {
  int depth = 0;
  for (size_t k = 0; k < s.size(); ++k) {
    if (s[k] == '\\') {
      ++k;
    } else if (s[k] == '{') {
      ++depth;
    } else if (s[k] == '}' && --depth < 0) {
      return false;
    }
  }
  return depth == 0;
}

void MapUnicode(std::string& s) {
  static constexpr std::pair<std::string_view, std::string_view> kMap[] = {
      {"\u2212", "-"},        {"\u2013", "-"},      {"\u00a0", " "},        {"\u03c0", "\\pi "},
      {"\u221e", "\\infty "}, {"\u221a", "\\sqrt"}, {"\u00d7", "\\times "}, {"\u00b7", "\\cdot "},
      {"\u22c5", "\\cdot "},  {"\u00f7", "\\div "}, {"\u00b0", "^\\circ "}, {"\u2264", "\\le "},
      {"\u2265", "\\ge "},    {"\u222a", "\\cup "}, {"\u00b1", "\\pm "},    {"\u2213", "\\mp "}};
  for (const auto& [from, to] : kMap) ReplaceAll(s, from, to);
}

// Math delimiters: $, \( \), \[ \]; not "\\(" (a matrix row break before a parenthesis).
void RemoveMathDelimiters(std::string& s) {
  std::string out;
  for (size_t k = 0; k < s.size(); ++k) {
    if (s[k] == '$') continue;
    if (s[k] == '\\' && k + 1 < s.size() &&
        std::string_view("()[]").find(s[k + 1]) != std::string_view::npos &&
        (k == 0 || s[k - 1] != '\\')) {
      ++k;
      continue;
    }
    out += s[k];
  }
  s = std::move(out);
}

void RemoveSizing(std::string& s) {
  for (std::string_view command :
       {"\\left", "\\right", "\\middle", "\\bigl", "\\bigr", "\\Bigl", "\\Bigr", "\\biggl",
        "\\biggr", "\\big", "\\Big", "\\bigg", "\\Bigg"}) {
    ReplaceCommand(s, command, "\x01");  // marks where a "." (an empty delimiter) may follow
  }
  std::string out;
  for (size_t k = 0; k < s.size(); ++k) {
    if (s[k] != '\x01') {
      out += s[k];
      continue;
    }
    size_t next = k + 1;
    while (next < s.size() && s[next] == ' ') ++next;
    if (next < s.size() && s[next] == '.') k = next;
  }
  s = std::move(out);
}

void RenameCommands(std::string& s) {
  static constexpr std::pair<std::string_view, std::string_view> kRenames[] = {
      {"\\dfrac", "\\frac"},   {"\\tfrac", "\\frac"},   {"\\cfrac", "\\frac"},
      {"\\dbinom", "\\binom"}, {"\\tbinom", "\\binom"}, {"\\lbrace", "\\{"},
      {"\\rbrace", "\\}"},     {"\\langle", "("},       {"\\rangle", ")"},
      {"\\lvert", "|"},        {"\\rvert", "|"},        {"\\vert", "|"},
      {"\\ast", "*"},          {"\\displaystyle", " "}, {"\\textstyle", " "},
      {"\\leq", "\\le"},       {"\\geq", "\\ge"},       {"\\degree", "\\circ"},
      {"\\infin", "\\infty"}};
  for (const auto& [from, to] : kRenames) ReplaceCommand(s, from, to);
}

// "10,\!080", "10{,}080": a comma written as a thousands separator.
void RemoveMarkedThousands(std::string& s) {
  for (std::string_view mark : {",\\!", "{,}", ",\\,"}) {
    std::string out;
    for (size_t k = 0; k < s.size(); ++k) {
      if (s.compare(k, mark.size(), mark) == 0 && k > 0 && IsDigit(s[k - 1])) {
        size_t next = k + mark.size();
        while (next < s.size() && s[next] == ' ') ++next;
        if (next + 3 <= s.size() && IsDigit(s[next]) && IsDigit(s[next + 1]) &&
            IsDigit(s[next + 2]) && (next + 3 == s.size() || !IsDigit(s[next + 3]))) {
          k = next - 1;
          continue;
        }
      }
      out += s[k];
    }
    s = std::move(out);
  }
}

// Spacing commands become a space ("\!" nothing); a row break "\\\\" is kept whole, so
// "\\\\ 2" is not read as "\\" followed by the space command "\ ".
void ReplaceSpacing(std::string& s) {
  std::string out;
  for (size_t k = 0; k < s.size(); ++k) {
    if (s[k] == '~') {
      out += ' ';
      continue;
    }
    if (s[k] != '\\' || k + 1 >= s.size()) {
      out += s[k];
      continue;
    }
    const char next = s[k + 1];
    if (next == '\\') {
      out += "\\\\";
    } else if (next == '!') {
      // a negative thin space: nothing
    } else if (std::string_view(",;:> ").find(next) != std::string_view::npos) {
      out += ' ';
    } else {
      out += s[k];
      continue;
    }
    ++k;
  }
  s = std::move(out);
  ReplaceCommand(s, "\\quad", " ");
  ReplaceCommand(s, "\\qquad", " ");
}

// "^\circ", "^{\circ}", "^{ \circ }" and a bare "\circ" mark degrees; the number stays.
void RemoveDegrees(std::string& s) {
  std::string out;
  for (size_t k = 0; k < s.size(); ++k) {
    if (s[k] == '^') {
      size_t j = k + 1;
      while (j < s.size() && s[j] == ' ') ++j;
      const bool braced = j < s.size() && s[j] == '{';
      if (braced) ++j;
      while (j < s.size() && s[j] == ' ') ++j;
      if (s.compare(j, 5, "\\circ") == 0 && (j + 5 == s.size() || !IsLetter(s[j + 5]))) {
        j += 5;
        while (j < s.size() && s[j] == ' ') ++j;
        if (!braced || (j < s.size() && s[j] == '}')) {
          k = braced ? j : j - 1;
          continue;
        }
      }
    }
    out += s[k];
  }
  s = std::move(out);
  ReplaceCommand(s, "\\circ", "");
}

constexpr std::array<std::string_view, 63> kUnitWords = {
    "cm",         "mm",          "km",          "meter",      "meters",  "metre",   "metres",
    "centimeter", "centimeters", "millimeters", "kilometers", "inch",    "inches",  "foot",
    "feet",       "ft",          "yard",        "yards",      "yd",      "mile",    "miles",
    "unit",       "units",       "sq",          "square",     "cubic",   "cent",    "cents",
    "dollar",     "dollars",     "degree",      "degrees",    "radian",  "radians", "hour",
    "hours",      "hr",          "hrs",         "minute",     "minutes", "mins",    "second",
    "seconds",    "secs",        "day",         "days",       "week",    "weeks",   "month",
    "months",     "year",        "years",       "pound",      "pounds",  "lb",      "lbs",
    "ounce",      "ounces",      "oz",          "gallons",    "liters",  "mph",     "kg"};
// Inside \text{...} a single letter can only be a unit: "\text{ m}".
constexpr std::array<std::string_view, 8> kTextOnlyUnits = {"m", "g",  "s",   "h",
                                                            "l", "in", "sec", "min"};

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool IsUnitWord(std::string_view word) {
  const std::string w = Lower(word);
  return std::find(kUnitWords.begin(), kUnitWords.end(), w) != kUnitWords.end();
}

bool IsTextUnitWord(std::string_view word) {
  const std::string w = Lower(word);
  return IsUnitWord(w) ||
         std::find(kTextOnlyUnits.begin(), kTextOnlyUnits.end(), w) != kTextOnlyUnits.end();
}

// "cm", " square units", "m^2", "km/h": only unit words, exponents and separators.
bool IsUnitPhrase(std::string_view text) {
  int words = 0;
  for (size_t k = 0; k < text.size();) {
    if (IsLetter(text[k])) {
      size_t end = k;
      while (end < text.size() && IsLetter(text[end])) ++end;
      if (!IsTextUnitWord(text.substr(k, end - k))) return false;
      ++words;
      k = end;
    } else if (std::string_view(" ^{}0123456789./").find(text[k]) != std::string_view::npos) {
      ++k;
    } else {
      return false;
    }
  }
  return words > 0;
}

// After a removed unit: "^2", "^{2}", "^3".
size_t SkipUnitExponent(std::string_view s, size_t k) {
  if (k < s.size() && s[k] == '^') {
    if (k + 1 < s.size() && (s[k + 1] == '2' || s[k + 1] == '3')) return k + 2;
    if (s.compare(k + 1, 3, "{2}") == 0 || s.compare(k + 1, 3, "{3}") == 0) return k + 4;
  }
  return k;
}

constexpr std::array<std::string_view, 17> kTextCommands = {
    "\\text",       "\\textbf", "\\textit", "\\textrm",     "\\textsf",      "\\texttt",
    "\\textnormal", "\\mbox",   "\\hbox",   "\\mathrm",     "\\mathbf",      "\\mathit",
    "\\mathsf",     "\\mathtt", "\\emph",   "\\boldsymbol", "\\operatorname"};

// Unwraps \text{...}-style groups (removing those that only name units). Returns whether
// the first group spanned the whole answer.
bool UnwrapText(std::string& s) {
  bool whole = false;
  for (bool first = true;; first = false) {
    size_t best = std::string::npos;
    std::string_view command;
    for (std::string_view c : kTextCommands) {
      for (size_t at = s.find(c); at != std::string::npos; at = s.find(c, at + 1)) {
        const size_t end = at + c.size();
        if ((end < s.size() && IsLetter(s[end])) || (at > 0 && s[at - 1] == '\\')) continue;
        if (at < best) {
          best = at;
          command = c;
        }
        break;
      }
    }
    if (best == std::string::npos) return whole;
    size_t open = best + command.size();
    while (open < s.size() && s[open] == ' ') ++open;
    std::string replacement;
    size_t end = open;
    if (open < s.size() && s[open] == '{') {
      int depth = 0;
      for (end = open; end < s.size(); ++end) {
        if (s[end] == '\\') {
          ++end;
        } else if (s[end] == '{') {
          ++depth;
        } else if (s[end] == '}' && --depth == 0) {
          break;
        }
      }
      if (end >= s.size()) return whole;  // cannot happen: braces were checked to balance
      const std::string content = s.substr(open + 1, end - open - 1);
      ++end;
      if (first) {
        const size_t lead = s.find_first_not_of(' ');
        const size_t last = s.find_last_not_of(" .");
        whole = lead == best && last + 1 == end;
      }
      const bool blank = content.find_first_not_of(' ') == std::string::npos;
      if (blank || IsUnitPhrase(content)) {
        end = SkipUnitExponent(s, end);
        replacement.push_back(' ');
      } else if (command == "\\operatorname") {
        replacement = Concat({"\\", content, " "});
      } else {
        replacement = content;
      }
    }
    s.replace(best, end - best, replacement);
  }
}

// In an answer with numbers: bare unit words go ("5 cm", "12 inches^2", "30 degrees") and
// "and" / "or" between values become commas ("x = 1 or x = 2").
void RewriteWords(std::string& s) {
  if (std::none_of(s.begin(), s.end(), IsDigit)) return;
  std::string out;
  for (size_t k = 0; k < s.size();) {
    if (IsLetter(s[k]) &&
        (k == 0 || (!IsLetter(s[k - 1]) && s[k - 1] != '\\' && s[k - 1] != '_'))) {
      size_t end = k;
      while (end < s.size() && IsLetter(s[end])) ++end;
      const std::string_view word = std::string_view(s).substr(k, end - k);
      if (IsUnitWord(word)) {
        k = SkipUnitExponent(s, end);
        out += ' ';
        continue;
      }
      if (Lower(word) == "and" || Lower(word) == "or") {
        k = end;
        out += ',';
        continue;
      }
      out.append(s, k, end - k);
      k = end;
      continue;
    }
    out += s[k++];
  }
  s = std::move(out);
}

// "52_8", "4210_{5}": a number's base subscript goes; the digits are the answer.
void RemoveBaseSubscripts(std::string& s) {
  std::string out;
  for (size_t k = 0; k < s.size(); ++k) {
    if (s[k] == '_' && k > 0 && IsDigit(s[k - 1])) {
      size_t j = k + 1;
      const bool braced = j < s.size() && s[j] == '{';
      if (braced) ++j;
      const size_t digits = j;
      while (j < s.size() && IsDigit(s[j])) ++j;
      if (j > digits && (!braced || (j < s.size() && s[j] == '}'))) {
        k = braced ? j : j - 1;
        continue;
      }
    }
    out += s[k];
  }
  s = std::move(out);
}

void CollapseSpaces(std::string& s) {
  std::string out;
  for (char c : s) {
    if (IsSpace(c)) {
      if (!out.empty() && out.back() != ' ') out += ' ';
    } else {
      out += c;
    }
  }
  while (!out.empty() &&
         (out.back() == ' ' || out.back() == '.' || out.back() == ';' || out.back() == ',')) {
    out.pop_back();
  }
  s = std::move(out);
}

}  // namespace

bool IsValidUtf8(std::string_view s) {
  for (size_t k = 0; k < s.size();) {
    const auto c = static_cast<unsigned char>(s[k]);
    size_t n;
    uint32_t code;
    if (c < 0x80) {
      ++k;
      continue;
    } else if ((c >> 5) == 0x6) {
      n = 1;
      code = c & 0x1f;
    } else if ((c >> 4) == 0xe) {
      n = 2;
      code = c & 0x0f;
    } else if ((c >> 3) == 0x1e) {
      n = 3;
      code = c & 0x07;
    } else {
      return false;
    }
    for (size_t j = 1; j <= n; ++j) {
      if (k + j >= s.size()) return false;
      const auto d = static_cast<unsigned char>(s[k + j]);
      if ((d >> 6) != 0x2) return false;
      code = (code << 6) | (d & 0x3f);
    }
    // Overlong forms, surrogates and values past U+10FFFF are not UTF-8.
    static constexpr uint32_t kMin[] = {0, 0x80, 0x800, 0x10000};
    if (code < kMin[n] || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return false;
    k += n + 1;
  }
  return true;
}

StatusOr<NormalizedAnswer> NormalizeAnswer(std::string_view raw) {
  if (!IsValidUtf8(raw)) return InvalidArgumentError("not valid UTF-8");
  if (raw.size() > kMaxAnswerChars) {
    return InvalidArgumentError(std::to_string(raw.size()) + " bytes long; at most " +
                                std::to_string(kMaxAnswerChars) + " are read");
  }
  std::string s(raw);
  if (!BracesBalance(s)) return InvalidArgumentError("the braces do not balance");
  MapUnicode(s);
  if (auto boxed = LastBoxed(s); boxed) s = std::string(*boxed);
  ReplaceAll(s, "\\$", " ");
  ReplaceAll(s, "\\%", " ");
  ReplaceAll(s, "%", " ");
  RemoveMathDelimiters(s);
  RemoveSizing(s);
  RenameCommands(s);
  RemoveMarkedThousands(s);
  ReplaceSpacing(s);
  RemoveDegrees(s);
  NormalizedAnswer out;
  out.was_text = UnwrapText(s);
  RewriteWords(s);
  RemoveBaseSubscripts(s);
  CollapseSpaces(s);
  if (s.empty()) return InvalidArgumentError("empty once normalised");
  out.text = std::move(s);
  return out;
}

}  // namespace ponder::math
