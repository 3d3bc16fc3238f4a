// What the scaling plot shows, independent of how it is drawn: one series per
// algorithm (accuracy against a mean cost per problem, runs sorted by cost),
// and the axes' ranges and ticks. scaling_plot.h draws it.
//
// Pure functions; thread-safe.
#pragma once

#include <string>
#include <vector>

#include "experiments/reports/estimators.h"
#include "experiments/reports/report.h"

namespace ponder::reports {

enum class CostAxis : uint8_t {
  kGeneratedTokens,  // mean generated tokens per problem
  kScorerCalls,      // mean scorer calls per problem
};

struct PlotPoint {
  double cost = 0;      // > 0, the x value
  double accuracy = 0;  // the y value
  Interval interval;    // the accuracy's 95% Wilson interval (the error bar)
  int64_t run_id = 0;
};

struct PlotSeries {
  std::string label;
  std::vector<PlotPoint> points;  // sorted by cost; empty when no run has a positive cost
};

// One series per algorithm (per algorithm and experiment name when an algorithm ran in several
// experiments; per data set too when the report holds several; the label then shows them), in
// report row order, so a series' index is the same for every axis. Runs without counted problems,
// and runs whose cost is 0 (no point on a log scale), give no point.
std::vector<PlotSeries> ScalingSeries(const Report& report, CostAxis axis);

struct Axis {
  double low = 1;
  double high = 10;
  std::vector<double> ticks;  // inside [low, high], increasing
};

// A log-scale axis covering `values` (> 0) with some margin: ticks at powers of ten, with
// 2x and 5x between them when the range spans less than two decades. [1, 10] when empty.
Axis LogAxis(const std::vector<double>& values);

// A linear axis for accuracies in [low, high]: ticks in [0, 1] at a round step (0.01 to 0.2,
// at most seven ticks) covering the range, and a small margin beyond the first and last.
Axis AccuracyAxis(double low, double high);

// A tick's text: "0.5", "2", "300", "10k", "2.5M".
std::string TickLabel(double value);

}  // namespace ponder::reports
