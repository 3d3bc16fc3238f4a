#include "tests/verifiers/math/surface_forms.h"

#include <algorithm>
#include <cctype>
#include <optional>
#include <regex>

namespace ponder::math::testing {
namespace {

std::string ReplaceAll(std::string s, const std::string& from, const std::string& to) {
  for (size_t at = s.find(from); at != std::string::npos; at = s.find(from, at + to.size())) {
    s.replace(at, from.size(), to);
  }
  return s;
}

std::string RegexReplace(const std::string& s, const std::string& pattern, const std::string& to) {
  return std::regex_replace(s, std::regex(pattern), to);
}

bool Contains(std::string_view s, std::string_view part) {
  return s.find(part) != std::string_view::npos;
}

// Splits at commas outside brackets.
std::vector<std::string> TopLevelParts(const std::string& s) {
  std::vector<std::string> parts;
  int depth = 0;
  std::string current;
  for (char c : s) {
    if (c == '(' || c == '[' || c == '{') ++depth;
    if (c == ')' || c == ']' || c == '}') --depth;
    if (c == ',' && depth == 0) {
      parts.push_back(current);
      current.clear();
    } else {
      current += c;
    }
  }
  parts.push_back(current);
  return parts;
}

std::string Join(const std::vector<std::string>& parts) {
  std::string out;
  for (size_t k = 0; k < parts.size(); ++k) out += (k ? "," : "") + parts[k];
  return out;
}

// "(a, b)" or "\left( a, b \right]" as (open, inner, close); empty open when not bracketed.
struct Brackets {
  std::string open, inner, close;
};
Brackets SplitBrackets(const std::string& s) {
  static const std::regex kBracketed(R"(^(\\left\s*[\(\[]|[\(\[])(.*?)(\\right\s*[\)\]]|[\)\]])$)");
  std::smatch m;
  if (!std::regex_match(s, m, kBracketed)) return {};
  // The first bracket must close at the end: "(a+5)(b+2)" is a product, not a pair.
  int depth = 0;
  for (size_t k = 0; k < s.size(); ++k) {
    if (s[k] == '(' || s[k] == '[') ++depth;
    if ((s[k] == ')' || s[k] == ']') && --depth == 0 && k + 1 != s.size()) return {};
  }
  return {m[1], m[2], m[3]};
}

bool IsPlainScalar(const std::string& r) {
  for (const char* part : {",", "=", "\\in", "\\cup", "\\text", "\\mbox", "\\begin", "\\pm", "\\$",
                           "^\\circ", "(", "["}) {
    if (Contains(r, part)) return false;
  }
  return true;
}

std::string FreeVariable(const std::string& r) {
  for (const char* v : {"x", "y", "t", "n"}) {
    if (!Contains(r, v)) return v;
  }
  return "w";
}

// Exact decimal of p/q when q has no prime factors but 2 and 5.
std::string Decimal(long long p, long long q) {
  long long twos = 0, fives = 0, d = q;
  while (d % 2 == 0) d /= 2, ++twos;
  while (d % 5 == 0) d /= 5, ++fives;
  if (d != 1) return "";
  const long long digits = std::max(twos, fives);
  long long scaled = p;
  for (long long k = 0; k < digits; ++k) scaled *= 10;
  scaled /= q;
  std::string s = std::to_string(scaled);
  while (static_cast<long long>(s.size()) <= digits) s = "0" + s;
  return digits == 0 ? s : s.substr(0, s.size() - digits) + "." + s.substr(s.size() - digits);
}

void AddRewrites(const std::string& r, std::vector<SurfaceForm>& out) {
  auto add = [&](std::string rule, std::string text) {
    const bool seen =
        std::any_of(out.begin(), out.end(), [&](const SurfaceForm& f) { return f.text == text; });
    if (text != r && !seen) out.push_back({std::move(rule), std::move(text)});
  };
  // Fraction commands.
  if (Contains(r, "\\frac")) {
    add("frac->dfrac", ReplaceAll(r, "\\frac", "\\dfrac"));
    add("frac->tfrac", ReplaceAll(r, "\\frac", "\\tfrac"));
  }
  if (Contains(r, "\\dfrac")) add("dfrac->frac", ReplaceAll(r, "\\dfrac", "\\frac"));
  add("frac shorthand", RegexReplace(r, R"(\\frac\{(\d)\}\{(\d)\})", "\\frac$1$2"));
  add("frac braces", RegexReplace(r, R"(\\frac\s*(\d)\s*(\d))", "\\frac{$1}{$2}"));
  add("sqrt shorthand", RegexReplace(r, R"(\\sqrt\{(\d)\})", "\\sqrt$1"));
  add("sqrt braces", RegexReplace(r, R"(\\sqrt(\d))", "\\sqrt{$1}"));
  // Spacing.
  add("no spaces", RegexReplace(r, R"(([^a-zA-Z])\s+|\s+([^a-zA-Z]))", "$1$2"));
  if (!std::regex_match(r, std::regex(R"(\d{1,3}(,\d{3})+)"))) {
    add("spaces", RegexReplace(r, R"(([+=]|,(?!\\!)))", " $1 "));
  }
  add("thin spaces", RegexReplace(r, R"(([+=]))", "\\,$1\\,"));
  // Wrappers.
  add("boxed", "\\boxed{" + r + "}");
  add("dollars", "$" + r + "$");
  add("display", "\\[ " + r + " \\]");
  add("period", r + ".");
  // \left and \right.
  if (Contains(r, "\\left")) add("no left/right", RegexReplace(r, R"(\\(left|right)\s*)", ""));
  if (!Contains(r, "\\left") && !Contains(r, "\\{")) {
    const Brackets b = SplitBrackets(r);
    if (!b.open.empty()) add("left/right", "\\left" + b.open + b.inner + "\\right" + b.close);
  }
  // A value named by a variable.
  if (IsPlainScalar(r)) {
    const std::string v = FreeVariable(r);
    add("x = prefix", v + " = " + r);
    if (std::isdigit(static_cast<unsigned char>(r[0])) || r[0] == '\\') {
      add("explicit product", RegexReplace(r, R"((\d)\s*\\(sqrt|pi))", "$1 \\cdot \\$2"));
    }
  }
  // Decimal <-> fraction.
  std::smatch m;
  if (std::regex_match(r, m, std::regex(R"((-?)\\[dt]?frac\{?(\d+)\}?\{?(\d+)\}?)"))) {
    const std::string d = Decimal(std::stoll(m[2]), std::stoll(m[3]));
    if (!d.empty()) add("fraction->decimal", std::string(m[1]) + d);
  }
  if (std::regex_match(r, m, std::regex(R"((-?)(\d*)\.(\d+))"))) {
    std::string den = "1" + std::string(m[3].length(), '0');
    std::string num = std::string(m[2]) + std::string(m[3]);
    num.erase(0, std::min(num.find_first_not_of('0'), num.size() - 1));
    add("decimal->fraction", std::string(m[1]) + "\\frac{" + num + "}{" + den + "}");
    add("decimal trailing zero", r + "0");
  }
  if (std::regex_match(r, std::regex(R"(-?\d+)"))) {
    add("integer trailing zeros", r + ".00");
    add("integer over one", "\\frac{" + r + "}{1}");
  }
  // Reordered set elements: "1,-2" and "\{a, b\}".
  if (!Contains(r, "(") && !Contains(r, "[") && !Contains(r, "\\begin") && !Contains(r, ",\\!")) {
    std::string inner = r, open, close;
    if (r.rfind("\\{", 0) == 0) {
      inner = r.substr(2, r.size() - 4);
      open = "\\{";
      close = "\\}";
    }
    std::vector<std::string> parts = TopLevelParts(inner);
    if (parts.size() > 1 && !std::regex_match(r, std::regex(R"(\d{1,3}(,\d{3})+)"))) {
      std::reverse(parts.begin(), parts.end());
      add("set reordered", open + Join(parts) + close);
      if (open.empty()) add("set braces", "\\{" + r + "\\}");
    }
  }
  // Units and degrees.
  if (Contains(r, "^\\circ")) {
    add("degrees braced", ReplaceAll(r, "^\\circ", "^{\\circ}"));
    add("degrees word", ReplaceAll(r, "^\\circ", "\\text{ degrees}"));
    add("degrees sign", ReplaceAll(r, "^\\circ", "\u00b0"));
    add("degrees dropped", ReplaceAll(r, "^\\circ", ""));
  }
  // A unit after a value (not a word answer such as "\text{east}").
  if (std::regex_search(r, m, std::regex(R"(\\(text|mbox)\{\s*([a-z]+)\s*\}(\^\d)?)")) &&
      m.prefix().length() > 0) {
    const std::string unit = m[2];
    add("unit dropped", std::string(m.prefix()) + std::string(m.suffix()));
    add("unit bare",
        std::string(m.prefix()) + " " + unit + std::string(m[3]) + std::string(m.suffix()));
    add("unit mathrm", std::string(m.prefix()) + "\\mathrm{" + unit + "}" + std::string(m[3]) +
                           std::string(m.suffix()));
  }
  if (Contains(r, "\\$")) add("dollar dropped", ReplaceAll(r, "\\$", ""));
  if (IsPlainScalar(r) && std::regex_match(r, std::regex(R"(-?[\d.]+)"))) {
    add("unit added", r + "\\text{ units}");
    add("percent added", r + "\\%");
  }
  // Thousands separators.
  if (Contains(r, ",\\!")) {
    add("thousands plain", RegexReplace(r, R"(,\\!\s*)", ""));
    add("thousands comma", RegexReplace(r, R"(,\\!\s*)", ","));
    add("thousands braced", RegexReplace(r, R"(,\\!\s*)", "{,}"));
  }
  if (std::regex_match(r, std::regex(R"(\d{1,3}(,\d{3})+)"))) {
    add("thousands plain", ReplaceAll(r, ",", ""));
    add("thousands marked", ReplaceAll(r, ",", ",\\!"));
  }
  // Base subscripts.
  if (std::regex_search(r, std::regex(R"(\d_\{?\d+\}?)"))) {
    add("base braced", RegexReplace(r, R"(_(\d+)$)", "_{$1}"));
    add("base dropped", RegexReplace(r, R"(_\{?\d+\}?)", ""));
  }
  // Choice letters and words.
  if (std::regex_match(r, m, std::regex(R"(\\text\{\(([A-E])\)\})"))) {
    const std::string letter = m[1];
    add("choice parenthesised", "(" + letter + ")");
    add("choice letter", letter);
    add("choice bold", "\\textbf{(" + letter + ")}");
  } else if (std::regex_match(r, m, std::regex(R"(\\text\{([A-Za-z ]+)\})"))) {
    const std::string word = m[1];
    add("word bare", word);
    add("word bold", "\\textbf{" + word + "}");
    std::string lower = word;
    for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    add("word lower case", "\\text{" + lower + "}");
  }
  // An interval as a set-builder membership.
  if (!SplitBrackets(r).open.empty() && Contains(r, "\\infty")) {
    add("membership", "x \\in " + r);
  }
  // "a \pm b" spelled out as its two values.
  if (const size_t pm = r.find("\\pm");
      pm != std::string::npos && !Contains(r, ",") && r.find("\\pm", pm + 1) == std::string::npos) {
    add("plus-minus expanded",
        r.substr(0, pm) + "+" + r.substr(pm + 3) + ", " + r.substr(0, pm) + "-" + r.substr(pm + 3));
  }
  // Unicode.
  if (Contains(r, "\\pi")) add("unicode pi", ReplaceAll(r, "\\pi", "\u03c0"));
}

enum class Which { kFirst, kLast };

// The [begin, end) of the first (or last) run of digits that is not a subscript or a unit's
// power.
std::optional<std::pair<size_t, size_t>> NumberAt(const std::string& r, Which which) {
  std::optional<std::pair<size_t, size_t>> found;
  for (size_t k = 0; k < r.size();) {
    if (!std::isdigit(static_cast<unsigned char>(r[k]))) {
      ++k;
      continue;
    }
    size_t end = k;
    while (end < r.size() && std::isdigit(static_cast<unsigned char>(r[end]))) ++end;
    const bool subscript =
        k > 0 && (r[k - 1] == '_' || (k > 1 && r[k - 1] == '{' && r[k - 2] == '_'));
    const bool unit_power = k > 1 && r[k - 1] == '^' && r[k - 2] == '}';  // "\text{ cm}^2"
    if (!subscript && !unit_power) {
      found = {k, end};
      if (which == Which::kFirst) return found;
    }
    k = end;
  }
  return found;
}

}  // namespace

std::vector<SurfaceForm> Rewrites(std::string_view reference) {
  std::vector<SurfaceForm> out;
  AddRewrites(std::string(reference), out);
  return out;
}

std::vector<SurfaceForm> Perturbations(std::string_view reference) {
  const std::string r(reference);
  std::vector<SurfaceForm> out;
  auto add = [&](std::string rule, std::string text) {
    const bool seen =
        std::any_of(out.begin(), out.end(), [&](const SurfaceForm& f) { return f.text == text; });
    if (text != r && !seen) out.push_back({std::move(rule), std::move(text)});
  };
  // A changed number: the first and the last one, each plus one.
  for (Which which : {Which::kFirst, Which::kLast}) {
    if (auto n = NumberAt(r, which); n) {
      const auto [begin, end] = *n;
      const std::string digits = r.substr(begin, end - begin);
      if (digits.size() < 15) {
        add(which == Which::kLast ? "last number + 1" : "first number + 1",
            r.substr(0, begin) + std::to_string(std::stoll(digits) + 1) + r.substr(end));
      }
    }
  }
  // A flipped sign on the first element (the whole value for a scalar).
  if (!Contains(r, "\\text") && r != "0") {
    std::string head, body = r;
    for (const char* open :
         {"\\left(", "\\left[", "\\left( ", "\\left[ ", "\\{", "(", "[", "\\begin{pmatrix} "}) {
      if (r.rfind(open, 0) == 0 && open[0] != '\0') {
        head = open;
        body = r.substr(head.size());
      }
    }
    if (body.rfind("0,", 0) != 0 && body.rfind("0 ", 0) != 0) {
      add("sign flipped", body[0] == '-' ? head + body.substr(1) : head + "-" + body);
    }
  }
  // A changed closing bracket, and swapped first elements, for intervals and tuples.
  const Brackets b = SplitBrackets(r);
  if (!b.open.empty()) {
    std::string close = b.close;
    close.back() = close.back() == ')' ? ']' : ')';
    add("closing bracket changed", b.open + b.inner + close);
    std::vector<std::string> parts = TopLevelParts(b.inner);
    auto trimmed = [](std::string s) {
      s.erase(0, s.find_first_not_of(' '));
      s.erase(s.find_last_not_of(' ') + 1);
      return s;
    };
    if (parts.size() >= 2 && trimmed(parts[0]) != trimmed(parts[1])) {
      std::swap(parts[0], parts[1]);
      add("tuple swapped", b.open + Join(parts) + b.close);
    }
  }
  return out;
}

}  // namespace ponder::math::testing
