// `ponder report DB [--format table|json|csv] [--plot OUT]`: the real binary on
// databases written by `ponder run`.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <regex>
#include <sstream>

#include "tests/cli/cli_test_util.h"
#include "traces/sqlite_database.h"
#include "traces/trace_reader.h"
#include "traces/trace_store.h"

namespace ponder {
namespace {

namespace fs = std::filesystem;
using testing::Output;
using testing::Ponder;

// Three sweep points, written out of order so the report must sort them.
fs::path RunSweep(const fs::path& dir) {
  testing::Write(dir / "sweep.yaml",
                 testing::SyntheticExperiment("report", 40, "sweep:\n  algorithm.n: [16, 1, 4]\n"));
  const Output o = Ponder("run sweep.yaml --db runs.db", dir);
  EXPECT_EQ(o.exit_code, 0) << o.err;
  return dir / "runs.db";
}

// Accuracy as counted straight from the database's problem rows.
std::map<int64_t, double> AccuracyByRun(const fs::path& db) {
  auto reader = traces::TraceReader::Open(db.string());
  std::map<int64_t, double> accuracy;
  const std::vector<traces::RunRecord> runs = *(*reader)->Runs();
  for (const auto& run : runs) {
    auto problems = (*reader)->Problems(run.id);
    int correct = 0;
    for (const auto& p : *problems) correct += p.grade && p.grade->correct;
    accuracy[run.id] = static_cast<double>(correct) / static_cast<double>(problems->size());
  }
  return accuracy;
}

TEST(ReportCommandTest, TableListsEachRunByAlgorithmAndSweepValue) {
  const fs::path dir = testing::TempDir();
  RunSweep(dir);
  const Output o = Ponder("report runs.db", dir);
  ASSERT_EQ(o.exit_code, 0) << o.err;
  EXPECT_NE(o.out.find("data set: synthetic arithmetic\n"), std::string::npos) << o.out;
  // Rows of the accuracy table: run id, algorithm, algorithm.n, status, problems.
  const std::regex row(R"(\s*(\d+)\s+best_of_n\s+(\d+)\s+finished\s+40/40\s+0\s+(\d\.\d{3}) \[.*)");
  std::istringstream lines(o.out);
  std::string line;
  std::vector<std::string> n_values;
  std::map<int64_t, double> shown;
  while (std::getline(lines, line) && n_values.size() < 3) {
    std::smatch m;
    if (!std::regex_match(line, m, row)) continue;
    n_values.push_back(m[2]);
    shown[std::stoll(m[1])] = std::stod(m[3]);
  }
  EXPECT_EQ(n_values, (std::vector<std::string>{"1", "4", "16"})) << o.out;
  for (const auto& [run, accuracy] : AccuracyByRun(dir / "runs.db")) {
    EXPECT_NEAR(shown[run], accuracy, 0.0005) << "run " << run;
  }
}

TEST(ReportCommandTest, JsonAndCsvParse) {
  const fs::path dir = testing::TempDir();
  RunSweep(dir);
  const Output json = Ponder("report runs.db --format json", dir);
  ASSERT_EQ(json.exit_code, 0) << json.err;
  const nlohmann::json doc = nlohmann::json::parse(json.out);
  ASSERT_EQ(doc["runs"].size(), 3u);
  EXPECT_EQ(doc["datasets"][0], "synthetic arithmetic");
  const std::map<int64_t, double> accuracy = AccuracyByRun(dir / "runs.db");
  int64_t last_n = 0;
  for (const auto& run : doc["runs"]) {
    EXPECT_GT(run["sweep"]["algorithm.n"].get<int64_t>(), last_n);
    last_n = run["sweep"]["algorithm.n"];
    EXPECT_DOUBLE_EQ(run["accuracy"]["value"].get<double>(),
                     accuracy.at(run["run_id"].get<int64_t>()));
    EXPECT_EQ(run["mean_candidates"].get<double>(), static_cast<double>(last_n));
    // Best-of-N generates n samples per problem.
    EXPECT_EQ(run["cost"]["policy_calls"]["mean"].get<double>(), static_cast<double>(last_n));
  }

  const Output csv = Ponder("report runs.db --format csv", dir);
  ASSERT_EQ(csv.exit_code, 0) << csv.err;
  std::istringstream lines(csv.out);
  std::string line;
  std::vector<size_t> commas;
  while (std::getline(lines, line)) commas.push_back(std::count(line.begin(), line.end(), ','));
  ASSERT_EQ(commas.size(), 4u);  // header + 3 runs; no field needs quoting here
  for (size_t c : commas) EXPECT_EQ(c, commas[0]);

  const Output problems = Ponder("report runs.db --format json --per-problem", dir);
  ASSERT_EQ(problems.exit_code, 0) << problems.err;
  EXPECT_EQ(nlohmann::json::parse(problems.out)["runs"][2]["per_problem"].size(), 40u);
}

TEST(ReportCommandTest, PlotsSvgAndPng) {
  const fs::path dir = testing::TempDir();
  RunSweep(dir);
  for (const char* name : {"curves.svg", "curves.png"}) {
    const Output o = Ponder(std::string("report runs.db --plot ") + name, dir);
    ASSERT_EQ(o.exit_code, 0) << o.err;
    EXPECT_NE(o.err.find(std::string("plot written to ") + name), std::string::npos);
    ASSERT_TRUE(fs::exists(dir / name));
    const std::string bytes = testing::Slurp(dir / name);
    if (fs::path(name).extension() == ".png") {
      EXPECT_EQ(bytes.substr(0, 8), std::string("\x89PNG\r\n\x1a\n", 8));
    } else {
      EXPECT_EQ(bytes.substr(0, 5), "<?xml");
      EXPECT_NE(bytes.find("</svg>"), std::string::npos);
    }
  }
}

TEST(ReportCommandTest, BadInputIsAClearErrorWithNonZeroExit) {
  const fs::path dir = testing::TempDir();
  RunSweep(dir);
  testing::Write(dir / "notes.txt", "not a database\n");
  testing::Write(dir / "empty.db", "");
  {
    auto other =
        traces::Database::Open((dir / "other.db").string(), traces::OpenMode::kReadWriteCreate);
    ASSERT_TRUE((*other)->Exec("CREATE TABLE t (x)").ok());
  }
  ASSERT_TRUE((*traces::TraceStore::Open((dir / "norun.db").string()))->Close().ok());
  struct Case {
    std::string args, message;
  } cases[] = {
      {"report missing.db", "ponder report: trace database 'missing.db' does not exist"},
      {"report notes.txt", "trace database 'notes.txt' is not a SQLite database"},
      {"report other.db",
       "trace database 'other.db' is a SQLite database but not a ponder trace database"},
      {"report empty.db", "trace database 'empty.db' is empty: no ponder run has written to it"},
      {"report norun.db",
       "trace database 'norun.db' holds no runs: nothing to report (run `ponder run` first)"},
      {"report runs.db --format xml", "report format 'xml': expected table, json or csv"},
      {"report runs.db --per-problem", "--per-problem needs --format json or csv"},
      {"report runs.db --pass-k 0", "pass@k: k must be at least 1, got 0"},
      {"report runs.db --plot curves.pdf",
       "plot 'curves.pdf': the file name must end in .svg or .png"},
      {"report runs.db --plot no/such/dir/curves.png",
       "plot 'no/such/dir/curves.png': cannot write it"},
      {"report", "database is required"},
  };
  for (const Case& c : cases) {
    const Output o = Ponder(c.args, dir);
    EXPECT_NE(o.exit_code, 0) << c.args;
    EXPECT_NE(o.err.find(c.message), std::string::npos) << c.args << "\n" << o.err;
  }
  EXPECT_EQ(testing::Slurp(dir / "empty.db"), "") << "a report never writes to its database";
  // A bad plot name is a bad option: refused before any report is printed.
  const Output bad_plot = Ponder("report runs.db --plot curves.pdf", dir);
  EXPECT_EQ(bad_plot.exit_code, 2);
  EXPECT_EQ(bad_plot.out, "");
}

}  // namespace
}  // namespace ponder
