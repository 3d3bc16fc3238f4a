// The scaling curves of a report, as the test-time-scaling papers draw them:
// accuracy against mean generated tokens per problem (left) and against mean
// scorer calls per problem (right), one line per algorithm with 95% Wilson
// error bars, log-scale x axes, a shared legend, and the data set label in the
// title. One cairo drawing routine writes both SVG and PNG.
//
// Thread-safety: plain functions; each call draws on its own surface.
#pragma once

#include <cstdint>
#include <string>

#include "experiments/reports/report.h"
#include "search/base/status.h"

namespace ponder::reports {

struct PlotOptions {
  int width = 1200;  // pixels (PNG) or points (SVG)
  int height = 480;

  // Between 400 x 300 and 10000 x 10000.
  Status Validate() const;
};

struct Rgb {
  double r = 0, g = 0, b = 0;  // each in [0, 1]
};

// The colour of the series with index `series` (ScalingSeries order); the palette repeats
// after ten.
Rgb SeriesColor(size_t series);

// Whether `path` names a plot file WriteScalingPlot can write: .svg or .png, any case. For
// commands that check their options before doing any work.
Status CheckPlotPath(const std::string& path);

// Writes the plot to `path`, an SVG or PNG file by its extension (.svg, .png, any case).
// Fails, naming the path, for another extension, a report with no counted problem, or a
// file that cannot be written.
Status WriteScalingPlot(const Report& report, const std::string& path, const PlotOptions& options);

}  // namespace ponder::reports
