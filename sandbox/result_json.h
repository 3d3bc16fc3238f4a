// RunResult as JSON, for `ponder exec`, `ponder apps-check` and reports. Every string in it
// is valid UTF-8 (details are PrintableExcerpts).
#pragma once

#include <nlohmann/json.hpp>

#include "sandbox/verdict.h"

namespace ponder::sandbox {

// {"verdict", "passed", "tests", "wall_s", "peak_memory_kb", "compile_detail" (when there is
// one), "results": [{"verdict", "detail", "wall_s", "cpu_s", "peak_memory_kb"}, ...]}.
nlohmann::json ToJson(const RunResult& result);

}  // namespace ponder::sandbox
