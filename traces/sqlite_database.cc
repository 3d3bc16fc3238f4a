#include "traces/sqlite_database.h"

#include <sqlite3.h>

#include <cmath>
#include <utility>

namespace ponder::traces {
namespace {

StatusCode CodeFor(int sqlite_code) {
  switch (sqlite_code & 0xff) {
    case SQLITE_CANTOPEN:
    case SQLITE_READONLY:
    case SQLITE_PERM:
    case SQLITE_AUTH:
      return StatusCode::kFailedPrecondition;
    case SQLITE_NOTADB:
      return StatusCode::kInvalidArgument;
    case SQLITE_CORRUPT:
      return StatusCode::kDataLoss;
    case SQLITE_FULL:
    case SQLITE_NOMEM:
      return StatusCode::kResourceExhausted;
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
    case SQLITE_IOERR:
      return StatusCode::kUnavailable;
    default:
      return StatusCode::kInternal;
  }
}

Status ErrorFor(const std::string& path, int code, std::string_view what, std::string_view detail) {
  return Status(CodeFor(code),
                "trace database '" + path + "': " + std::string(what) + ": " + std::string(detail));
}

// SQL as error messages quote it: the first line, cut short.
std::string Quote(std::string_view sql) {
  constexpr size_t kMax = 80;
  std::string_view line = sql.substr(0, sql.find('\n'));
  std::string out;
  out.reserve(kMax + 5);
  out.append("'").append(line.substr(0, kMax));
  if (line.size() > kMax || line.size() < sql.size()) out.append("...");
  return out.append("'");
}

}  // namespace

// --- Statement ---

Statement::Statement(Statement&& other) noexcept
    : db_(other.db_), stmt_(std::exchange(other.stmt_, nullptr)) {}

Statement& Statement::operator=(Statement&& other) noexcept {
  if (this != &other) {
    sqlite3_finalize(stmt_);
    db_ = other.db_;
    stmt_ = std::exchange(other.stmt_, nullptr);
  }
  return *this;
}

Statement::~Statement() { sqlite3_finalize(stmt_); }

void Statement::BindInt(int index, int64_t value) { sqlite3_bind_int64(stmt_, index, value); }

void Statement::BindDouble(int index, double value) {
  if (std::isnan(value)) {
    sqlite3_bind_null(stmt_, index);
  } else {
    sqlite3_bind_double(stmt_, index, value);
  }
}

void Statement::BindText(int index, std::string_view value) {
  sqlite3_bind_text64(stmt_, index, value.data(), value.size(), SQLITE_TRANSIENT, SQLITE_UTF8);
}

void Statement::BindBlob(int index, std::span<const std::byte> value) {
  // A zero-length blob must not bind as NULL: the columns that hold blobs are NOT NULL.
  static const std::byte kEmpty{};
  sqlite3_bind_blob64(stmt_, index, value.empty() ? &kEmpty : value.data(), value.size(),
                      SQLITE_TRANSIENT);
}

void Statement::BindNull(int index) { sqlite3_bind_null(stmt_, index); }

StatusOr<bool> Statement::Step() {
  const int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  return db_->LastError("running " + Quote(sqlite3_sql(stmt_)));
}

Status Statement::Run() {
  while (true) {
    PONDER_ASSIGN_OR_RETURN(bool row, Step());
    if (!row) break;
  }
  Reset();
  return OkStatus();
}

void Statement::Reset() {
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
}

bool Statement::IsNull(int column) const {
  return sqlite3_column_type(stmt_, column) == SQLITE_NULL;
}

int64_t Statement::Int(int column) const { return sqlite3_column_int64(stmt_, column); }

double Statement::Double(int column) const {
  if (IsNull(column)) return std::nan("");
  return sqlite3_column_double(stmt_, column);
}

std::string Statement::Text(int column) const {
  const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, column));
  if (text == nullptr) return "";
  return std::string(text, static_cast<size_t>(sqlite3_column_bytes(stmt_, column)));
}

std::span<const std::byte> Statement::Blob(int column) const {
  const auto* data = static_cast<const std::byte*>(sqlite3_column_blob(stmt_, column));
  return {data, static_cast<size_t>(sqlite3_column_bytes(stmt_, column))};
}

// --- Database ---

StatusOr<std::unique_ptr<Database>> Database::Open(const std::string& path, OpenMode mode) {
  const int flags = mode == OpenMode::kReadOnly ? SQLITE_OPEN_READONLY
                                                : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
  sqlite3* handle = nullptr;
  const int rc = sqlite3_open_v2(path.c_str(), &handle, flags | SQLITE_OPEN_NOMUTEX, nullptr);
  if (rc != SQLITE_OK) {
    std::string detail = handle ? sqlite3_errmsg(handle) : sqlite3_errstr(rc);
    sqlite3_close(handle);
    std::string what = mode == OpenMode::kReadOnly
                           ? "cannot open it for reading"
                           : "cannot open or create it (does its folder exist, and may it be "
                             "written?)";
    return ErrorFor(path, rc, what, detail);
  }
  sqlite3_extended_result_codes(handle, 1);
  return std::unique_ptr<Database>(new Database(path, handle));
}

Database::~Database() {
  cache_.clear();  // statements must be finalized before the connection closes
  sqlite3_close(db_);
}

Status Database::Exec(std::string_view sql) {
  char* message = nullptr;
  const std::string text(sql);
  const int rc = sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &message);
  if (rc == SQLITE_OK) return OkStatus();
  std::string detail = message ? message : sqlite3_errstr(rc);
  sqlite3_free(message);
  return ErrorFor(path_, rc, "running " + Quote(sql), detail);
}

StatusOr<Statement> Database::Prepare(std::string_view sql) {
  sqlite3_stmt* stmt = nullptr;
  const int rc = sqlite3_prepare_v2(db_, sql.data(), static_cast<int>(sql.size()), &stmt, nullptr);
  if (rc != SQLITE_OK) return LastError("preparing " + Quote(sql));
  return Statement(this, stmt);
}

StatusOr<Statement*> Database::Cached(std::string_view sql) {
  auto it = cache_.find(sql);
  if (it == cache_.end()) {
    PONDER_ASSIGN_OR_RETURN(Statement stmt, Prepare(sql));
    it = cache_.emplace(std::string(sql), std::move(stmt)).first;
  }
  it->second.Reset();
  return &it->second;
}

StatusOr<Statement> Database::QueryRow(std::string_view sql) {
  PONDER_ASSIGN_OR_RETURN(Statement stmt, Prepare(sql));
  PONDER_ASSIGN_OR_RETURN(bool row, stmt.Step());
  if (!row) {
    return InternalError("trace database '" + path_ + "': " + Quote(sql) + " returned no row");
  }
  return stmt;
}

StatusOr<int64_t> Database::QueryInt(std::string_view sql) {
  PONDER_ASSIGN_OR_RETURN(Statement row, QueryRow(sql));
  return row.Int(0);
}

StatusOr<std::string> Database::QueryText(std::string_view sql) {
  PONDER_ASSIGN_OR_RETURN(Statement row, QueryRow(sql));
  return row.Text(0);
}

void Database::SetBusyTimeout(int64_t milliseconds) {
  sqlite3_busy_timeout(db_, static_cast<int>(milliseconds));
}

int64_t Database::LastInsertRowId() const { return sqlite3_last_insert_rowid(db_); }

int64_t Database::ChangedRows() const { return sqlite3_changes64(db_); }

Status Database::LastError(std::string_view what) const {
  return ErrorFor(path_, sqlite3_extended_errcode(db_), what, sqlite3_errmsg(db_));
}

}  // namespace ponder::traces
