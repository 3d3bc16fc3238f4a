#include "experiments/reports/scaling_plot.h"

#include <cairo.h>
#include <gtest/gtest.h>

#include <boost/property_tree/ptree.hpp>
#include <boost/property_tree/xml_parser.hpp>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <regex>
#include <set>

#include "experiments/reports/plot_series.h"
#include "tests/experiments/reports/report_test_util.h"

namespace ponder::reports {
namespace {

namespace fs = std::filesystem;
using testing::TestReport;
using testing::TestRun;

fs::path TempDir() {
  const fs::path dir = fs::path(::testing::TempDir()) / "scaling_plot_test" /
                       ::testing::UnitTest::GetInstance()->current_test_info()->name();
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

// TestReport plus majority_vote runs, which call no scorer.
Report ThreeAlgorithms() {
  Report base = TestReport();
  std::vector<RunReport> runs = std::move(base.runs);
  runs.push_back(TestRun(6, "majority_vote", 4, 10, 20, 400, 0));
  runs.push_back(TestRun(7, "majority_vote", 16, 13, 20, 1600, 0));
  return AssembleReport("test.db", std::move(runs), MetricsOptions{});
}

// The palette index of an SVG colour "rgb(30.588235%,47.45098%,65.490196%)", or -1.
int PaletteIndex(const std::string& rgb) {
  double r, g, b;
  if (std::sscanf(rgb.c_str(), "rgb(%lf%%,%lf%%,%lf%%)", &r, &g, &b) != 3) return -1;
  for (int i = 0; i < 10; ++i) {
    const Rgb c = SeriesColor(i);
    if (std::abs(c.r * 100 - r) < 0.01 && std::abs(c.g * 100 - g) < 0.01 &&
        std::abs(c.b * 100 - b) < 0.01) {
      return i;
    }
  }
  return -1;
}

// The palette colours the SVG strokes paths with: one per series drawn.
void CollectStrokeColors(const boost::property_tree::ptree& node, std::set<int>& found) {
  static const std::regex stroke("stroke:(rgb\\([^)]*\\))");
  for (const auto& [name, child] : node) {
    if (name == "path") {
      const std::string style = child.get("<xmlattr>.style", "");
      std::smatch m;
      if (std::regex_search(style, m, stroke) && PaletteIndex(m[1]) >= 0) {
        found.insert(PaletteIndex(m[1]));
      }
    }
    CollectStrokeColors(child, found);
  }
}

TEST(PlotSeriesTest, OneSeriesPerAlgorithmSortedByCost) {
  const Report report = ThreeAlgorithms();
  const std::vector<PlotSeries> tokens = ScalingSeries(report, CostAxis::kGeneratedTokens);
  ASSERT_EQ(tokens.size(), 3u);
  EXPECT_EQ(tokens[0].label, "beam_search");
  EXPECT_EQ(tokens[1].label, "best_of_n");
  EXPECT_EQ(tokens[2].label, "majority_vote");
  ASSERT_EQ(tokens[1].points.size(), 3u);
  EXPECT_EQ(tokens[1].points[0].cost, 100);
  EXPECT_EQ(tokens[1].points[2].cost, 1600);
  EXPECT_DOUBLE_EQ(tokens[1].points[2].accuracy, 0.9);
  EXPECT_DOUBLE_EQ(tokens[1].points[2].interval.low, WilsonInterval(18, 20).low);
  const std::vector<PlotSeries> scorer = ScalingSeries(report, CostAxis::kScorerCalls);
  ASSERT_EQ(scorer.size(), 3u);
  EXPECT_TRUE(scorer[2].points.empty());  // no scorer calls: nothing on a log axis
  EXPECT_EQ(scorer[0].points[1].cost, 160);
}

TEST(PlotSeriesTest, AxesAndTickLabels) {
  const Axis narrow = LogAxis({100, 1600});
  EXPECT_EQ(narrow.ticks, (std::vector<double>{100, 200, 500, 1000, 2000}));
  EXPECT_LT(narrow.low, 100);
  EXPECT_GT(narrow.high, 1600);
  const Axis wide = LogAxis({3, 40000});
  EXPECT_EQ(wide.ticks, (std::vector<double>{10, 100, 1000, 10000}));
  const Axis accuracy = AccuracyAxis(0.35, 0.97);
  EXPECT_EQ(accuracy.ticks.front(), 0.2);
  EXPECT_EQ(accuracy.ticks.back(), 1.0);
  EXPECT_LT(accuracy.low, 0.2);
  EXPECT_GT(accuracy.high, 1.0);  // a marker at accuracy 1 is drawn whole
  const Axis tight = AccuracyAxis(0.81, 0.86);
  EXPECT_NEAR(tight.ticks[1] - tight.ticks[0], 0.01, 1e-12);
  EXPECT_EQ(TickLabel(0.5), "0.5");
  EXPECT_EQ(TickLabel(300), "300");
  EXPECT_EQ(TickLabel(10000), "10k");
  EXPECT_EQ(TickLabel(2.5e6), "2.5M");
}

TEST(ScalingPlotTest, SvgIsXmlWithOneColouredSeriesPerAlgorithm) {
  const fs::path dir = TempDir();
  for (const auto& [report, series] :
       {std::pair(TestReport(), 2), std::pair(ThreeAlgorithms(), 3)}) {
    const std::string path = (dir / ("plot" + std::to_string(series) + ".svg")).string();
    ASSERT_TRUE(WriteScalingPlot(report, path, PlotOptions{}).ok());
    boost::property_tree::ptree tree;
    ASSERT_NO_THROW(boost::property_tree::read_xml(path, tree));
    EXPECT_EQ(tree.get<std::string>("svg.<xmlattr>.width"), "1200pt");
    EXPECT_EQ(tree.get<std::string>("svg.<xmlattr>.height"), "480pt");
    std::set<int> colors;
    CollectStrokeColors(tree, colors);
    std::set<int> expected;
    for (int i = 0; i < series; ++i) expected.insert(i);
    EXPECT_EQ(colors, expected);
  }
}

TEST(ScalingPlotTest, PngHasTheSizeAndShowsEverySeries) {
  const fs::path dir = TempDir();
  const std::string path = (dir / "plot.PNG").string();
  const PlotOptions options{.width = 900, .height = 400};
  ASSERT_TRUE(WriteScalingPlot(ThreeAlgorithms(), path, options).ok());
  std::ifstream in(path, std::ios::binary);
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  ASSERT_GT(bytes.size(), 24u);
  EXPECT_EQ(bytes.substr(0, 8), std::string("\x89PNG\r\n\x1a\n", 8));
  auto be32 = [&](size_t at) {
    return (static_cast<uint32_t>(static_cast<uint8_t>(bytes[at])) << 24) |
           (static_cast<uint32_t>(static_cast<uint8_t>(bytes[at + 1])) << 16) |
           (static_cast<uint32_t>(static_cast<uint8_t>(bytes[at + 2])) << 8) |
           static_cast<uint32_t>(static_cast<uint8_t>(bytes[at + 3]));
  };
  EXPECT_EQ(bytes.substr(12, 4), "IHDR");
  EXPECT_EQ(be32(16), 900u);
  EXPECT_EQ(be32(20), 400u);

  cairo_surface_t* image = cairo_image_surface_create_from_png(path.c_str());
  ASSERT_EQ(cairo_surface_status(image), CAIRO_STATUS_SUCCESS);
  const int width = cairo_image_surface_get_width(image);
  const int height = cairo_image_surface_get_height(image);
  const int stride = cairo_image_surface_get_stride(image);
  const unsigned char* data = cairo_image_surface_get_data(image);
  std::set<uint32_t> colors;
  int white = 0;
  for (int y = 0; y < height; ++y) {
    const auto* row = reinterpret_cast<const uint32_t*>(data + y * stride);
    for (int x = 0; x < width; ++x) {
      const uint32_t rgb = row[x] & 0xffffff;
      colors.insert(rgb);
      white += rgb == 0xffffff;
    }
  }
  cairo_surface_destroy(image);
  EXPECT_GT(colors.size(), 20u) << "a blank or nearly blank image";
  EXPECT_LT(white, width * height) << "all white";
  for (size_t i = 0; i < 4; ++i) {
    const Rgb c = SeriesColor(i);
    const uint32_t rgb = (static_cast<uint32_t>(std::lround(c.r * 255)) << 16) |
                         (static_cast<uint32_t>(std::lround(c.g * 255)) << 8) |
                         static_cast<uint32_t>(std::lround(c.b * 255));
    EXPECT_EQ(colors.contains(rgb), i < 3) << "series colour " << i;
  }
}

TEST(ScalingPlotTest, BadRequestsAreClearErrors) {
  const fs::path dir = TempDir();
  const Report report = TestReport();
  EXPECT_EQ(WriteScalingPlot(report, (dir / "plot.pdf").string(), {}).message(),
            "plot '" + (dir / "plot.pdf").string() + "': the file name must end in .svg or .png");
  const Status missing_folder = WriteScalingPlot(report, (dir / "no/such/plot.png").string(), {});
  EXPECT_FALSE(missing_folder.ok());
  EXPECT_NE(missing_folder.message().find("no/such/plot.png': cannot write it"), std::string::npos)
      << missing_folder.message();
  EXPECT_EQ(
      WriteScalingPlot(report, (dir / "plot.svg").string(), {.width = 10, .height = 480}).message(),
      "plot size 10 x 480: expected a width in [400, 10000] and a height in [300, 10000]");
  Report empty = AssembleReport("empty.db", {TestRun(1, "best_of_n", 1, 0, 0, 0, 0)}, {});
  EXPECT_EQ(WriteScalingPlot(empty, (dir / "plot.svg").string(), {}).message(),
            "plot '" + (dir / "plot.svg").string() +
                "': no run of 'empty.db' has a finished or failed problem to plot");
}

}  // namespace
}  // namespace ponder::reports
