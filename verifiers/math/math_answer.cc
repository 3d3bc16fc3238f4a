#include "verifiers/math/math_answer.h"

#include <algorithm>
#include <cctype>
#include <set>

#include "verifiers/math/concat.h"
#include "verifiers/math/expression_eval.h"
#include "verifiers/math/expression_parser.h"

namespace ponder::math {
namespace {

// Sets of tuples of intervals... nest this deep at most.
constexpr int kMaxStructureDepth = 8;
// Each \pm doubles the values ("a \pm b \pm c" has four); this bounds the expansions
// (1 + 2 + 4 + 8: four signs).
constexpr int kMaxPlusMinusExpansions = 15;
// Sets compare element by element both ways (quadratic): cap their size.
constexpr size_t kMaxItems = 256;

using Kind = MathAnswer::Kind;

bool IsLetter(char c) { return std::isalpha(static_cast<unsigned char>(c)) != 0; }

std::string_view Trim(std::string_view s) {
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  return s;
}

bool CommandAt(std::string_view s, size_t k, std::string_view command) {
  return s.compare(k, command.size(), command) == 0 &&
         (k + command.size() == s.size() || !IsLetter(s[k + command.size()]) ||
          !IsLetter(command.back()));
}

// Splits `s` at each `sep` outside brackets; ([{ and )]} count alike, so "(3,4]" nests.
std::vector<std::string_view> SplitTopLevel(std::string_view s, std::string_view sep) {
  std::vector<std::string_view> parts;
  int depth = 0;
  size_t start = 0;
  for (size_t k = 0; k < s.size(); ++k) {
    if (depth == 0 && CommandAt(s, k, sep)) {
      parts.push_back(s.substr(start, k - start));
      start = k + sep.size();
      k = start - 1;
      continue;
    }
    const char c = s[k];
    if (c == '(' || c == '[' || c == '{') ++depth;
    if (c == ')' || c == ']' || c == '}') --depth;
  }
  parts.push_back(s.substr(start));
  return parts;
}

// The index of the bracket closing the one at s[0], or npos.
size_t MatchingClose(std::string_view s) {
  int depth = 0;
  for (size_t k = 0; k < s.size(); ++k) {
    const char c = s[k];
    if (c == '(' || c == '[' || c == '{') ++depth;
    if ((c == ')' || c == ']' || c == '}') && --depth == 0) return k;
  }
  return std::string_view::npos;
}

bool HasTopLevel(std::string_view s, std::string_view sep) {
  return SplitTopLevel(s, sep).size() > 1;
}

// "1,000" and "-12,345.5": -?d{1,3}(,ddd)+(.d+)?
bool IsThousandsNumber(std::string_view s) {
  auto is_digit = [](char c) { return c >= '0' && c <= '9'; };
  size_t k = !s.empty() && s[0] == '-' ? 1 : 0;
  const size_t first = k;
  while (k < s.size() && is_digit(s[k])) ++k;
  if (k == first || k - first > 3) return false;
  int groups = 0;
  while (k < s.size() && s[k] == ',') {
    if (k + 4 > s.size() || !is_digit(s[k + 1]) || !is_digit(s[k + 2]) || !is_digit(s[k + 3])) {
      return false;
    }
    k += 4;
    ++groups;
  }
  if (groups == 0) return false;
  if (k < s.size() && s[k] == '.') {
    const size_t fraction = ++k;
    while (k < s.size() && is_digit(s[k])) ++k;
    if (k == fraction) return false;
  }
  return k == s.size();
}

// Letters and spaces only; the number of letters and the longest word.
bool IsWords(std::string_view s, int* letters, int* longest) {
  *letters = *longest = 0;
  int run = 0;
  for (char c : s) {
    if (IsLetter(c)) {
      ++*letters;
      *longest = std::max(*longest, ++run);
    } else if (c == ' ') {
      run = 0;
    } else {
      return false;
    }
  }
  return true;
}

// A word answer outside \text{}: words, one of them three letters or longer and none a math
// word ("sin", "pi"); shorter runs of letters are products of variables.
bool IsPlainWordAnswer(std::string_view s) {
  int letters, longest;
  if (!IsWords(s, &letters, &longest) || longest < 3) return false;
  static const std::set<std::string_view> kMathWords = {
      "sin", "cos",      "tan",    "cot",    "sec",    "csc",  "log",  "exp", "sqrt",
      "inf", "infinity", "arcsin", "arccos", "arctan", "sinh", "cosh", "tanh"};
  for (size_t k = 0; k < s.size();) {
    size_t end = s.find(' ', k);
    if (end == std::string_view::npos) end = s.size();
    if (kMathWords.count(s.substr(k, end - k))) return false;
    k = end + 1;
  }
  return true;
}

// A whole \text{} group of two or more letters: "\text{even}", "\text{no solution}".
bool IsWrappedWordAnswer(std::string_view s) {
  int letters, longest;
  return IsWords(s, &letters, &longest) && letters >= 2;
}

std::string LowerWords(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c == ' ' && (out.empty() || out.back() == ' ')) continue;
    out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  if (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

// The names a left-hand side gives a value to: one variable ("x", "a_{1}", "\theta") or a
// product of up to three capital letters (a segment "AB", an area "ABC").
std::optional<std::vector<std::string>> NamedQuantity(const ExprTree& tree) {
  std::vector<std::string> names;
  for (const ExprNode& n : tree.nodes) {
    if (n.op == ExprOp::kSymbol) {
      names.push_back(n.name);
    } else if (n.op != ExprOp::kMultiply) {
      return std::nullopt;
    }
  }
  if (names.size() == 1) return names;
  if (names.size() > 3) return std::nullopt;
  for (const std::string& name : names) {
    if (name.size() != 1 || !std::isupper(static_cast<unsigned char>(name[0]))) return std::nullopt;
  }
  return names;
}

bool Mentions(const MathAnswer& a, const std::vector<std::string>& names) {
  for (const ExprNode& n : a.tree.nodes) {
    if (n.op == ExprOp::kSymbol && std::find(names.begin(), names.end(), n.name) != names.end()) {
      return true;
    }
  }
  return std::any_of(a.items.begin(), a.items.end(),
                     [&](const MathAnswer& item) { return Mentions(item, names); });
}

// Scales lhs - rhs so that its first term's constant factor is 1: equations that differ by
// a constant factor get one form.
std::optional<Polynomial> NormalizeEquation(const std::optional<Polynomial>& p) {
  if (!p || p->is_zero()) return p;
  const Term& lead = p->terms()[0];
  // The lead's constant part: c * i^m * sqrt(r), without its symbols.
  Polynomial factor;
  factor = Polynomial::Constant(lead.coefficient);
  WorkBudget budget;
  if (lead.basis.radicand != 1 || lead.basis.imaginary) {
    auto root = Polynomial::SquareRoot(
        Rational(lead.basis.imaginary ? -lead.basis.radicand : lead.basis.radicand));
    if (!root) return std::nullopt;
    auto scaled = Multiply(factor, *root, budget);
    if (!scaled) return std::nullopt;
    factor = *scaled;
  }
  auto inverse = Inverse(factor);
  if (!inverse) return std::nullopt;
  return Multiply(*p, *inverse, budget);
}

MathAnswer Words(std::string_view s) {
  MathAnswer a;
  a.kind = Kind::kText;
  a.text = LowerWords(s);
  return a;
}

class StructureParser {
 public:
  StatusOr<MathAnswer> Structure(std::string_view s, int depth) {
    if (depth > kMaxStructureDepth) {
      return InvalidArgumentError("the answer nests lists more than " +
                                  std::to_string(kMaxStructureDepth) + " deep");
    }
    s = Trim(s);
    if (s.empty()) return InvalidArgumentError("the answer has an empty part");
    if (s.starts_with("\\begin{")) return Matrix(s, depth);
    if (IsPlainWordAnswer(s)) return Words(s);
    // "x \in [-2,7]" is the interval.
    if (const auto parts = SplitTopLevel(s, "\\in"); parts.size() == 2) {
      auto lhs = ParseExpression(Trim(parts[0]));
      if (lhs.ok() && lhs->nodes.size() == 1 && lhs->node(0).op == ExprOp::kSymbol) {
        return Structure(parts[1], depth + 1);
      }
    }
    if (const auto parts = SplitTopLevel(s, "\\cup"); parts.size() > 1) {
      return Collection(Kind::kUnion, parts, depth);
    }
    if (s == "\\emptyset" || s == "\\varnothing" || s == "\\{\\}") {
      MathAnswer empty;
      empty.kind = Kind::kSet;
      return empty;
    }
    if (s.starts_with("\\{") && s.ends_with("\\}") && MatchingClose(s.substr(1)) == s.size() - 2) {
      return Collection(Kind::kSet, SplitTopLevel(s.substr(2, s.size() - 4), ","), depth);
    }
    if ((s[0] == '(' || s[0] == '[') && MatchingClose(s) == s.size() - 1) {
      return Bracketed(s, depth);
    }
    if (IsThousandsNumber(s)) {
      std::string digits(s);
      digits.erase(std::remove(digits.begin(), digits.end(), ','), digits.end());
      return Element(digits, depth);
    }
    if (const auto parts = SplitTopLevel(s, ","); parts.size() > 1) {
      return Collection(Kind::kSet, parts, depth);
    }
    return Element(s, depth);
  }

 private:
  StatusOr<MathAnswer> Collection(Kind kind, const std::vector<std::string_view>& parts,
                                  int depth) {
    if (parts.size() > kMaxItems) {
      return InvalidArgumentError("the answer lists more than " + std::to_string(kMaxItems) +
                                  " elements");
    }
    MathAnswer a;
    a.kind = kind;
    for (std::string_view part : parts) {
      PONDER_ASSIGN_OR_RETURN(MathAnswer item, Structure(part, depth + 1));
      if (kind == Kind::kSet && item.kind == Kind::kSet) {
        for (MathAnswer& inner : item.items) a.items.push_back(std::move(inner));
      } else {
        a.items.push_back(std::move(item));
      }
    }
    return a;
  }

  // "(a, b)", "[a, b)", "(x)": a tuple or interval, or just a parenthesised answer.
  StatusOr<MathAnswer> Bracketed(std::string_view s, int depth) {
    const std::string_view inner = s.substr(1, s.size() - 2);
    const auto parts = SplitTopLevel(inner, ",");
    const bool paired =
        (s.front() == '(' && s.back() == ')') || (s.front() == '[' && s.back() == ']');
    if (parts.size() == 1) {
      if (!paired) return InvalidArgumentError(Concat({"'", s, "' opens and closes differently"}));
      return Structure(inner, depth + 1);
    }
    PONDER_ASSIGN_OR_RETURN(MathAnswer a, Collection(Kind::kTuple, parts, depth));
    a.open = s.front();
    a.close = s.back();
    return a;
  }

  StatusOr<MathAnswer> Matrix(std::string_view s, int depth) {
    const size_t name_end = s.find('}');
    const std::string_view env = s.substr(7, name_end - 7);
    if (env != "pmatrix" && env != "bmatrix" && env != "matrix" && env != "smallmatrix") {
      return InvalidArgumentError(Concat({"unknown environment '", env, "'"}));
    }
    const std::string end = Concat({"\\end{", env, "}"});
    if (!s.ends_with(end))
      return InvalidArgumentError(Concat({"the matrix does not end with ", end}));
    std::string_view body = s.substr(name_end + 1, s.size() - name_end - 1 - end.size());
    body = Trim(body);
    if (body.ends_with("\\\\")) body = Trim(body.substr(0, body.size() - 2));
    MathAnswer m;
    m.kind = Kind::kMatrix;
    for (std::string_view row : SplitTopLevel(body, "\\\\")) {
      PONDER_ASSIGN_OR_RETURN(MathAnswer r,
                              Collection(Kind::kTuple, SplitTopLevel(row, "&"), depth));
      r.open = '(';
      r.close = ')';
      if (!m.items.empty() && r.items.size() != m.items[0].items.size()) {
        return InvalidArgumentError("the matrix rows differ in length");
      }
      m.items.push_back(std::move(r));
    }
    return m;
  }

  // One element: "a \pm b" (two values), "x = 3" (the value 3), an equation, or a value.
  StatusOr<MathAnswer> Element(std::string_view s, int depth) {
    for (std::string_view sign : {"\\pm", "\\mp"}) {
      const size_t at = s.find(sign);
      if (at == std::string_view::npos || (at + 3 < s.size() && IsLetter(s[at + 3]))) continue;
      if (++plus_minus_ > kMaxPlusMinusExpansions) {
        return InvalidArgumentError("the answer has too many \\pm signs");
      }
      const std::string head(s.substr(0, at)), tail(s.substr(at + 3));
      std::vector<std::string> both = {Concat({head, "+", tail}), Concat({head, "-", tail})};
      if (sign == "\\mp") std::swap(both[0], both[1]);
      return Collection(Kind::kSet, {both[0], both[1]}, depth);
    }
    for (std::string_view relation : {"<", ">", "\\le", "\\ge", "\\lt", "\\gt", "\\ne", "\\neq"}) {
      if (HasTopLevel(s, relation)) {
        return InvalidArgumentError(Concat({"inequalities are not compared ('", s, "')"}));
      }
    }
    const auto sides = SplitTopLevel(s, "=");
    if (sides.size() > 2) return InvalidArgumentError(Concat({"'", s, "' has more than one '='"}));
    if (sides.size() == 2) return Equation(sides[0], sides[1], depth);
    return Scalar(s);
  }

  StatusOr<MathAnswer> Equation(std::string_view lhs, std::string_view rhs, int depth) {
    auto left = ParseExpression(Trim(lhs));
    if (left.ok()) {
      if (auto names = NamedQuantity(*left); names) {
        PONDER_ASSIGN_OR_RETURN(MathAnswer value, Structure(rhs, depth + 1));
        if (!Mentions(value, *names)) return value;
      }
    }
    PONDER_ASSIGN_OR_RETURN(MathAnswer e, Scalar(Concat({"(", Trim(lhs), ")-(", Trim(rhs), ")"})));
    e.kind = Kind::kEquation;
    e.exact = NormalizeEquation(e.exact);
    e.text = CompactSpaces(Concat({Trim(lhs), "=", Trim(rhs)}));
    return e;
  }

  static StatusOr<MathAnswer> Scalar(std::string_view s) {
    MathAnswer a;
    PONDER_ASSIGN_OR_RETURN(a.tree, ParseExpression(s));
    a.exact = EvaluateExact(a.tree);
    a.text = CompactSpaces(s);
    return a;
  }

  int plus_minus_ = 0;
};

std::string Join(const std::vector<std::string>& keys, std::string_view sep) {
  std::string out;
  for (size_t k = 0; k < keys.size(); ++k) {
    if (k > 0) out += sep;
    out += keys[k];
  }
  return out;
}

std::vector<std::string> ItemKeys(const MathAnswer& a) {
  std::vector<std::string> keys;
  for (const MathAnswer& item : a.items) keys.push_back(CanonicalKey(item));
  return keys;
}

std::vector<std::string> SortedUnique(std::vector<std::string> keys) {
  std::sort(keys.begin(), keys.end());
  keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
  return keys;
}

}  // namespace

StatusOr<MathAnswer> ParseMathAnswer(const NormalizedAnswer& answer) {
  if (answer.was_text && IsWrappedWordAnswer(answer.text)) return Words(answer.text);
  StructureParser parser;
  return parser.Structure(answer.text, 0);
}

std::string CanonicalKey(const MathAnswer& a) {
  switch (a.kind) {
    case Kind::kExpression:
      return a.exact ? a.exact->ToLatex() : a.text;
    case Kind::kEquation:
      return a.exact ? a.exact->ToLatex() + "=0" : a.text;
    case Kind::kText:
      return Concat({"\\text{", a.text, "}"});
    case Kind::kTuple:
      return Concat(
          {std::string_view(&a.open, 1), Join(ItemKeys(a), ","), std::string_view(&a.close, 1)});
    case Kind::kSet: {
      const auto keys = SortedUnique(ItemKeys(a));
      if (keys.size() == 1) return keys[0];
      return keys.empty() ? "\\emptyset" : Concat({"\\{", Join(keys, ","), "\\}"});
    }
    case Kind::kUnion: {
      const auto keys = SortedUnique(ItemKeys(a));
      return keys.size() == 1 ? keys[0] : Join(keys, "\\cup");
    }
    case Kind::kMatrix: {
      std::vector<std::string> rows;
      for (const MathAnswer& row : a.items) rows.push_back(Join(ItemKeys(row), "&"));
      return Concat({"\\begin{pmatrix}", Join(rows, "\\\\"), "\\end{pmatrix}"});
    }
  }
  return a.text;
}

std::string CompactSpaces(std::string_view s) {
  auto alnum = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; };
  std::string out;
  for (size_t k = 0; k < s.size(); ++k) {
    if (s[k] != ' ') {
      out += s[k];
      continue;
    }
    size_t next = k;
    while (next < s.size() && s[next] == ' ') ++next;
    // Between two letters or digits a space separates tokens ("\cot x", "a b", "2 3").
    if (!out.empty() && next < s.size() && alnum(out.back()) && alnum(s[next])) out += ' ';
    k = next - 1;
  }
  return out;
}

}  // namespace ponder::math
