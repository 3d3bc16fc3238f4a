#include "experiments/reports/report_formats.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <sstream>

#include "tests/experiments/reports/report_test_util.h"

namespace ponder::reports {
namespace {

using testing::ParseCsv;
using testing::TestReport;
using testing::TestRun;

std::vector<int64_t> RunIds(const Report& report) {
  std::vector<int64_t> ids;
  for (const RunReport& row : report.runs) ids.push_back(row.run.id);
  return ids;
}

TEST(ReportTest, RowsAreSortedByAlgorithmThenSweepValue) {
  const Report report = TestReport();
  // beam_search n = 4, 16; best_of_n n = 1, 4, 16 (numbers compare as numbers: 4 < 16).
  EXPECT_EQ(RunIds(report), (std::vector<int64_t>{2, 4, 3, 5, 1}));
  EXPECT_EQ(report.sweep_keys, std::vector<std::string>{"algorithm.n"});
  EXPECT_EQ(report.datasets, std::vector<std::string>{"APPS (train split subset)"});
}

TEST(ReportTest, MissingSweepValuesSortFirstAndNumbersBeforeText) {
  std::vector<RunReport> runs;
  for (int64_t id : {1, 2, 3, 4}) runs.push_back(TestRun(id, "best_of_n", 2, 1, 2, 10, 1));
  runs[0].run.info.sweep.Set("search.aggregation", "min");
  runs[1].run.info.sweep.Set("search.aggregation", "last");
  runs[2].run.info.sweep = Params{};
  runs[3].run.info.sweep.Set("search.aggregation", 0.5);
  const Report report = AssembleReport("x.db", std::move(runs), MetricsOptions{});
  // Run 3 has no sweep at all, so it sorts first on algorithm.n too.
  EXPECT_EQ(RunIds(report), (std::vector<int64_t>{3, 4, 2, 1}));
}

TEST(ReportTest, RunsWithoutCountedProblemsSortAfterThoseWithCosts) {
  // Runs differing only outside the sweep sort by mean generated tokens; a run with no counted
  // problem has none. Its place must not depend on the order the runs were read in.
  std::vector<RunReport> runs = {TestRun(3, "best_of_n", 2, 1, 2, 10, 1),
                                 TestRun(2, "best_of_n", 2, 0, 0, 10, 1),
                                 TestRun(1, "best_of_n", 2, 1, 2, 50, 1)};
  std::vector<size_t> order = {0, 1, 2};
  do {
    std::vector<RunReport> shuffled;
    for (size_t i : order) shuffled.push_back(runs[i]);
    const Report report = AssembleReport("x.db", std::move(shuffled), MetricsOptions{});
    EXPECT_EQ(RunIds(report), (std::vector<int64_t>{3, 1, 2}));
  } while (std::next_permutation(order.begin(), order.end()));
}

TEST(ReportFormatsTest, TableNamesTheDataSetAndListsRunsInOrder) {
  std::ostringstream out;
  WriteTable(TestReport(), out);
  const std::string text = out.str();
  EXPECT_NE(text.find("data set: APPS (train split subset)\n"), std::string::npos) << text;
  EXPECT_NE(text.find("test avg"), std::string::npos) << "fractional scores show the column";
  // The accuracy table, then the cost table, list the runs in report order.
  std::istringstream lines(text);
  std::string line;
  std::vector<std::string> first_cells;
  while (std::getline(lines, line)) {
    std::istringstream cells(line);
    std::string run, algorithm;
    if (cells >> run >> algorithm && (algorithm == "beam_search" || algorithm == "best_of_n")) {
      first_cells.push_back(run);
    }
  }
  EXPECT_EQ(first_cells,
            (std::vector<std::string>{"2", "4", "3", "5", "1", "2", "4", "3", "5", "1"}));
  EXPECT_NE(text.find("0.900 [0.699, 0.972]"), std::string::npos) << text;  // Wilson(18, 20)
}

TEST(ReportFormatsTest, TableSaysWhyARunFailed) {
  std::vector<RunReport> runs;
  runs.push_back(TestRun(1, "best_of_n", 4, 3, 4, 100, 4));
  runs[0].run.status = traces::RunStatus::kFailed;
  runs[0].run.error = "merged from 2 of 3 shards; missing shard(s) 1";
  std::ostringstream out;
  WriteTable(AssembleReport("x.db", std::move(runs), MetricsOptions{}), out);
  EXPECT_NE(out.str().find("\nrun 1 failed: merged from 2 of 3 shards; missing shard(s) 1\n"),
            std::string::npos)
      << out.str();
}

TEST(ReportFormatsTest, JsonParsesAndCarriesTheMetrics) {
  std::ostringstream out;
  WriteJson(TestReport(), ReportRows::kRuns, out);
  const nlohmann::json doc = nlohmann::json::parse(out.str());
  EXPECT_EQ(doc["datasets"], nlohmann::json::array({"APPS (train split subset)"}));
  EXPECT_EQ(doc["intervals"]["proportions"], "wilson");
  ASSERT_EQ(doc["runs"].size(), 5u);
  const nlohmann::json& run = doc["runs"][4];  // best_of_n, n = 16
  EXPECT_EQ(run["run_id"], 1);
  EXPECT_EQ(run["sweep"]["algorithm.n"], 16);
  EXPECT_TRUE(run["sweep"]["algorithm.n"].is_number_integer());
  EXPECT_DOUBLE_EQ(run["accuracy"]["value"].get<double>(), 0.9);
  const Interval wilson = WilsonInterval(18, 20);
  EXPECT_DOUBLE_EQ(run["accuracy"]["interval"][0].get<double>(), wilson.low);
  EXPECT_DOUBLE_EQ(run["accuracy"]["interval"][1].get<double>(), wilson.high);
  EXPECT_DOUBLE_EQ(run["mean_grade_score"]["value"].get<double>(), (18 + 2 * 0.5) / 20);
  ASSERT_EQ(run["pass_at_k"].size(), 2u);
  EXPECT_EQ(run["pass_at_k"][1]["k"], 10);
  EXPECT_DOUBLE_EQ(run["pass_at_k"][1]["value"].get<double>(), 0.9);
  EXPECT_EQ(run["cost"]["generated_tokens"]["total"], 20 * 1600);
  EXPECT_EQ(doc["runs"][2]["pass_at_k"].size(), 1u);  // n = 1: pass@10 is not available
  EXPECT_FALSE(run.contains("per_problem"));
}

TEST(ReportFormatsTest, JsonListsProblemsOnRequest) {
  std::ostringstream out;
  WriteJson(TestReport(), ReportRows::kProblems, out);
  const nlohmann::json doc = nlohmann::json::parse(out.str());
  const nlohmann::json& problems = doc["runs"][0]["per_problem"];
  ASSERT_EQ(problems.size(), 20u);
  EXPECT_EQ(problems[0]["problem_id"], "apps/0");
  EXPECT_EQ(problems[0]["answer"], "print(\"a, b\")\nprint(2)");
  EXPECT_EQ(problems[0]["pass_at_k"]["1"], 1.0);
  EXPECT_TRUE(problems[0]["pass_at_k"]["10"].is_null());  // 4 candidates
}

TEST(ReportFormatsTest, JsonReplacesTextThatIsNotUtf8) {
  // A model's answer cut inside a multi-byte character, and a database file named in Latin-1.
  Report report = TestReport();
  report.database = "caf\xe9.db";
  report.runs[0].problems[0].answer = "\xe2\x82";
  std::ostringstream out;
  WriteJson(report, ReportRows::kProblems, out);
  const nlohmann::json doc = nlohmann::json::parse(out.str());
  EXPECT_EQ(doc["database"], "caf\uFFFD.db");
  EXPECT_EQ(doc["runs"][0]["per_problem"][0]["answer"], "\uFFFD");
}

TEST(ReportFormatsTest, CsvRowsHaveTheHeadersColumnCount) {
  std::ostringstream out;
  WriteCsv(TestReport(), ReportRows::kRuns, out);
  const auto rows = ParseCsv(out.str());
  ASSERT_EQ(rows.size(), 6u);
  for (const auto& row : rows) EXPECT_EQ(row.size(), rows[0].size());
  const auto column = [&](const std::string& name) {
    return std::find(rows[0].begin(), rows[0].end(), name) - rows[0].begin();
  };
  ASSERT_LT(column("pass@10"), static_cast<long>(rows[0].size()));
  EXPECT_EQ(rows[1][column("run_id")], "2");
  EXPECT_EQ(rows[1][column("algorithm.n")], "4");
  EXPECT_EQ(rows[1][column("dataset")], "APPS (train split subset)");
  EXPECT_EQ(rows[5][column("accuracy")], "0.9");
  EXPECT_EQ(rows[3][column("pass@10")], "");  // best_of_n n = 1
  EXPECT_EQ(rows[5][column("generated_tokens_mean")], "1600");
}

TEST(ReportFormatsTest, PerProblemCsvQuotesAnswersThatNeedIt) {
  std::ostringstream out;
  WriteCsv(TestReport(), ReportRows::kProblems, out);
  const auto rows = ParseCsv(out.str());
  ASSERT_EQ(rows.size(), 1u + 5 * 20);
  for (const auto& row : rows) EXPECT_EQ(row.size(), rows[0].size());
  const long answer = std::find(rows[0].begin(), rows[0].end(), "answer") - rows[0].begin();
  EXPECT_EQ(rows[1][static_cast<size_t>(answer)], "print(\"a, b\")\nprint(2)");
}

TEST(ReportFormatsTest, FormatNames) {
  EXPECT_EQ(*ParseReportFormat("table"), ReportFormat::kTable);
  EXPECT_EQ(*ParseReportFormat("json"), ReportFormat::kJson);
  EXPECT_EQ(*ParseReportFormat("csv"), ReportFormat::kCsv);
  EXPECT_EQ(ParseReportFormat("xml").status().message(),
            "report format 'xml': expected table, json or csv");
}

}  // namespace
}  // namespace ponder::reports
