#include "sandbox/test_suite.h"

#include <nlohmann/json.hpp>

#include "sandbox/sha256.h"

namespace ponder::sandbox {
namespace {

using nlohmann::json;

// APPS joins a list of lines with "\n" wherever a string is expected.
StatusOr<std::string> TextOrLines(const json& value, std::string_view where) {
  if (value.is_string()) return value.get<std::string>();
  if (value.is_array()) {
    std::string text;
    for (size_t i = 0; i < value.size(); ++i) {
      if (!value[i].is_string()) {
        return InvalidArgumentError(std::string(where) + " is a list whose item " +
                                    std::to_string(i) + " is not a string");
      }
      if (i > 0) text += '\n';
      text += value[i].get<std::string>();
    }
    return text;
  }
  return InvalidArgumentError(std::string(where) + " must be a string or a list of strings, not " +
                              value.type_name());
}

std::string Fingerprint(TestKind kind, std::string_view fn_name,
                        const std::vector<TestCase>& cases) {
  Sha256 h;
  h.UpdateField(kind == TestKind::kCallBased ? "call" : "stdin");
  h.UpdateField(fn_name);
  for (const TestCase& c : cases) {
    h.UpdateField(c.input);
    h.UpdateField(c.expected);
  }
  return h.HexDigest();
}

}  // namespace

StatusOr<TestSuite> TestSuite::Parse(std::string_view json_text, std::string_view origin) {
  const std::string prefix = std::string(origin) + ": ";
  json doc = json::parse(json_text, nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded()) {
    return InvalidArgumentError(prefix + "tests are not valid JSON");
  }
  if (!doc.is_object()) {
    return InvalidArgumentError(prefix +
                                "tests must be a JSON object with \"inputs\" and "
                                "\"outputs\", not " +
                                std::string(doc.type_name()));
  }
  for (const char* key : {"inputs", "outputs"}) {
    if (!doc.contains(key) || !doc[key].is_array()) {
      return InvalidArgumentError(prefix + "key \"" + key + "\" must be present and a list");
    }
  }
  const json& inputs = doc["inputs"];
  const json& outputs = doc["outputs"];
  if (inputs.size() != outputs.size()) {
    return InvalidArgumentError(prefix + "\"inputs\" has " + std::to_string(inputs.size()) +
                                " entries but \"outputs\" has " + std::to_string(outputs.size()));
  }
  if (inputs.empty()) return InvalidArgumentError(prefix + "holds no tests");

  TestSuite suite;
  if (doc.contains("fn_name") && !doc["fn_name"].is_null()) {
    if (!doc["fn_name"].is_string() || doc["fn_name"].get<std::string>().empty()) {
      return InvalidArgumentError(prefix + "\"fn_name\" must be a non-empty string or null");
    }
    suite.kind_ = TestKind::kCallBased;
    suite.fn_name_ = doc["fn_name"].get<std::string>();
  }

  for (size_t i = 0; i < inputs.size(); ++i) {
    // (Built by appending: g++ 12 warns falsely on "[" + std::string at -O3.)
    std::string at = std::to_string(i);
    at.insert(at.begin(), '[');
    at += ']';
    TestCase c;
    if (suite.kind_ == TestKind::kCallBased) {
      if (!inputs[i].is_array()) {
        return InvalidArgumentError(prefix + "inputs" + at +
                                    " must be the list of arguments of a call-based test, not " +
                                    inputs[i].type_name());
      }
      c.input = inputs[i].dump();
      c.expected = outputs[i].dump();
    } else {
      PONDER_ASSIGN_OR_RETURN(c.input, TextOrLines(inputs[i], prefix + "inputs" + at));
      PONDER_ASSIGN_OR_RETURN(c.expected, TextOrLines(outputs[i], prefix + "outputs" + at));
    }
    suite.cases_.push_back(std::move(c));
  }
  suite.fingerprint_ = Fingerprint(suite.kind_, suite.fn_name_, suite.cases_);
  return suite;
}

}  // namespace ponder::sandbox
