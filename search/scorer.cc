#include "search/scorer.h"

#include <algorithm>

namespace ponder {

std::string_view AggregationName(Aggregation aggregation) {
  for (const auto& [name, value] : kAggregationNames) {
    if (value == aggregation) return name;
  }
  return "unknown";
}

double Aggregate(std::span<const double> s, Aggregation aggregation) {
  if (s.empty()) return kNoScore;
  switch (aggregation) {
    case Aggregation::kLast:
      return s.back();
    case Aggregation::kMin:
      return *std::min_element(s.begin(), s.end());
    case Aggregation::kProduct: {
      double p = 1;
      for (double v : s) p *= v;
      return p;
    }
    case Aggregation::kMean: {
      double sum = 0;
      for (double v : s) sum += v;
      return sum / static_cast<double>(s.size());
    }
  }
  return kNoScore;
}

}  // namespace ponder
