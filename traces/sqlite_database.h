// Database and Statement: a thin RAII layer over the SQLite C API, so the rest
// of traces/ reads as SQL plus binds and every failure comes back as a Status
// naming the database file. sqlite3.h stays inside sqlite_database.cc.
//
// Thread-safety: a Database (and its Statements) is used by one thread at a
// time; WAL mode lets one writer connection and many reader connections work
// side by side (docs/traces.md).
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <span>
#include <string>
#include <string_view>

#include "search/base/status.h"

struct sqlite3;
struct sqlite3_stmt;

namespace ponder::traces {

enum class OpenMode : uint8_t {
  kReadWriteCreate,  // creates the file when it does not exist
  kReadOnly,         // fails when the file does not exist
};

class Database;

// A prepared statement. Bind indexes are 1-based and column indexes 0-based, as in SQLite.
class Statement {
 public:
  Statement(Statement&&) noexcept;
  Statement& operator=(Statement&&) noexcept;
  ~Statement();

  void BindInt(int index, int64_t value);
  void BindDouble(int index, double value);  // NaN is stored as NULL
  void BindText(int index, std::string_view value);
  void BindBlob(int index, std::span<const std::byte> value);
  void BindNull(int index);

  // Advances to the next row: true when a row is ready, false when the statement is done.
  StatusOr<bool> Step();
  // Steps to the end, for statements that return no rows.
  Status Run();
  // Makes the statement ready to run again with new bindings.
  void Reset();

  bool IsNull(int column) const;
  int64_t Int(int column) const;
  double Double(int column) const;  // NULL reads as NaN
  std::string Text(int column) const;
  std::span<const std::byte> Blob(int column) const;  // valid until the next Step or Reset

 private:
  friend class Database;
  Statement(Database* db, sqlite3_stmt* stmt) : db_(db), stmt_(stmt) {}

  Database* db_;
  sqlite3_stmt* stmt_;
};

class Database {
 public:
  // Opens `path`; an error names the path and what went wrong. Statements keep a
  // pointer to their Database, so it lives at a fixed address.
  static StatusOr<std::unique_ptr<Database>> Open(const std::string& path, OpenMode mode);

  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;
  ~Database();

  const std::string& path() const { return path_; }

  // Runs one or more statements that return no rows.
  Status Exec(std::string_view sql);
  StatusOr<Statement> Prepare(std::string_view sql);
  // A statement prepared once per connection and reset for each use (hot write paths).
  StatusOr<Statement*> Cached(std::string_view sql);
  // The single value of a one-row, one-column query.
  StatusOr<int64_t> QueryInt(std::string_view sql);
  StatusOr<std::string> QueryText(std::string_view sql);

  void SetBusyTimeout(int64_t milliseconds);
  int64_t LastInsertRowId() const;
  int64_t ChangedRows() const;

  // A Status for the connection's last error: "trace database 'PATH': WHAT: SQLITE MESSAGE".
  Status LastError(std::string_view what) const;

 private:
  Database(std::string path, sqlite3* db) : path_(std::move(path)), db_(db) {}
  friend class Statement;
  // The first row of `sql`, stepped to; an error when there is none.
  StatusOr<Statement> QueryRow(std::string_view sql);

  std::string path_;
  sqlite3* db_ = nullptr;
  std::map<std::string, Statement, std::less<>> cache_;
};

}  // namespace ponder::traces
