#include "sandbox/result_json.h"

#include <cmath>

namespace ponder::sandbox {
namespace {

// Seconds to the millisecond: enough for a report, short to read.
double Rounded(double seconds) { return std::round(seconds * 1000.0) / 1000.0; }

}  // namespace

nlohmann::json ToJson(const RunResult& result) {
  nlohmann::json out = {
      {"verdict", VerdictName(result.overall)},
      {"passed", result.passed},
      {"tests", result.tests.size()},
      {"wall_s", Rounded(result.wall_s)},
      {"peak_memory_kb", result.peak_memory_kb},
  };
  if (!result.compile_detail.empty()) out["compile_detail"] = result.compile_detail;
  nlohmann::json tests = nlohmann::json::array();
  for (const TestOutcome& t : result.tests) {
    nlohmann::json test = {{"verdict", VerdictName(t.verdict)},
                           {"wall_s", Rounded(t.wall_s)},
                           {"cpu_s", Rounded(t.cpu_s)},
                           {"peak_memory_kb", t.peak_memory_kb}};
    if (!t.detail.empty()) test["detail"] = t.detail;
    tests.push_back(std::move(test));
  }
  out["results"] = std::move(tests);
  return out;
}

}  // namespace ponder::sandbox
