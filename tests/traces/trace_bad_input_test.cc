// Files a trace store must refuse, each with a clear error naming the path.
// Tests run as root, so an unwritable path is one under a regular file or in /proc.
#include <gtest/gtest.h>

#include <fstream>

#include "tests/traces/trace_test_util.h"
#include "traces/schema.h"
#include "traces/sqlite_database.h"
#include "traces/trace_reader.h"
#include "traces/trace_store.h"

namespace ponder::traces {
namespace {

using testing::TempDir;
using testing::TestRunInfo;

::testing::AssertionResult NamesPath(const Status& status, const std::string& path,
                                     std::string_view problem) {
  if (status.ok()) return ::testing::AssertionFailure() << "expected an error, got OK";
  const std::string& m = status.message();
  if (m.find("'" + path + "'") == std::string::npos || m.find(problem) == std::string::npos) {
    return ::testing::AssertionFailure()
           << "message does not name '" << path << "' and \"" << problem << "\": " << m;
  }
  return ::testing::AssertionSuccess();
}

void WriteFile(const std::string& path, const std::string& content) {
  std::ofstream out(path, std::ios::binary);
  out << content;
}

// Runs `sql` on `path` through the raw connection (tests may not include sqlite3.h).
void Execute(const std::string& path, const std::string& sql) {
  auto db = Database::Open(path, OpenMode::kReadWriteCreate);
  PONDER_CHECK(db.ok()) << db.status().ToString();
  Status done = (*db)->Exec(sql);
  PONDER_CHECK(done.ok()) << done.ToString();
}

std::string NewStoreFile(const TempDir& dir) {
  const std::string path = dir.File("traces.db");
  auto store = TraceStore::Open(path);
  PONDER_CHECK(store.ok()) << store.status().ToString();
  return path;
}

TEST(TraceBadInputTest, APathUnderARegularFileCannotBeCreated) {
  TempDir dir;
  WriteFile(dir.File("plain.txt"), "not a folder");
  const std::string path = dir.File("plain.txt") + "/traces.db";
  auto store = TraceStore::Open(path);
  EXPECT_EQ(store.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_TRUE(NamesPath(store.status(), path, "cannot open or create it"));
}

TEST(TraceBadInputTest, APathInProcCannotBeCreated) {
  const std::string path = "/proc/ponder-no-such-dir/traces.db";
  auto store = TraceStore::Open(path);
  EXPECT_FALSE(store.ok());
  EXPECT_TRUE(NamesPath(store.status(), path, "cannot open or create it"));
}

TEST(TraceBadInputTest, AFolderIsNotADatabase) {
  TempDir dir;
  auto store = TraceStore::Open(dir.path().string());
  EXPECT_FALSE(store.ok());
  EXPECT_TRUE(NamesPath(store.status(), dir.path().string(), "cannot open or create it"));
}

TEST(TraceBadInputTest, ATextFileIsNotASqliteDatabase) {
  TempDir dir;
  const std::string path = dir.File("notes.db");
  const std::string text(4096, 'x');
  WriteFile(path, "these are my notes, not a database\n" + text);
  auto store = TraceStore::Open(path);
  EXPECT_EQ(store.status().code(), StatusCode::kInvalidArgument);
  EXPECT_TRUE(NamesPath(store.status(), path, "is not a SQLite database"));
  auto reader = TraceReader::Open(path);
  EXPECT_TRUE(NamesPath(reader.status(), path, "is not a SQLite database"));
  // The file is left as it was.
  std::ifstream in(path, std::ios::binary);
  std::string content((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_EQ(content.substr(0, 10), "these are ");
}

TEST(TraceBadInputTest, AnotherApplicationsSqliteDatabaseIsRefused) {
  TempDir dir;
  const std::string path = dir.File("music.db");
  Execute(path, "CREATE TABLE songs (title TEXT); INSERT INTO songs VALUES ('la')");
  auto store = TraceStore::Open(path);
  EXPECT_EQ(store.status().code(), StatusCode::kInvalidArgument);
  EXPECT_TRUE(NamesPath(store.status(), path, "not a ponder trace database"));
  EXPECT_TRUE(NamesPath(TraceReader::Open(path).status(), path, "not a ponder trace database"));
}

TEST(TraceBadInputTest, ANewerSchemaVersionIsRefusedByWritersAndReaders) {
  TempDir dir;
  const std::string path = NewStoreFile(dir);
  Execute(path, "UPDATE meta SET value = '" + std::to_string(kSchemaVersion + 1) +
                    "' WHERE key = 'schema_version'");
  auto store = TraceStore::Open(path);
  EXPECT_EQ(store.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_TRUE(NamesPath(store.status(), path,
                        "has schema version " + std::to_string(kSchemaVersion + 1) +
                            ", newer than the version this ponder reads (1)"));
  EXPECT_TRUE(NamesPath(TraceReader::Open(path).status(), path, "newer than the version"));
}

TEST(TraceBadInputTest, AGarbledOrMissingSchemaVersionIsDataLoss) {
  TempDir dir;
  const std::string path = NewStoreFile(dir);
  Execute(path, "UPDATE meta SET value = 'one' WHERE key = 'schema_version'");
  auto garbled = TraceStore::Open(path);
  EXPECT_EQ(garbled.status().code(), StatusCode::kDataLoss);
  EXPECT_TRUE(NamesPath(garbled.status(), path, "has schema_version 'one', not a number"));
  Execute(path, "DELETE FROM meta");
  EXPECT_TRUE(NamesPath(TraceStore::Open(path).status(), path, "has no schema_version"));
  Execute(path, "INSERT INTO meta VALUES ('schema_version', '0')");
  EXPECT_TRUE(NamesPath(TraceStore::Open(path).status(), path, "unknown schema version 0"));
}

TEST(TraceBadInputTest, ReadersNeitherCreateNorAcceptEmptyFiles) {
  TempDir dir;
  const std::string missing = dir.File("missing.db");
  auto reader = TraceReader::Open(missing);
  EXPECT_EQ(reader.status().code(), StatusCode::kNotFound);
  EXPECT_TRUE(NamesPath(reader.status(), missing, "does not exist"));
  EXPECT_FALSE(std::filesystem::exists(missing));

  const std::string empty = dir.File("empty.db");
  WriteFile(empty, "");
  EXPECT_TRUE(NamesPath(TraceReader::Open(empty).status(), empty, "is empty"));
}

TEST(TraceBadInputTest, AnEmptyFileBecomesATraceDatabase) {
  TempDir dir;
  const std::string path = dir.File("empty.db");
  WriteFile(path, "");
  auto store = TraceStore::Open(path);
  ASSERT_TRUE(store.ok()) << store.status().ToString();
  ASSERT_TRUE((*store)->BeginRun(TestRunInfo("x", 0)).ok());
}

TEST(TraceBadInputTest, InvalidRunInfoAndOptionsAreRefused) {
  TempDir dir;
  const std::string path = dir.File("traces.db");
  auto bad_options = TraceStore::Open(path, {.max_queued_rows = 0});
  EXPECT_EQ(bad_options.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(bad_options.status().message().find("max_queued_rows"), std::string::npos);

  auto store = TraceStore::Open(path);
  ASSERT_TRUE(store.ok());
  RunInfo info = TestRunInfo("x", 1);
  info.shard_count = 0;
  auto run = (*store)->BeginRun(info);
  EXPECT_EQ(run.status().code(), StatusCode::kInvalidArgument);
  EXPECT_TRUE(NamesPath(run.status(), path, "shard_count is 0"));
}

TEST(TraceBadInputTest, ACorruptedFileFailsTheIntegrityCheck) {
  TempDir dir;
  const std::string path = dir.File("traces.db");
  {
    auto store = TraceStore::Open(path);
    ASSERT_TRUE(store.ok());
    auto run = (*store)->BeginRun(TestRunInfo("x", 1));
    ASSERT_TRUE(run.ok());
    auto trace = (*store)->StartProblem(run->id, "p");
    ASSERT_TRUE(trace.ok());
    testing::FinishSynthetic(*trace, 2000, 10);
    ASSERT_TRUE((*store)->CommitProblem(std::move(*trace)).ok());
  }  // closing checkpoints the WAL into the main file
  ASSERT_TRUE((*TraceReader::Open(path))->CheckIntegrity().ok());
  const auto size = std::filesystem::file_size(path);
  ASSERT_GT(size, 16u * 4096);
  {
    // Overwrite pages in the middle of the file (the nodes table's b-tree) with garbage.
    std::fstream file(path, std::ios::binary | std::ios::in | std::ios::out);
    file.seekp(static_cast<std::streamoff>(size / 2 / 4096 * 4096));
    const std::string garbage(3 * 4096, '\x5a');
    file.write(garbage.data(), static_cast<std::streamsize>(garbage.size()));
  }
  auto reader = TraceReader::Open(path);
  ASSERT_TRUE(reader.ok()) << reader.status().ToString();  // page 1 is intact
  Status integrity = (*reader)->CheckIntegrity();
  EXPECT_EQ(integrity.code(), StatusCode::kDataLoss);
  EXPECT_TRUE(NamesPath(integrity, path, "fails SQLite's integrity check"));
}

}  // namespace
}  // namespace ponder::traces
