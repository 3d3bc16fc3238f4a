#include "sandbox/output_compare.h"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace ponder::sandbox {
namespace {

using nlohmann::json;

// Python's str.strip() / str.split() whitespace, ASCII part (APPS data is ASCII around numbers).
bool IsSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f' || c == '\x1c' ||
         c == '\x1d' || c == '\x1e' || c == '\x1f';
}

std::string_view Strip(std::string_view s) {
  while (!s.empty() && IsSpace(s.front())) s.remove_prefix(1);
  while (!s.empty() && IsSpace(s.back())) s.remove_suffix(1);
  return s;
}

// Lines as Python's splitlines() cuts them (\n, \r\n, \r), stripped, empty ones dropped.
std::vector<std::string_view> NonEmptyLines(std::string_view s) {
  std::vector<std::string_view> lines;
  size_t start = 0;
  for (size_t i = 0; i <= s.size(); ++i) {
    if (i == s.size() || s[i] == '\n' || s[i] == '\r') {
      std::string_view line = Strip(s.substr(start, i - start));
      if (!line.empty()) lines.push_back(line);
      if (i + 1 < s.size() && s[i] == '\r' && s[i + 1] == '\n') ++i;
      start = i + 1;
    }
  }
  return lines;
}

std::vector<std::string_view> Tokens(std::string_view line) {
  std::vector<std::string_view> tokens;
  size_t i = 0;
  while (i < line.size()) {
    while (i < line.size() && IsSpace(line[i])) ++i;
    size_t start = i;
    while (i < line.size() && !IsSpace(line[i])) ++i;
    if (i > start) tokens.push_back(line.substr(start, i - start));
  }
  return tokens;
}

// Python's float(): decimal or exponent notation, inf, infinity and nan, with a sign;
// no hex (strtod would take it, Python does not).
std::optional<double> ParseNumber(std::string_view token) {
  token = Strip(token);
  if (token.empty() || token.find_first_of("xXpP") != std::string_view::npos) return std::nullopt;
  std::string text(token);
  errno = 0;
  char* end = nullptr;
  double value = std::strtod(text.c_str(), &end);
  if (end != text.c_str() + text.size()) return std::nullopt;
  return value;
}

// A set of sets, kept as a sorted vector of sorted, de-duplicated vectors.
template <class T>
std::vector<std::vector<T>> SetOfSets(std::vector<std::vector<T>> rows) {
  for (auto& row : rows) {
    std::sort(row.begin(), row.end());
    row.erase(std::unique(row.begin(), row.end()), row.end());
  }
  std::sort(rows.begin(), rows.end());
  rows.erase(std::unique(rows.begin(), rows.end()), rows.end());
  return rows;
}

std::vector<std::vector<std::string_view>> LineTokenSets(
    const std::vector<std::string_view>& lines) {
  std::vector<std::vector<std::string_view>> rows;
  for (std::string_view line : lines) rows.push_back(Tokens(line));
  return SetOfSets(std::move(rows));
}

// Per-line token sets with every token read as a number rounded to 3 decimals; nullopt when a
// token is not a number. NaN never equals anything in Python, so it fails the comparison too.
std::optional<std::vector<std::vector<double>>> RoundedNumberSets(
    const std::vector<std::string_view>& lines) {
  std::vector<std::vector<double>> rows;
  for (std::string_view line : lines) {
    std::vector<double> row;
    for (std::string_view token : Tokens(line)) {
      std::optional<double> v = ParseNumber(token);
      if (!v || std::isnan(*v)) return std::nullopt;
      // Round half to even at 3 decimals, as Python's round(x, 3) does for ties.
      row.push_back(std::isinf(*v) ? *v : std::nearbyint(*v * 1000.0) / 1000.0);
    }
    rows.push_back(std::move(row));
  }
  return SetOfSets(std::move(rows));
}

bool LinesAreCloseNumbers(const std::vector<std::string_view>& actual,
                          const std::vector<std::string_view>& expected) {
  if (actual.size() != expected.size() || actual.empty()) return false;
  for (size_t i = 0; i < actual.size(); ++i) {
    std::optional<double> a = ParseNumber(actual[i]);
    std::optional<double> e = ParseNumber(expected[i]);
    if (!a || !e) return false;
    if (*a == *e) continue;  // equal infinities
    if (!(std::fabs(*a - *e) <= 1e-8 + 1e-5 * std::fabs(*e))) return false;
  }
  return true;
}

std::optional<double> AsPythonNumber(const json& v) {
  if (v.is_boolean()) return v.get<bool>() ? 1.0 : 0.0;
  if (v.is_number()) return v.get<double>();
  return std::nullopt;
}

// Python compares an int with a float exactly: 2**53 + 1 != 2.0**53, though a double cannot
// tell them apart.
bool IntegerEqualsFloat(const json& integer, double f) {
  if (!std::isfinite(f) || f != std::trunc(f)) return false;
  if (integer.is_number_unsigned()) {
    return f >= 0 && f < 0x1p64 && static_cast<uint64_t>(f) == integer.get<uint64_t>();
  }
  return f >= -0x1p63 && f < 0x1p63 && static_cast<int64_t>(f) == integer.get<int64_t>();
}

bool PythonEqual(const json& a, const json& b) {
  if (a.is_number_integer() && b.is_number_integer()) {
    // JSON integers arrive as uint64 when non-negative and int64 when negative: compare exactly.
    if (a.is_number_unsigned() != b.is_number_unsigned()) return false;
    return a.is_number_unsigned() ? a.get<uint64_t>() == b.get<uint64_t>()
                                  : a.get<int64_t>() == b.get<int64_t>();
  }
  if (a.is_number_integer() && b.is_number_float()) return IntegerEqualsFloat(a, b.get<double>());
  if (a.is_number_float() && b.is_number_integer()) return IntegerEqualsFloat(b, a.get<double>());
  std::optional<double> na = AsPythonNumber(a), nb = AsPythonNumber(b);
  if (na && nb) return *na == *nb;
  if (a.type() != b.type()) return false;
  if (a.is_array()) {
    if (a.size() != b.size()) return false;
    for (size_t i = 0; i < a.size(); ++i) {
      if (!PythonEqual(a[i], b[i])) return false;
    }
    return true;
  }
  if (a.is_object()) {
    if (a.size() != b.size()) return false;
    for (auto it = a.begin(); it != a.end(); ++it) {
      auto other = b.find(it.key());
      if (other == b.end() || !PythonEqual(it.value(), *other)) return false;
    }
    return true;
  }
  return a == b;  // strings, null
}

}  // namespace

std::string_view MatchStageName(MatchStage stage) {
  switch (stage) {
    case MatchStage::kNone:
      return "none";
    case MatchStage::kExact:
      return "exact";
    case MatchStage::kTokens:
      return "tokens";
    case MatchStage::kNumeric:
      return "numeric";
  }
  return "none";
}

MatchStage CompareStdout(std::string_view actual, std::string_view expected) {
  if (Strip(actual) == Strip(expected)) return MatchStage::kExact;
  const std::vector<std::string_view> got = NonEmptyLines(actual);
  const std::vector<std::string_view> want = NonEmptyLines(expected);
  if (got == want) return MatchStage::kExact;
  if (LineTokenSets(got) == LineTokenSets(want)) return MatchStage::kTokens;
  if (LinesAreCloseNumbers(got, want)) return MatchStage::kNumeric;
  std::optional<std::vector<std::vector<double>>> got_numbers = RoundedNumberSets(got);
  if (got_numbers && got_numbers == RoundedNumberSets(want)) return MatchStage::kNumeric;
  return MatchStage::kNone;
}

bool CompareReturnValue(std::string_view actual_json, std::string_view expected_json) {
  json actual = json::parse(actual_json, nullptr, /*allow_exceptions=*/false);
  json expected = json::parse(expected_json, nullptr, /*allow_exceptions=*/false);
  if (actual.is_discarded() || expected.is_discarded()) return false;
  if (PythonEqual(actual, expected)) return true;
  return expected.is_array() && !expected.empty() && PythonEqual(actual, expected[0]);
}

}  // namespace ponder::sandbox
