// TestSuite: a program's tests in APPS's format, parsed and checked once.
//
// APPS writes a problem's tests as {"inputs": [...], "outputs": [...], "fn_name": optional}.
// Without fn_name each test feeds inputs[i] (a string, or a list of lines) to standard input
// and compares standard output with outputs[i]. With fn_name each inputs[i] is the list of
// JSON arguments for a call of that function (or of that method of class Solution), and
// outputs[i] the expected return value, kept as APPS has it (Codewars-origin problems wrap it
// in a one-element list).
//
// Immutable after Parse; safe to share between threads.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "search/base/status.h"

namespace ponder::sandbox {

enum class TestKind : uint8_t { kStandardInput, kCallBased };

struct TestCase {
  // kStandardInput: the stdin bytes and the expected stdout.
  // kCallBased: the JSON array of arguments and the expected return value as JSON.
  std::string input;
  std::string expected;
};

class TestSuite {
 public:
  // Parses APPS test JSON. `origin` names the source in error messages (a file, a problem id).
  static StatusOr<TestSuite> Parse(std::string_view json_text, std::string_view origin);

  TestKind kind() const { return kind_; }
  const std::string& fn_name() const { return fn_name_; }  // empty for kStandardInput
  const std::vector<TestCase>& cases() const { return cases_; }
  size_t size() const { return cases_.size(); }
  // SHA-256 over the kind, fn_name and every case: equal suites have equal fingerprints.
  const std::string& fingerprint() const { return fingerprint_; }

 private:
  TestKind kind_ = TestKind::kStandardInput;
  std::string fn_name_;
  std::vector<TestCase> cases_;
  std::string fingerprint_;
};

}  // namespace ponder::sandbox
