#include "search/base/params.h"

#include <charconv>
#include <cmath>

namespace ponder {
namespace {

std::string FormatDouble(double v) {
  if (std::isinf(v)) return v > 0 ? "inf" : "-inf";
  // The shortest text that reads back as the same double: 0.1, not 0.10000000000000001.
  char text[32];
  const auto end = std::to_chars(text, text + sizeof(text), v).ptr;
  return std::string(text, end);
}

std::string FormatInt(int64_t v) {
  if (v == ParamBinder::kMaxInt) return "inf";
  return std::to_string(v);
}

std::string JoinChoices(std::span<const std::string_view> choices) {
  std::string out;
  for (std::string_view c : choices) {
    if (!out.empty()) out += ", ";
    out += c;
  }
  return out;
}

}  // namespace

std::string_view ParamValue::TypeName() const {
  switch (value_.index()) {
    case 0:
      return "boolean";
    case 1:
      return "integer";
    case 2:
      return "number";
    case 3:
      return "string";
    default:
      return "list";
  }
}

std::string ParamValue::ToString() const {
  struct Printer {
    std::string operator()(bool b) const { return b ? "true" : "false"; }
    std::string operator()(int64_t i) const { return std::to_string(i); }
    std::string operator()(double d) const { return FormatDouble(d); }
    std::string operator()(const std::string& s) const { return "\"" + s + "\""; }
    std::string operator()(const List& list) const {
      std::string out = "[";
      for (size_t i = 0; i < list.size(); ++i) {
        if (i) out += ", ";
        out += list[i].ToString();
      }
      return out + "]";
    }
  };
  return std::visit(Printer{}, value_);
}

const ParamValue* Params::Find(std::string_view key) const {
  auto it = values_.find(key);
  return it == values_.end() ? nullptr : &it->second;
}

ParamReader::ParamReader(const Params& params, std::string scope)
    : params_(params), scope_(std::move(scope)) {}

const ParamValue* ParamReader::Claim(std::string_view key) {
  known_.emplace_back(key);
  return params_.Find(key);
}

void ParamReader::Fail(std::string_view key, const ParamValue& value, std::string_view expected) {
  if (!first_error_.ok()) return;
  std::string where = value.origin().empty() ? "" : " (" + value.origin() + ")";
  std::string name = scope_.empty() ? std::string(key) : scope_ + "." + std::string(key);
  first_error_ = InvalidArgumentError(name + where + ": expected " + std::string(expected) +
                                      ", got " + value.ToString());
}

void ParamReader::Int64(std::string_view key, int64_t* value, int64_t min, int64_t max,
                        std::string_view) {
  const ParamValue* v = Claim(key);
  if (v == nullptr) return;
  const std::string expected = "an integer in [" + FormatInt(min) + ", " + FormatInt(max) + "]";
  const auto* i = std::get_if<int64_t>(&v->value());
  if (i == nullptr || *i < min || *i > max) return Fail(key, *v, expected);
  *value = *i;
}

void ParamReader::Double(std::string_view key, double* value, double min, double max,
                         std::string_view) {
  const ParamValue* v = Claim(key);
  if (v == nullptr) return;
  const std::string expected = "a number in [" + FormatDouble(min) + ", " + FormatDouble(max) + "]";
  double d;
  if (const auto* i = std::get_if<int64_t>(&v->value())) {
    d = static_cast<double>(*i);
  } else if (const auto* f = std::get_if<double>(&v->value())) {
    d = *f;
  } else {
    return Fail(key, *v, expected);
  }
  if (std::isnan(d) || d < min || d > max) return Fail(key, *v, expected);
  *value = d;
}

void ParamReader::Bool(std::string_view key, bool* value, std::string_view) {
  const ParamValue* v = Claim(key);
  if (v == nullptr) return;
  const auto* b = std::get_if<bool>(&v->value());
  if (b == nullptr) return Fail(key, *v, "true or false");
  *value = *b;
}

void ParamReader::String(std::string_view key, std::string* value, std::string_view) {
  const ParamValue* v = Claim(key);
  if (v == nullptr) return;
  const auto* s = std::get_if<std::string>(&v->value());
  if (s == nullptr) return Fail(key, *v, "a string");
  *value = *s;
}

void ParamReader::Choice(std::string_view key, std::string* value,
                         std::span<const std::string_view> choices, std::string_view) {
  const ParamValue* v = Claim(key);
  if (v == nullptr) return;
  const std::string expected = "one of: " + JoinChoices(choices);
  const auto* s = std::get_if<std::string>(&v->value());
  if (s == nullptr) return Fail(key, *v, expected);
  for (std::string_view c : choices) {
    if (c == *s) {
      *value = *s;
      return;
    }
  }
  Fail(key, *v, expected);
}

Status ParamReader::Finish() const {
  if (!first_error_.ok()) return first_error_;
  for (const auto& [key, value] : params_.values()) {
    bool claimed = false;
    for (const std::string& k : known_) claimed = claimed || k == key;
    if (claimed) continue;
    std::string where = value.origin().empty() ? "" : " (" + value.origin() + ")";
    std::string name = scope_.empty() ? key : scope_ + "." + key;
    std::string expected;
    for (const std::string& k : known_) expected += (expected.empty() ? "" : ", ") + k;
    return InvalidArgumentError("unknown key " + name + where + "; expected one of: " +
                                (expected.empty() ? "(no keys)" : expected));
  }
  return OkStatus();
}

void ParamDocumenter::Int64(std::string_view key, int64_t* value, int64_t min, int64_t max,
                            std::string_view help) {
  entries_.push_back({std::string(key),
                      "integer in [" + FormatInt(min) + ", " + FormatInt(max) + "]",
                      FormatInt(*value), std::string(help)});
}

void ParamDocumenter::Double(std::string_view key, double* value, double min, double max,
                             std::string_view help) {
  entries_.push_back({std::string(key),
                      "number in [" + FormatDouble(min) + ", " + FormatDouble(max) + "]",
                      FormatDouble(*value), std::string(help)});
}

void ParamDocumenter::Bool(std::string_view key, bool* value, std::string_view help) {
  entries_.push_back({std::string(key), "boolean", *value ? "true" : "false", std::string(help)});
}

void ParamDocumenter::String(std::string_view key, std::string* value, std::string_view help) {
  entries_.push_back({std::string(key), "string", "\"" + *value + "\"", std::string(help)});
}

void ParamDocumenter::Choice(std::string_view key, std::string* value,
                             std::span<const std::string_view> choices, std::string_view help) {
  entries_.push_back(
      {std::string(key), "one of: " + JoinChoices(choices), *value, std::string(help)});
}

}  // namespace ponder
