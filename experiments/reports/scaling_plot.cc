#include "experiments/reports/scaling_plot.h"

#include <cairo-svg.h>
#include <cairo.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <memory>
#include <numbers>

#include "experiments/reports/plot_series.h"

namespace ponder::reports {
namespace {

constexpr const char* kFont = "DejaVu Sans";

struct Box {
  double left, top, right, bottom;
  double width() const { return right - left; }
  double height() const { return bottom - top; }
};

void SetColor(cairo_t* cr, const Rgb& c) { cairo_set_source_rgb(cr, c.r, c.g, c.b); }

void SetFont(cairo_t* cr, double size, cairo_font_weight_t weight = CAIRO_FONT_WEIGHT_NORMAL) {
  cairo_select_font_face(cr, kFont, CAIRO_FONT_SLANT_NORMAL, weight);
  cairo_set_font_size(cr, size);
}

double TextWidth(cairo_t* cr, const std::string& text) {
  cairo_text_extents_t e;
  cairo_text_extents(cr, text.c_str(), &e);
  return e.x_advance;
}

// Draws `text` with its anchor at (x, y): `align_x` 0 left, 0.5 centre, 1 right; y is the
// vertical centre of the font's capital letters.
void Text(cairo_t* cr, const std::string& text, double x, double y, double align_x) {
  cairo_font_extents_t f;
  cairo_font_extents(cr, &f);
  cairo_move_to(cr, x - align_x * TextWidth(cr, text), y + f.ascent * 0.35);
  cairo_show_text(cr, text.c_str());
}

void Line(cairo_t* cr, double x0, double y0, double x1, double y1) {
  cairo_move_to(cr, x0, y0);
  cairo_line_to(cr, x1, y1);
  cairo_stroke(cr);
}

void Marker(cairo_t* cr, const Rgb& color, double x, double y) {
  cairo_arc(cr, x, y, 4.5, 0, 2 * std::numbers::pi);
  SetColor(cr, color);
  cairo_fill_preserve(cr);
  cairo_set_source_rgb(cr, 1, 1, 1);
  cairo_set_line_width(cr, 1);
  cairo_stroke(cr);
}

// Maps data values into a panel's plot area.
struct Scale {
  Box area;
  Axis x, y;
  double X(double cost) const {
    const double t =
        (std::log10(cost) - std::log10(x.low)) / (std::log10(x.high) - std::log10(x.low));
    return area.left + t * area.width();
  }
  double Y(double accuracy) const {
    return area.bottom - (accuracy - y.low) / (y.high - y.low) * area.height();
  }
};

void DrawAxes(cairo_t* cr, const Scale& s, const std::string& x_label) {
  const Box& a = s.area;
  cairo_set_line_width(cr, 0.6);
  cairo_set_source_rgb(cr, 0.88, 0.88, 0.88);
  for (double t : s.x.ticks) Line(cr, s.X(t), a.top, s.X(t), a.bottom);
  for (double t : s.y.ticks) Line(cr, a.left, s.Y(t), a.right, s.Y(t));
  cairo_set_source_rgb(cr, 0.2, 0.2, 0.2);
  cairo_set_line_width(cr, 1);
  cairo_rectangle(cr, a.left, a.top, a.width(), a.height());
  cairo_stroke(cr);
  SetFont(cr, 12);
  for (double t : s.x.ticks) {
    Line(cr, s.X(t), a.bottom, s.X(t), a.bottom + 5);
    Text(cr, TickLabel(t), s.X(t), a.bottom + 16, 0.5);
  }
  for (double t : s.y.ticks) {
    Line(cr, a.left - 5, s.Y(t), a.left, s.Y(t));
    Text(cr, TickLabel(t), a.left - 8, s.Y(t), 1);
  }
  SetFont(cr, 13);
  Text(cr, x_label, (a.left + a.right) / 2, a.bottom + 40, 0.5);
  cairo_save(cr);
  cairo_translate(cr, a.left - 48, (a.top + a.bottom) / 2);
  cairo_rotate(cr, -std::numbers::pi / 2);
  Text(cr, "accuracy (95% Wilson interval)", 0, 0, 0.5);
  cairo_restore(cr);
}

void DrawSeries(cairo_t* cr, const Scale& s, const PlotSeries& series, const Rgb& color) {
  if (series.points.empty()) return;
  SetColor(cr, color);
  cairo_set_line_width(cr, 2);
  for (size_t i = 0; i < series.points.size(); ++i) {
    const PlotPoint& p = series.points[i];
    i == 0 ? cairo_move_to(cr, s.X(p.cost), s.Y(p.accuracy))
           : cairo_line_to(cr, s.X(p.cost), s.Y(p.accuracy));
  }
  cairo_stroke(cr);
  cairo_set_line_width(cr, 1.2);
  for (const PlotPoint& p : series.points) {
    const double x = s.X(p.cost), low = s.Y(p.interval.low), high = s.Y(p.interval.high);
    Line(cr, x, low, x, high);
    Line(cr, x - 4, low, x + 4, low);
    Line(cr, x - 4, high, x + 4, high);
  }
  for (const PlotPoint& p : series.points) Marker(cr, color, s.X(p.cost), s.Y(p.accuracy));
}

struct Panel {
  CostAxis axis;
  std::string x_label;
  std::string absent;  // a note for the series with no point here: "no scorer calls"
};

void DrawPanel(cairo_t* cr, const Box& area, const Axis& y, const Panel& panel,
               const std::vector<PlotSeries>& series) {
  // Every series has the same index (and colour) in both panels, with or without points.
  std::vector<double> costs;
  for (const PlotSeries& s : series) {
    for (const PlotPoint& p : s.points) costs.push_back(p.cost);
  }
  const Scale scale{.area = area, .x = LogAxis(costs), .y = y};
  DrawAxes(cr, scale, panel.x_label);
  cairo_save(cr);
  cairo_rectangle(cr, area.left, area.top, area.width(), area.height());
  cairo_clip(cr);
  for (size_t i = 0; i < series.size(); ++i) DrawSeries(cr, scale, series[i], SeriesColor(i));
  cairo_restore(cr);
}

// The text of the note under the legend for a panel, or "" when every series has points.
std::string NoteHeading(const std::vector<PlotSeries>& series, const Panel& panel) {
  for (const PlotSeries& s : series) {
    if (s.points.empty()) return "not plotted (" + panel.absent + "):";
  }
  return "";
}

double LegendWidth(cairo_t* cr, const std::vector<PlotSeries> (&series)[2],
                   const Panel (&panels)[2]) {
  SetFont(cr, 12);
  double width = 0;
  for (const PlotSeries& s : series[0]) width = std::max(width, TextWidth(cr, s.label) + 48);
  SetFont(cr, 11);
  for (int p = 0; p < 2; ++p) {
    width = std::max(width, TextWidth(cr, NoteHeading(series[p], panels[p])));
    for (const PlotSeries& s : series[p]) {
      if (s.points.empty()) width = std::max(width, TextWidth(cr, s.label) + 10);
    }
  }
  return width;
}

// The legend box, and under it a note for each panel in which some series has no point.
void DrawLegend(cairo_t* cr, const std::vector<PlotSeries> (&series)[2], const Panel (&panels)[2],
                double right, double top) {
  const double width = LegendWidth(cr, series, panels);
  const double left = right - width;
  const double height = 12 + 20.0 * static_cast<double>(series[0].size());
  cairo_set_source_rgb(cr, 0.2, 0.2, 0.2);
  cairo_set_line_width(cr, 0.8);
  cairo_rectangle(cr, left, top, width, height);
  cairo_stroke(cr);
  double y = top + height + 20;
  SetFont(cr, 11);
  cairo_set_source_rgb(cr, 0.35, 0.35, 0.35);
  for (int p = 0; p < 2; ++p) {
    const std::string heading = NoteHeading(series[p], panels[p]);
    if (heading.empty()) continue;
    Text(cr, heading, left, y, 0);
    for (const PlotSeries& s : series[p]) {
      if (!s.points.empty()) continue;
      y += 16;
      Text(cr, s.label, left + 10, y, 0);
    }
    y += 24;
  }
  SetFont(cr, 12);
  const std::vector<PlotSeries>& entries = series[0];
  for (size_t i = 0; i < entries.size(); ++i) {
    const double entry_y = top + 16 + 20.0 * static_cast<double>(i);
    SetColor(cr, SeriesColor(i));
    cairo_set_line_width(cr, 2);
    Line(cr, left + 8, entry_y, left + 32, entry_y);
    Marker(cr, SeriesColor(i), left + 20, entry_y);
    cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
    Text(cr, entries[i].label, left + 40, entry_y, 0);
  }
}

void Draw(cairo_t* cr, const Report& report, const PlotOptions& options) {
  const double width = options.width, height = options.height;
  cairo_set_source_rgb(cr, 1, 1, 1);
  cairo_paint(cr);

  std::string title = "Accuracy against compute: ";
  for (size_t i = 0; i < report.datasets.size(); ++i) {
    title += (i > 0 ? "; " : "") + report.datasets[i];
  }
  SetFont(cr, 17, CAIRO_FONT_WEIGHT_BOLD);
  cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
  Text(cr, title, width / 2, 24, 0.5);

  const Panel panels[] = {
      {CostAxis::kGeneratedTokens, "generated tokens per problem (mean, log scale)",
       "no generated tokens"},
      {CostAxis::kScorerCalls, "scorer calls per problem (mean, log scale)", "no scorer calls"},
  };
  std::vector<PlotSeries> series[2];
  double low = NAN, high = NAN;
  for (int i = 0; i < 2; ++i) {
    series[i] = ScalingSeries(report, panels[i].axis);
    for (const PlotSeries& s : series[i]) {
      for (const PlotPoint& p : s.points) {
        low = std::isnan(low) ? p.interval.low : std::min(low, p.interval.low);
        high = std::isnan(high) ? p.interval.high : std::max(high, p.interval.high);
      }
    }
  }
  const Axis y = AccuracyAxis(low, high);
  const double legend_width = LegendWidth(cr, series, panels);
  const double top = 50, bottom = height - 60;
  const double panels_right = width - legend_width - 24;
  const double panel_width = panels_right / 2;
  for (int i = 0; i < 2; ++i) {
    const double left = panel_width * i;
    DrawPanel(cr, {left + 80, top, left + panel_width - 16, bottom}, y, panels[i], series[i]);
  }
  DrawLegend(cr, series, panels, width - 12, top);
}

std::string Lowercase(std::string text) {
  for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

Status SurfaceError(const std::string& path, cairo_status_t status) {
  return FailedPreconditionError(
      "plot '" + path + "': cannot write it (cairo: " + cairo_status_to_string(status) + ")");
}

using SurfacePtr = std::unique_ptr<cairo_surface_t, decltype(&cairo_surface_destroy)>;
using ContextPtr = std::unique_ptr<cairo_t, decltype(&cairo_destroy)>;

}  // namespace

Status PlotOptions::Validate() const {
  if (width < 400 || width > 10000 || height < 300 || height > 10000) {
    return InvalidArgumentError("plot size " + std::to_string(width) + " x " +
                                std::to_string(height) +
                                ": expected a width in [400, 10000] and a height in [300, 10000]");
  }
  return OkStatus();
}

Rgb SeriesColor(size_t series) {
  // Tableau 10: distinct hues that stay apart for common colour-vision deficiencies.
  static constexpr int kPalette[10][3] = {
      {78, 121, 167}, {242, 142, 43},  {225, 87, 89},   {118, 183, 178}, {89, 161, 79},
      {237, 201, 72}, {176, 122, 161}, {255, 157, 167}, {156, 117, 95},  {186, 176, 172}};
  const int* c = kPalette[series % 10];
  return {c[0] / 255.0, c[1] / 255.0, c[2] / 255.0};
}

Status CheckPlotPath(const std::string& path) {
  const std::string extension = Lowercase(std::filesystem::path(path).extension().string());
  if (extension != ".svg" && extension != ".png") {
    return InvalidArgumentError("plot '" + path + "': the file name must end in .svg or .png");
  }
  return OkStatus();
}

Status WriteScalingPlot(const Report& report, const std::string& path, const PlotOptions& options) {
  PONDER_RETURN_IF_ERROR(options.Validate());
  PONDER_RETURN_IF_ERROR(CheckPlotPath(path));
  const std::string extension = Lowercase(std::filesystem::path(path).extension().string());
  const bool any_point = std::any_of(report.runs.begin(), report.runs.end(),
                                     [](const RunReport& r) { return r.metrics.counted > 0; });
  if (!any_point) {
    return FailedPreconditionError("plot '" + path + "': no run of '" + report.database +
                                   "' has a finished or failed problem to plot");
  }
  const bool svg = extension == ".svg";
  SurfacePtr surface(
      svg ? cairo_svg_surface_create(path.c_str(), options.width, options.height)
          : cairo_image_surface_create(CAIRO_FORMAT_RGB24, options.width, options.height),
      &cairo_surface_destroy);
  if (cairo_surface_status(surface.get()) != CAIRO_STATUS_SUCCESS) {
    return SurfaceError(path, cairo_surface_status(surface.get()));
  }
  {
    ContextPtr cr(cairo_create(surface.get()), &cairo_destroy);
    Draw(cr.get(), report, options);
    if (cairo_status(cr.get()) != CAIRO_STATUS_SUCCESS)
      return SurfaceError(path, cairo_status(cr.get()));
  }
  cairo_status_t status;
  if (svg) {
    cairo_surface_finish(surface.get());  // writes the file out
    status = cairo_surface_status(surface.get());
  } else {
    cairo_surface_flush(surface.get());
    status = cairo_surface_write_to_png(surface.get(), path.c_str());
  }
  return status == CAIRO_STATUS_SUCCESS ? OkStatus() : SurfaceError(path, status);
}

}  // namespace ponder::reports
