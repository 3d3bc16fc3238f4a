// Reads the reference tokenizer cases that ../shared keeps beside each
// tokenizer (one JSON object per line).
#pragma once

#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace ponder::testing {

inline std::string SharedPath(const std::string& relative) {
  return std::string(PONDER_SHARED_DIR) + "/" + relative;
}

inline std::vector<nlohmann::json> ReadJsonLines(const std::string& path) {
  std::vector<nlohmann::json> rows;
  std::ifstream in(path);
  std::string line;
  while (std::getline(in, line)) {
    if (!line.empty()) rows.push_back(nlohmann::json::parse(line));
  }
  return rows;
}

}  // namespace ponder::testing
