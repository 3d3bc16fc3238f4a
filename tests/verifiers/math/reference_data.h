// Reads the shared MATH500 and AIME 2024 files (../shared/data, read in place).
#pragma once

#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace ponder::math::testing {

struct ReferenceProblem {
  std::string id;
  std::string answer;
  std::string solution;
};

// Every line of `relative` (under PONDER_SHARED_DIR/data); fails the test if unreadable.
inline std::vector<ReferenceProblem> LoadReferences(const std::string& relative) {
  const std::string path = std::string(PONDER_SHARED_DIR) + "/data/" + relative;
  std::ifstream in(path);
  EXPECT_TRUE(in.good()) << "cannot read " << path;
  std::vector<ReferenceProblem> out;
  for (std::string line; std::getline(in, line);) {
    const auto j = nlohmann::json::parse(line);
    out.push_back({j.at("id").get<std::string>(), j.at("answer").get<std::string>(),
                   j.at("solution").get<std::string>()});
  }
  return out;
}

}  // namespace ponder::math::testing
