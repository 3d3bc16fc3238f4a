// The JSON text of the runs table's structured columns: `sweep` (a Params,
// values keep their types) and `model_hashes` (an object of strings).
#pragma once

#include <map>
#include <string>
#include <string_view>

#include "search/base/params.h"
#include "search/base/status.h"

namespace ponder::traces {

// {"algorithm.n": 16, "search.temperature": 0.7, "name": "x", "flag": true, "list": [1, 2]}
std::string ParamsToJson(const Params& params);
// `what` names the column in errors, e.g. "run 3 sweep".
StatusOr<Params> ParamsFromJson(std::string_view json, std::string_view what);

std::string StringMapToJson(const std::map<std::string, std::string>& map);
StatusOr<std::map<std::string, std::string>> StringMapFromJson(std::string_view json,
                                                               std::string_view what);

// An algorithm's counters (SearchResult::counters), e.g. {"sequence_cache_hits": 12}.
using Counters = std::map<std::string, int64_t, std::less<>>;
std::string CountersToJson(const Counters& counters);
StatusOr<Counters> CountersFromJson(std::string_view json, std::string_view what);

}  // namespace ponder::traces
