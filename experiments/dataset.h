// Dataset: the problems of an experiment, each with what it is graded against.
#pragma once

#include <string>
#include <vector>

#include "search/grader.h"
#include "search/problem.h"

namespace ponder::experiments {

struct DatasetItem {
  Problem problem;      // what the search sees
  Reference reference;  // what the grader checks against; never given to the search
};

struct Dataset {
  // How reports must name it, e.g. "APPS (train split subset)".
  std::string label;
  std::vector<DatasetItem> items;
};

}  // namespace ponder::experiments
