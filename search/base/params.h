// Params: the typed key/value settings a component is built from, and the
// binder that turns them into an options struct.
//
// Only experiments/ reads YAML; it hands components a Params whose values
// remember where they came from ("configs/beam.yaml:7:3"), so every error a
// component reports names the key, its line and the expected form. A
// component declares its settings once, in `void Bind(ParamBinder&)`; the same
// declaration reads a config (ParamReader) and documents it (ParamDocumenter).
//
// Thread-safety: plain values; binders are single-use and single-threaded.
#pragma once

#include <cstdint>
#include <limits>
#include <map>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "search/base/status.h"

namespace ponder {

class ParamValue {
 public:
  using List = std::vector<ParamValue>;
  using Variant = std::variant<bool, int64_t, double, std::string, List>;

  ParamValue() = default;
  ParamValue(Variant value, std::string origin)
      : value_(std::move(value)), origin_(std::move(origin)) {}
  // Implicit on purpose: `Params p{{"n", 16}, {"weighting", "score"}}` reads well in code and
  // tests.
  ParamValue(bool value) : value_(value) {}                      // NOLINT
  ParamValue(int value) : value_(int64_t{value}) {}              // NOLINT
  ParamValue(int64_t value) : value_(value) {}                   // NOLINT
  ParamValue(double value) : value_(value) {}                    // NOLINT
  ParamValue(const char* value) : value_(std::string(value)) {}  // NOLINT
  ParamValue(std::string value) : value_(std::move(value)) {}    // NOLINT
  ParamValue(List value) : value_(std::move(value)) {}           // NOLINT

  const Variant& value() const { return value_; }
  // Where the value was written, e.g. "configs/beam.yaml:7:3"; empty when built in code.
  const std::string& origin() const { return origin_; }
  // "integer", "number", "boolean", "string" or "list".
  std::string_view TypeName() const;
  // The value as a config would spell it.
  std::string ToString() const;

 private:
  Variant value_ = int64_t{0};
  std::string origin_;
};

class Params {
 public:
  Params() = default;
  Params(std::initializer_list<std::pair<const std::string, ParamValue>> values)
      : values_(values) {}

  void Set(std::string key, ParamValue value) { values_[std::move(key)] = std::move(value); }
  const ParamValue* Find(std::string_view key) const;
  const std::map<std::string, ParamValue, std::less<>>& values() const { return values_; }
  bool empty() const { return values_.empty(); }

 private:
  std::map<std::string, ParamValue, std::less<>> values_;
};

// What a component declares about each of its settings.
class ParamBinder {
 public:
  virtual ~ParamBinder() = default;

  virtual void Int64(std::string_view key, int64_t* value, int64_t min, int64_t max,
                     std::string_view help) = 0;
  virtual void Double(std::string_view key, double* value, double min, double max,
                      std::string_view help) = 0;
  virtual void Bool(std::string_view key, bool* value, std::string_view help) = 0;
  virtual void String(std::string_view key, std::string* value, std::string_view help) = 0;
  // A string restricted to `choices`.
  virtual void Choice(std::string_view key, std::string* value,
                      std::span<const std::string_view> choices, std::string_view help) = 0;

  void Int(std::string_view key, int* value, int min, int max, std::string_view help) {
    int64_t wide = *value;
    Int64(key, &wide, min, max, help);
    *value = static_cast<int>(wide);
  }

  // An enum spelled by name: `names[i].second` is the value of `names[i].first`.
  template <class E>
  void Enum(std::string_view key, E* value, std::span<const std::pair<std::string_view, E>> names,
            std::string_view help) {
    std::string current;
    std::vector<std::string_view> choices;
    for (const auto& [name, e] : names) {
      choices.push_back(name);
      if (e == *value) current = name;
    }
    Choice(key, &current, choices, help);
    for (const auto& [name, e] : names) {
      if (name == current) *value = e;
    }
  }

  static constexpr double kInf = std::numeric_limits<double>::infinity();
  static constexpr int64_t kMaxInt = std::numeric_limits<int64_t>::max();
};

// Reads Params into the bound fields. Fields whose key is absent keep their defaults.
class ParamReader final : public ParamBinder {
 public:
  // `scope` prefixes keys in messages, e.g. "algorithm" gives "algorithm.beam_width".
  ParamReader(const Params& params, std::string scope);

  void Int64(std::string_view key, int64_t* value, int64_t min, int64_t max,
             std::string_view help) override;
  void Double(std::string_view key, double* value, double min, double max,
              std::string_view help) override;
  void Bool(std::string_view key, bool* value, std::string_view help) override;
  void String(std::string_view key, std::string* value, std::string_view help) override;
  void Choice(std::string_view key, std::string* value, std::span<const std::string_view> choices,
              std::string_view help) override;

  // The first error seen, else an error for any key no field claimed, else OK.
  Status Finish() const;

 private:
  const ParamValue* Claim(std::string_view key);
  void Fail(std::string_view key, const ParamValue& value, std::string_view expected);

  const Params& params_;
  std::string scope_;
  std::vector<std::string> known_;
  Status first_error_;
};

// Records each declared setting with its type, range, default and help.
class ParamDocumenter final : public ParamBinder {
 public:
  struct Entry {
    std::string key;
    std::string type;  // "integer in [1, 64]", "one of: last, min, ..."
    std::string default_value;
    std::string help;
  };

  void Int64(std::string_view key, int64_t* value, int64_t min, int64_t max,
             std::string_view help) override;
  void Double(std::string_view key, double* value, double min, double max,
              std::string_view help) override;
  void Bool(std::string_view key, bool* value, std::string_view help) override;
  void String(std::string_view key, std::string* value, std::string_view help) override;
  void Choice(std::string_view key, std::string* value, std::span<const std::string_view> choices,
              std::string_view help) override;

  const std::vector<Entry>& entries() const { return entries_; }

 private:
  std::vector<Entry> entries_;
};

// Reads `Options` (a struct with `void Bind(ParamBinder&)` and `Status Validate() const`)
// from `params`, reporting errors under `scope`.
template <class Options>
StatusOr<Options> ReadOptions(const Params& params, std::string scope) {
  Options options;
  ParamReader reader(params, scope);
  options.Bind(reader);
  PONDER_RETURN_IF_ERROR(reader.Finish());
  Status valid = options.Validate();
  if (!valid.ok()) return valid.WithContext(scope);
  return options;
}

template <class Options>
std::vector<ParamDocumenter::Entry> DocumentOptions() {
  Options options;
  ParamDocumenter documenter;
  options.Bind(documenter);
  return documenter.entries();
}

}  // namespace ponder
