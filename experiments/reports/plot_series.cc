#include "experiments/reports/plot_series.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <tuple>

namespace ponder::reports {
namespace {

double CostOf(const RunMetrics& m, CostAxis axis) {
  return axis == CostAxis::kGeneratedTokens ? m.cost.generated_tokens.mean
                                            : m.cost.scorer_calls.mean;
}

}  // namespace

std::vector<PlotSeries> ScalingSeries(const Report& report, CostAxis axis) {
  // Experiment names tell series apart only where one algorithm ran in several experiments.
  std::map<std::string, std::string> name_of;  // algorithm -> its first experiment name
  bool several_names = false;
  for (const RunReport& row : report.runs) {
    auto [it, added] = name_of.emplace(row.run.info.algorithm, row.run.info.name);
    several_names = several_names || it->second != row.run.info.name;
  }
  const bool several_datasets = report.datasets.size() > 1;
  using Key = std::tuple<std::string, std::string, std::string>;  // data set, name, algorithm
  std::map<Key, size_t> index;
  std::vector<PlotSeries> series;
  for (const RunReport& row : report.runs) {
    const traces::RunInfo& info = row.run.info;
    const Key key{several_datasets ? info.dataset : "", several_names ? info.name : "",
                  info.algorithm};
    auto [it, added] = index.emplace(key, series.size());
    if (added) {
      std::string label = info.algorithm;
      if (several_names) label += " [" + info.name + "]";
      if (several_datasets) label += " (" + info.dataset + ")";
      series.push_back({.label = std::move(label), .points = {}});
    }
    const RunMetrics& m = row.metrics;
    const double cost = CostOf(m, axis);
    if (m.counted == 0 || !(cost > 0)) continue;
    series[it->second].points.push_back({.cost = cost,
                                         .accuracy = m.accuracy.value,
                                         .interval = m.accuracy.interval,
                                         .run_id = row.run.id});
  }
  for (PlotSeries& s : series) {
    std::stable_sort(s.points.begin(), s.points.end(),
                     [](const PlotPoint& a, const PlotPoint& b) { return a.cost < b.cost; });
  }
  return series;
}

Axis LogAxis(const std::vector<double>& values) {
  Axis axis;
  if (values.empty()) {
    axis.ticks = {1, 10};
    return axis;
  }
  const auto [min, max] = std::minmax_element(values.begin(), values.end());
  // A margin of a fifth of a decade each side (half a decade around a single value).
  const double margin = *min == *max ? 0.5 : 0.2;
  axis.low = std::pow(10.0, std::log10(*min) - margin);
  axis.high = std::pow(10.0, std::log10(*max) + margin);
  const int first = static_cast<int>(std::floor(std::log10(axis.low)));
  const int last = static_cast<int>(std::ceil(std::log10(axis.high)));
  const bool narrow = std::log10(axis.high) - std::log10(axis.low) < 2;
  for (int e = first; e <= last; ++e) {
    const double decade = std::pow(10.0, e);
    for (double m : {1.0, 2.0, 5.0}) {
      if (m != 1.0 && !narrow) continue;
      const double tick = m * decade;
      if (tick >= axis.low && tick <= axis.high) axis.ticks.push_back(tick);
    }
  }
  return axis;
}

Axis AccuracyAxis(double low, double high) {
  if (std::isnan(low) || std::isnan(high)) {
    low = 0;
    high = 1;
  }
  low = std::clamp(low, 0.0, 1.0);
  high = std::clamp(high, low, 1.0);
  double step = 0.2;
  for (double candidate : {0.01, 0.02, 0.05, 0.1, 0.2}) {
    if ((high - low) / candidate <= 6) {
      step = candidate;
      break;
    }
  }
  double first = std::floor(low / step + 1e-9) * step;
  double last = std::ceil(high / step - 1e-9) * step;
  if (last - first < step / 2) {  // a single value: one step around it, inside [0, 1]
    if (last + step <= 1 + 1e-9) {
      last += step;
    } else {
      first -= step;
    }
  }
  Axis axis;
  for (double tick = first; tick <= last + step * 1e-6; tick += step) {
    axis.ticks.push_back(std::round(tick / step) * step);
  }
  // A margin, so markers at the first or last tick (accuracy 0 or 1) are drawn whole.
  const double margin = 0.04 * (last - first);
  axis.low = first - margin;
  axis.high = last + margin;
  return axis;
}

std::string TickLabel(double value) {
  struct Unit {
    double scale;
    const char* suffix;
  };
  const Unit units[] = {{1e9, "G"}, {1e6, "M"}, {1e3, "k"}};
  for (const Unit& u : units) {
    if (std::abs(value) >= u.scale) {
      char buffer[32];
      std::snprintf(buffer, sizeof(buffer), "%g%s", value / u.scale, u.suffix);
      return buffer;
    }
  }
  char buffer[32];
  std::snprintf(buffer, sizeof(buffer), "%g", value);
  return buffer;
}

}  // namespace ponder::reports
