#include "verifiers/math/expression_eval.h"

#include <cmath>
#include <cstdint>
#include <limits>
#include <numbers>
#include <string>
#include <vector>

#include "verifiers/math/concat.h"

namespace ponder::math {
namespace {

using Exact = std::optional<Polynomial>;
using Complex = std::complex<double>;

// "x" stays "x"; anything longer is parenthesised, so an atom's name reads back as itself.
std::string Parenthesised(const Polynomial& p) {
  const auto& terms = p.terms();
  if (terms.size() == 1 && terms[0].coefficient == Rational(1) && !terms[0].basis.imaginary &&
      terms[0].basis.radicand == 1 && terms[0].basis.powers.size() == 1 &&
      terms[0].basis.powers[0].second == 1) {
    return terms[0].basis.powers[0].first;
  }
  return Concat({"(", p.ToLatex(), ")"});
}

// 1/p: exact for a single term; for a sum, an opaque atom "(p')" to the power -1, where p'
// is p scaled so that its first coefficient is 1 (then 2/(x+1) and 4/(2x+2) agree).
Exact Reciprocal(const Polynomial& p, WorkBudget& budget) {
  if (p.is_zero()) return std::nullopt;
  if (p.terms().size() == 1) return Inverse(p);
  const Rational lead = p.terms()[0].coefficient;
  auto unscale = Inverse(Polynomial::Constant(lead));
  if (!unscale) return std::nullopt;
  auto monic = Multiply(p, *unscale, budget);
  if (!monic) return std::nullopt;
  auto atom_inverse = Inverse(Polynomial::Atom(Concat({"(", monic->ToLatex(), ")"})));
  if (!atom_inverse) return std::nullopt;
  return Multiply(*atom_inverse, *unscale, budget);
}

Exact IntegerPower(const Polynomial& base, int64_t n, WorkBudget& budget) {
  if (n >= 0 || base.terms().size() <= 1) return Power(base, n, budget);
  auto inverse = Reciprocal(base, budget);
  if (!inverse) return std::nullopt;
  return Power(*inverse, -n, budget);
}

Exact PowerOf(const Polynomial& base, const Polynomial& exponent, WorkBudget& budget) {
  const auto e = exponent.AsRational();
  if (e && e->is_integer()) {
    if (std::abs(e->num()) > Polynomial::kMaxExponent) return std::nullopt;
    return IntegerPower(base, e->num(), budget);
  }
  const auto b = base.AsRational();
  if (e && b) {
    // b^(p/q): exact when b is a q-th power (or q == 2, through square roots).
    if (auto root = ExactRoot(*b, static_cast<int>(std::min<int64_t>(e->den(), 64))); root) {
      return IntegerPower(Polynomial::Constant(*root), e->num(), budget);
    }
    if (e->den() == 2) {
      auto root = Polynomial::SquareRoot(*b);
      if (root) return IntegerPower(*root, e->num(), budget);
    }
  }
  return Polynomial::Atom(Concat({"{", Parenthesised(base), "^{", exponent.ToLatex(), "}}"}));
}

Exact RootOf(const Polynomial& radicand, const ExprNode& node, const std::vector<Exact>& values) {
  const auto r = radicand.AsRational();
  if (node.b < 0) {
    if (r) {
      if (auto root = Polynomial::SquareRoot(*r); root) return root;
    }
    return Polynomial::Atom(Concat({"\\sqrt{", radicand.ToLatex(), "}"}));
  }
  const Exact& index = values[static_cast<size_t>(node.b)];
  if (!index) return std::nullopt;
  const auto n = index->AsRational();
  if (n && n->is_integer() && n->num() == 2) {
    if (r) {
      if (auto root = Polynomial::SquareRoot(*r); root) return root;
    }
    return Polynomial::Atom(Concat({"\\sqrt{", radicand.ToLatex(), "}"}));
  }
  if (r && n && n->is_integer() && n->num() >= 2 && n->num() <= 64) {
    if (auto root = ExactRoot(*r, static_cast<int>(n->num())); root) {
      return Polynomial::Constant(*root);
    }
  }
  return Polynomial::Atom(Concat({"\\sqrt[", index->ToLatex(), "]{", radicand.ToLatex(), "}"}));
}

Exact AbsOf(const Polynomial& p) {
  // A real constant single term (c * sqrt(r) * pi^k) has the sign of c.
  if (p.is_zero()) return p;
  if (p.terms().size() == 1 && p.IsConstant() && !p.terms()[0].basis.imaginary) {
    return p.terms()[0].coefficient.sign() < 0 ? Negate(p) : p;
  }
  return Polynomial::Atom(Concat({"|", p.ToLatex(), "|"}));
}

Exact FactorialOf(const Polynomial& p) {
  const auto n = p.AsRational();
  if (n && n->is_integer() && n->num() >= 0 && n->num() <= 20) {
    int64_t f = 1;
    for (int64_t k = 2; k <= n->num(); ++k) f *= k;
    return Polynomial::Constant(Rational(f));
  }
  return Polynomial::Atom(Concat({Parenthesised(p), "!"}));
}

Exact BinomialOf(const Polynomial& top, const Polynomial& bottom) {
  const auto n = top.AsRational();
  const auto k = bottom.AsRational();
  if (n && k && n->is_integer() && k->is_integer() && n->num() >= 0 && n->num() <= 62) {
    if (k->num() < 0 || k->num() > n->num()) return Polynomial();
    __int128 c = 1;
    for (int64_t j = 1; j <= k->num(); ++j) c = c * (n->num() - k->num() + j) / j;
    auto value = Rational::Make(c, 1);
    if (value) return Polynomial::Constant(*value);
  }
  return Polynomial::Atom(Concat({"\\binom{", top.ToLatex(), "}{", bottom.ToLatex(), "}"}));
}

Exact FunctionOf(const ExprNode& node, const Polynomial& argument, const Exact& base) {
  const std::string base_text = node.b >= 0 && base ? Concat({"_{", base->ToLatex(), "}"}) : "";
  if (node.b >= 0 && !base) return std::nullopt;
  return Polynomial::Atom(Concat({"\\", node.name, base_text, "(", argument.ToLatex(), ")"}));
}

Exact ExactNode(const ExprNode& node, const std::vector<Exact>& values, WorkBudget& budget) {
  const Exact* a = node.a >= 0 ? &values[static_cast<size_t>(node.a)] : nullptr;
  const Exact* b = node.b >= 0 ? &values[static_cast<size_t>(node.b)] : nullptr;
  switch (node.op) {
    case ExprOp::kNumber:
      if (!node.exact) return std::nullopt;
      return Polynomial::Constant(*node.exact);
    case ExprOp::kSymbol:
      return Polynomial::Symbol(node.name);
    case ExprOp::kImaginaryUnit:
      return Polynomial::ImaginaryUnit();
    case ExprOp::kPi:
      return Polynomial::Symbol(std::string(kPiSymbol));
    case ExprOp::kInfinity:
      return Polynomial::Symbol(std::string(kInfinitySymbol));
    default:
      break;
  }
  // Every other node needs its first operand (and binary ones their second).
  if (!a || !*a) return std::nullopt;
  const bool binary = node.op == ExprOp::kAdd || node.op == ExprOp::kSubtract ||
                      node.op == ExprOp::kMultiply || node.op == ExprOp::kDivide ||
                      node.op == ExprOp::kPower || node.op == ExprOp::kBinomial;
  if (binary && (!b || !*b)) return std::nullopt;
  switch (node.op) {
    case ExprOp::kAdd:
      return Add(**a, **b);
    case ExprOp::kSubtract:
      return Add(**a, Negate(**b));
    case ExprOp::kNegate:
      return Negate(**a);
    case ExprOp::kMultiply:
      return Multiply(**a, **b, budget);
    case ExprOp::kDivide: {
      auto inverse = Reciprocal(**b, budget);
      if (!inverse) return std::nullopt;
      return Multiply(**a, *inverse, budget);
    }
    case ExprOp::kPower:
      return PowerOf(**a, **b, budget);
    case ExprOp::kRoot:
      return RootOf(**a, node, values);
    case ExprOp::kFunction:
      return FunctionOf(node, **a, b ? *b : Exact());
    case ExprOp::kAbs:
      return AbsOf(**a);
    case ExprOp::kFactorial:
      return FactorialOf(**a);
    case ExprOp::kBinomial:
      return BinomialOf(**a, **b);
    default:
      return std::nullopt;
  }
}

uint64_t Mix(uint64_t x) {  // splitmix64's finaliser
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

double VariableValue(const std::string& name, int point) {
  uint64_t h = 0xcbf29ce484222325ULL;  // FNV-1a
  for (unsigned char c : name) h = (h ^ c) * 0x100000001b3ULL;
  const uint64_t bits = Mix(h ^ Mix(static_cast<uint64_t>(point) + 1));
  return 0.5 + 2.0 * static_cast<double>(bits >> 11) / static_cast<double>(1ULL << 53);
}

bool IsReal(const Complex& z) { return z.imag() == 0; }

// A real root of a negative real: x^(p/q) for odd q, which is what ExactRoot gives too.
std::optional<double> RealOddRoot(double base, double exponent) {
  if (base >= 0) return std::nullopt;
  for (int q = 3; q <= 15; q += 2) {
    const double p = exponent * q;
    if (std::abs(p - std::round(p)) < 1e-12) {
      const double magnitude = std::pow(-base, exponent);
      return std::fmod(std::abs(std::round(p)), 2.0) == 1.0 ? -magnitude : magnitude;
    }
  }
  return std::nullopt;
}

Complex PowerNumeric(const Complex& base, const Complex& exponent) {
  if (IsReal(exponent)) {
    const double e = exponent.real();
    if (e == std::round(e) && std::abs(e) <= 4096) {
      if (IsReal(base)) return std::pow(base.real(), e);
      return std::pow(base, static_cast<int>(e));
    }
    if (IsReal(base)) {
      if (auto real = RealOddRoot(base.real(), e); real) return *real;
    }
  }
  return std::pow(base, exponent);
}

Complex FunctionNumeric(const std::string& name, const Complex& x) {
  if (name == "sin") return std::sin(x);
  if (name == "cos") return std::cos(x);
  if (name == "tan") return std::tan(x);
  if (name == "cot") return 1.0 / std::tan(x);
  if (name == "sec") return 1.0 / std::cos(x);
  if (name == "csc") return 1.0 / std::sin(x);
  if (name == "arcsin") return std::asin(x);
  if (name == "arccos") return std::acos(x);
  if (name == "arctan") return std::atan(x);
  if (name == "sinh") return std::sinh(x);
  if (name == "cosh") return std::cosh(x);
  if (name == "tanh") return std::tanh(x);
  if (name == "ln") return std::log(x);
  if (name == "log") return std::log10(x);
  if (name == "exp") return std::exp(x);
  return {std::nan(""), 0};
}

Complex GammaOfNext(const Complex& x) {  // x! for real x
  if (!IsReal(x)) return {std::nan(""), 0};
  return std::tgamma(x.real() + 1);
}

}  // namespace

std::optional<Polynomial> EvaluateExact(const ExprTree& tree) {
  if (tree.root < 0) return std::nullopt;
  WorkBudget budget;
  std::vector<Exact> values(tree.nodes.size());
  for (size_t id = 0; id < tree.nodes.size(); ++id) {
    values[id] = ExactNode(tree.nodes[id], values, budget);
  }
  return values[static_cast<size_t>(tree.root)];
}

std::complex<double> EvaluateNumeric(const ExprTree& tree, int point) {
  const double nan = std::nan("");
  if (tree.root < 0) return {nan, 0};
  std::vector<Complex> v(tree.nodes.size());
  for (size_t id = 0; id < tree.nodes.size(); ++id) {
    const ExprNode& n = tree.nodes[id];
    const Complex a = n.a >= 0 ? v[static_cast<size_t>(n.a)] : Complex();
    const Complex b = n.b >= 0 ? v[static_cast<size_t>(n.b)] : Complex();
    Complex r;
    switch (n.op) {
      case ExprOp::kNumber:
        r = n.approx;
        break;
      case ExprOp::kSymbol:
        r = VariableValue(n.name, point);
        break;
      case ExprOp::kImaginaryUnit:
        r = Complex(0, 1);
        break;
      case ExprOp::kPi:
        r = std::numbers::pi;
        break;
      case ExprOp::kInfinity:
        r = std::numeric_limits<double>::infinity();
        break;
      case ExprOp::kAdd:
        r = a + b;
        break;
      case ExprOp::kSubtract:
        r = a - b;
        break;
      case ExprOp::kNegate:
        r = -a;
        break;
      case ExprOp::kMultiply:
        r = a * b;
        break;
      case ExprOp::kDivide:
        r = a / b;
        break;
      case ExprOp::kPower:
        r = PowerNumeric(a, b);
        break;
      case ExprOp::kRoot:
        r = n.b < 0 ? std::sqrt(a) : PowerNumeric(a, 1.0 / b);
        break;
      case ExprOp::kFunction:
        r = FunctionNumeric(n.name, a);
        if (n.b >= 0) r = std::log(a) / std::log(b);
        break;
      case ExprOp::kAbs:
        r = std::abs(a);
        break;
      case ExprOp::kFactorial:
        r = GammaOfNext(a);
        break;
      case ExprOp::kBinomial:
        r = GammaOfNext(a) / (GammaOfNext(b) * GammaOfNext(a - b));
        break;
    }
    v[id] = r;
  }
  return v[static_cast<size_t>(tree.root)];
}

bool HasVariables(const ExprTree& tree) {
  for (const ExprNode& n : tree.nodes) {
    if (n.op == ExprOp::kSymbol) return true;
  }
  return false;
}

}  // namespace ponder::math
