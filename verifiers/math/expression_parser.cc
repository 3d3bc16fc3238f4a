#include "verifiers/math/expression_parser.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdlib>
#include <string>

#include "verifiers/math/concat.h"

namespace ponder::math {
namespace {

constexpr std::array<std::string_view, 16> kFunctions = {
    "sin",    "cos",  "tan",  "cot",  "sec", "csc", "arcsin", "arccos",
    "arctan", "sinh", "cosh", "tanh", "ln",  "log", "exp",    "lg"};

constexpr std::array<std::string_view, 34> kGreek = {
    "alpha", "beta",     "gamma", "delta",   "epsilon", "varepsilon", "zeta", "eta",
    "theta", "vartheta", "iota",  "kappa",   "lambda",  "mu",         "nu",   "xi",
    "rho",   "sigma",    "tau",   "upsilon", "phi",     "varphi",     "chi",  "psi",
    "omega", "Gamma",    "Delta", "Theta",   "Lambda",  "Sigma",      "Phi",  "Psi"};

bool IsFunction(std::string_view name) {
  return std::find(kFunctions.begin(), kFunctions.end(), name) != kFunctions.end();
}
bool IsGreek(std::string_view name) {
  return std::find(kGreek.begin(), kGreek.end(), name) != kGreek.end();
}
bool IsFracCommand(std::string_view name) {
  return name == "frac" || name == "dfrac" || name == "tfrac" || name == "cfrac";
}
bool IsBinomCommand(std::string_view name) {
  return name == "binom" || name == "dbinom" || name == "tbinom";
}
// Commands that start a factor (and so may follow another factor with no operator).
bool IsValueCommand(std::string_view name) {
  return IsFracCommand(name) || IsBinomCommand(name) || IsFunction(name) || IsGreek(name) ||
         name == "sqrt" || name == "pi" || name == "infty" || name == "infinity";
}
// Plain-text words read as one token; any other run of letters is a product of variables.
bool IsPlainWord(std::string_view word) {
  return IsFunction(word) || word == "sqrt" || word == "pi" || word == "infinity" || word == "inf";
}
bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsLetter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

class Parser {
 public:
  explicit Parser(std::string_view text) : s_(text) {}

  StatusOr<ExprTree> Run() {
    const int32_t root = Sum();
    if (root >= 0) {
      SkipSpaces();
      if (pos_ < s_.size()) Fail("unexpected '" + std::string(1, s_[pos_]) + "'");
    }
    if (!error_.ok()) return error_;
    tree_.root = root;
    return std::move(tree_);
  }

 private:
  // Counts nesting on the way down and releases it on the way up.
  class DepthGuard {
   public:
    explicit DepthGuard(Parser& p) : p_(p) {
      if (++p_.depth_ > kMaxExpressionDepth) {
        p_.Fail("nested more than " + std::to_string(kMaxExpressionDepth) + " levels deep");
      }
    }
    ~DepthGuard() { --p_.depth_; }
    DepthGuard(const DepthGuard&) = delete;
    DepthGuard& operator=(const DepthGuard&) = delete;

   private:
    Parser& p_;
  };

  int32_t Fail(const std::string& why) {
    if (error_.ok()) {
      error_ = InvalidArgumentError("cannot read the expression '" + Excerpt() + "': " + why +
                                    " at offset " + std::to_string(pos_));
    }
    return -1;
  }
  std::string Excerpt() const {
    return s_.size() <= 60 ? std::string(s_) : std::string(s_.substr(0, 57)) + "...";
  }
  bool failed() const { return !error_.ok(); }

  int32_t Node(ExprNode node) {
    if (failed()) return -1;
    if (tree_.nodes.size() >= static_cast<size_t>(kMaxExpressionNodes)) {
      return Fail("more than " + std::to_string(kMaxExpressionNodes) + " nodes");
    }
    tree_.nodes.push_back(std::move(node));
    return static_cast<int32_t>(tree_.nodes.size() - 1);
  }
  int32_t Binary(ExprOp op, int32_t a, int32_t b) {
    if (a < 0 || b < 0) return -1;
    return Node(ExprNode{.op = op, .a = a, .b = b});
  }
  int32_t Unary(ExprOp op, int32_t a) {
    if (a < 0) return -1;
    return Node(ExprNode{.op = op, .a = a});
  }

  void SkipSpaces() {
    while (pos_ < s_.size() && (s_[pos_] == ' ' || s_[pos_] == '\t' || s_[pos_] == '\n')) ++pos_;
  }
  char Peek() {
    SkipSpaces();
    return pos_ < s_.size() ? s_[pos_] : '\0';
  }
  bool Accept(char c) {
    if (Peek() != c) return false;
    ++pos_;
    return true;
  }
  int32_t Expect(char c, int32_t value) {
    if (value < 0) return -1;
    if (!Accept(c)) return Fail(std::string("expected '") + c + "'");
    return value;
  }
  // The command name at pos_ (after a backslash), without consuming it; "" if none.
  std::string_view PeekCommand() {
    SkipSpaces();
    if (pos_ + 1 >= s_.size() || s_[pos_] != '\\') return {};
    size_t end = pos_ + 1;
    while (end < s_.size() && IsLetter(s_[end])) ++end;
    return s_.substr(pos_ + 1, end - pos_ - 1);
  }
  bool AcceptCommand(std::string_view name) {
    if (PeekCommand() != name || name.empty()) return false;
    pos_ += 1 + name.size();
    return true;
  }
  // The run of letters at pos_.
  std::string_view PeekWord() const {
    size_t end = pos_;
    while (end < s_.size() && IsLetter(s_[end])) ++end;
    return s_.substr(pos_, end - pos_);
  }

  int32_t Sum() {
    DepthGuard guard(*this);
    int32_t left = Signed();
    while (left >= 0) {
      if (Accept('+')) {
        left = Binary(ExprOp::kAdd, left, Signed());
      } else if (Accept('-')) {
        left = Binary(ExprOp::kSubtract, left, Signed());
      } else {
        break;
      }
    }
    return left;
  }

  int32_t Signed() {
    DepthGuard guard(*this);
    if (failed()) return -1;
    if (Accept('-')) return Unary(ExprOp::kNegate, Signed());
    if (Accept('+')) return Signed();
    return Product();
  }

  int32_t Product() {
    int32_t left = Power();
    while (left >= 0) {
      if (Accept('*') || AcceptCommand("cdot") || AcceptCommand("times")) {
        left = Binary(ExprOp::kMultiply, left, Signed());
      } else if (Accept('/') || AcceptCommand("div")) {
        left = Binary(ExprOp::kDivide, left, Signed());
      } else if (StartsFactor()) {
        left = Binary(ExprOp::kMultiply, left, Power());
      } else {
        break;
      }
    }
    return left;
  }

  bool StartsFactor() {
    const char c = Peek();
    if (IsDigit(c) || IsLetter(c) || c == '(' || c == '[' || c == '{') return true;
    if (c == '.') return pos_ + 1 < s_.size() && IsDigit(s_[pos_ + 1]);
    if (c == '|') return abs_depth_ == 0;
    if (c == '\\') return IsValueCommand(PeekCommand());
    return false;
  }

  int32_t Power() {
    int32_t base = Postfix();
    while (base >= 0 && Accept('^')) base = Binary(ExprOp::kPower, base, Exponent());
    return base;
  }

  // After '^': a TeX argument, also with a sign ("2^-1") or in parentheses ("2^(n+1)").
  int32_t Exponent() {
    DepthGuard guard(*this);
    if (Accept('-')) return Unary(ExprOp::kNegate, Exponent());
    if (Accept('+')) return Exponent();
    return TexArgument();
  }

  int32_t Postfix() {
    int32_t value = Primary();
    while (value >= 0 && Accept('!')) value = Unary(ExprOp::kFactorial, value);
    return value;
  }

  // One TeX argument: a {group}, one digit, one letter, a command or a (group).
  int32_t TexArgument() {
    DepthGuard guard(*this);
    const char c = Peek();
    if (c == '{') {
      ++pos_;
      return Expect('}', Sum());
    }
    if (IsDigit(c)) {
      ++pos_;
      const int64_t digit = c - '0';
      return Node(ExprNode{
          .op = ExprOp::kNumber, .exact = Rational(digit), .approx = static_cast<double>(digit)});
    }
    if (IsLetter(c)) {
      ++pos_;
      return Letter(c);
    }
    if (c == '\\' || c == '(') return Primary();
    return Fail(c == '\0' ? "missing argument" : "unexpected '" + std::string(1, c) + "'");
  }

  int32_t Letter(char c) {
    if (c == 'i') return Node(ExprNode{.op = ExprOp::kImaginaryUnit});
    return Symbol(std::string(1, c));
  }

  // A variable, with a subscript kept as part of its name ("a_{1}").
  int32_t Symbol(std::string name) {
    if (pos_ < s_.size() && s_[pos_] == '_') {
      ++pos_;
      std::string subscript;
      if (pos_ < s_.size() && s_[pos_] == '{') {
        const size_t close = s_.find('}', pos_);
        if (close == std::string_view::npos) return Fail("unclosed subscript");
        subscript = std::string(s_.substr(pos_ + 1, close - pos_ - 1));
        pos_ = close + 1;
      } else if (pos_ < s_.size() && (IsDigit(s_[pos_]) || IsLetter(s_[pos_]))) {
        subscript = std::string(1, s_[pos_++]);
      } else {
        return Fail("bad subscript");
      }
      subscript.erase(std::remove(subscript.begin(), subscript.end(), ' '), subscript.end());
      name += Concat({"_{", subscript, "}"});
    }
    return Node(ExprNode{.op = ExprOp::kSymbol, .name = std::move(name)});
  }

  int32_t Primary() {
    DepthGuard guard(*this);
    if (failed()) return -1;
    const char c = Peek();
    if (IsDigit(c) || c == '.') return NumberOrMixed();
    if (c == '(') {
      ++pos_;
      return Expect(')', Sum());
    }
    if (c == '[') {
      ++pos_;
      return Expect(']', Sum());
    }
    if (c == '{') {
      ++pos_;
      return Expect('}', Sum());
    }
    if (c == '|') {
      ++pos_;
      ++abs_depth_;
      const int32_t inner = Sum();
      --abs_depth_;
      return Unary(ExprOp::kAbs, Expect('|', inner));
    }
    if (IsLetter(c)) {
      const std::string_view word = PeekWord();
      if (word.size() > 1 && IsPlainWord(word)) {
        pos_ += word.size();
        return Named(word);
      }
      ++pos_;
      return Letter(c);
    }
    if (c == '\\') {
      const std::string_view name = PeekCommand();
      if (name.empty()) return Fail("stray backslash");
      pos_ += 1 + name.size();
      return Named(name);
    }
    return Fail(c == '\0' ? "unexpected end" : "unexpected '" + std::string(1, c) + "'");
  }

  // A command or plain word: \frac, \sqrt, \pi, \sin ..., or a Greek letter.
  int32_t Named(std::string_view name) {
    if (IsFracCommand(name)) {
      const int32_t num = TexArgument();
      return Binary(ExprOp::kDivide, num, num < 0 ? -1 : TexArgument());
    }
    if (IsBinomCommand(name)) {
      const int32_t n = TexArgument();
      return Binary(ExprOp::kBinomial, n, n < 0 ? -1 : TexArgument());
    }
    if (name == "sqrt") return Root();
    if (name == "pi") return Node(ExprNode{.op = ExprOp::kPi});
    if (name == "infty" || name == "infinity" || name == "inf") {
      return Node(ExprNode{.op = ExprOp::kInfinity});
    }
    if (IsGreek(name)) return Symbol(Concat({"\\", name}));
    if (IsFunction(name)) return Function(name == "lg" ? "log" : std::string(name));
    return Fail(Concat({"unknown command \\", name}));
  }

  int32_t Root() {
    int32_t index = -1;
    if (Accept('[')) {
      index = Expect(']', Sum());
      if (index < 0) return -1;
    }
    const int32_t radicand = TexArgument();
    if (radicand < 0) return -1;
    return Node(ExprNode{.op = ExprOp::kRoot, .a = radicand, .b = index});
  }

  // name[^power][_base] argument, where the argument is a (group) or a run of
  // factors up to the next operator or function ("\sin 2x \cos x" is sin(2x) cos(x)).
  int32_t Function(std::string name) {
    int32_t power = -1, base = -1;
    if (Accept('^')) {
      power = Exponent();
      if (power < 0) return -1;
      // \sin^{-1} x is arcsin x.
      const ExprNode& p = tree_.node(power);
      if (p.op == ExprOp::kNegate && tree_.node(p.a).op == ExprOp::kNumber &&
          tree_.node(p.a).exact == Rational(1) && name.size() == 3 && name[0] != 'l' &&
          name != "exp") {
        name = Concat({"arc", name});
        power = -1;
      }
    }
    if (name == "log" && Accept('_')) {
      base = TexArgument();
      if (base < 0) return -1;
    }
    int32_t argument;
    if (Peek() == '(') {
      argument = Primary();
    } else {
      argument = Power();
      while (argument >= 0 && StartsFunctionArgument()) {
        argument = Binary(ExprOp::kMultiply, argument, Power());
      }
    }
    if (argument < 0) return -1;
    int32_t value = Node(ExprNode{.op = ExprOp::kFunction, .a = argument, .b = base, .name = name});
    if (power >= 0) value = Binary(ExprOp::kPower, value, power);
    return value;
  }

  bool StartsFunctionArgument() {
    const char c = Peek();
    if (IsDigit(c)) return true;
    if (IsLetter(c)) return !IsPlainWord(PeekWord());
    if (c == '\\') {
      const std::string_view name = PeekCommand();
      return IsGreek(name) || name == "pi";
    }
    return false;
  }

  int32_t NumberOrMixed() {
    const size_t start = pos_;
    __int128 mantissa = 0;
    bool overflow = false;
    int scale = 0;  // the value is mantissa * 10^scale
    bool integer = true;
    auto digit = [&](char d) {
      if (mantissa > static_cast<__int128>(1) << 100) {
        overflow = true;
      } else {
        mantissa = mantissa * 10 + (d - '0');
      }
    };
    // TeX ignores spaces in math: "1 000 000" shows as 1000000.
    auto next_digit = [&] {
      size_t p = pos_;
      while (p > start && p < s_.size() && s_[p] == ' ') ++p;
      if (p < s_.size() && IsDigit(s_[p])) pos_ = p;
      return pos_ < s_.size() && IsDigit(s_[pos_]);
    };
    while (next_digit()) digit(s_[pos_++]);
    if (pos_ < s_.size() && s_[pos_] == '.' && pos_ + 1 < s_.size() && IsDigit(s_[pos_ + 1])) {
      integer = false;
      ++pos_;
      while (pos_ < s_.size() && IsDigit(s_[pos_])) {
        digit(s_[pos_++]);
        --scale;
      }
    }
    if (pos_ == start) return Fail("bad number");
    // Scientific notation: 1.5e-3 (an 'e' not followed by a digit is a variable).
    if (pos_ + 1 < s_.size() && (s_[pos_] == 'e' || s_[pos_] == 'E')) {
      size_t p = pos_ + 1;
      int sign = 1;
      if (s_[p] == '-' || s_[p] == '+') sign = s_[p++] == '-' ? -1 : 1;
      if (p < s_.size() && IsDigit(s_[p])) {
        int exponent = 0;
        while (p < s_.size() && IsDigit(s_[p])) {
          exponent = std::min(exponent * 10 + (s_[p++] - '0'), 100000);
        }
        scale += sign * exponent;
        integer = false;
        pos_ = p;
      }
    }
    ExprNode node{.op = ExprOp::kNumber};
    std::string literal(s_.substr(start, pos_ - start));
    literal.erase(std::remove(literal.begin(), literal.end(), ' '), literal.end());
    node.approx = std::strtod(literal.c_str(), nullptr);
    if (!overflow && scale >= -30 && scale <= 30) {
      __int128 ten = 1;
      for (int k = 0; k < (scale < 0 ? -scale : scale); ++k) ten *= 10;
      if (scale < 0) {
        node.exact = Rational::Make(mantissa, ten);
      } else if (auto m = Rational::Make(mantissa, 1); m) {
        auto power = math::Power(Rational(10), scale);
        if (power) node.exact = Multiply(*m, *power);
      }
    }
    const int32_t number = Node(std::move(node));
    if (number < 0 || !integer) return number;
    return MixedFraction(number);
  }

  // "1\frac{4}{5}" (an integer, then a fraction of integer literals) is a mixed number.
  int32_t MixedFraction(int32_t whole) {
    const size_t saved = pos_;
    if (!AcceptCommand("frac") && !AcceptCommand("dfrac") && !AcceptCommand("tfrac")) return whole;
    const size_t args = pos_;
    if (!IntegerArgument() || !IntegerArgument()) {
      pos_ = saved;
      return whole;
    }
    pos_ = args;
    const int32_t num = TexArgument();
    const int32_t den = num < 0 ? -1 : TexArgument();
    return Binary(ExprOp::kAdd, whole, Binary(ExprOp::kDivide, num, den));
  }

  // Skips a TeX argument that is an integer literal; false (position unspecified) if not.
  bool IntegerArgument() {
    const char c = Peek();
    if (IsDigit(c)) {
      ++pos_;
      return true;
    }
    if (c != '{') return false;
    ++pos_;
    SkipSpaces();
    const size_t first = pos_;
    while (pos_ < s_.size() && IsDigit(s_[pos_])) ++pos_;
    return pos_ > first && Accept('}');
  }

  std::string_view s_;
  size_t pos_ = 0;
  int depth_ = 0;
  int abs_depth_ = 0;
  ExprTree tree_;
  Status error_;
};

}  // namespace

StatusOr<ExprTree> ParseExpression(std::string_view text) { return Parser(text).Run(); }

}  // namespace ponder::math
