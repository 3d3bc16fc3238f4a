// Status and StatusOr<T>: how expected failures travel in ponder.
//
// A Status is a code plus a full-sentence message naming what failed (a file, a
// key, a node). Functions that can fail on bad input or a failing component
// return Status or StatusOr<T>; bugs are caught by PONDER_CHECK instead. No
// exception crosses a library boundary, so one bad generation fails one
// problem, not a whole run.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>

#include "search/base/check.h"

namespace ponder {

enum class StatusCode {
  kOk = 0,
  kInvalidArgument,     // bad input: config, data file, request
  kNotFound,            // a named thing (file, algorithm, tensor) does not exist
  kFailedPrecondition,  // the system is not in a state to do this
  kResourceExhausted,   // a limit was hit (memory cap, context length)
  kCancelled,           // stopped on request
  kDeadlineExceeded,    // a time limit passed
  kUnavailable,         // a remote service could not be reached
  kDataLoss,            // a file is truncated or corrupt
  kInternal,            // a component broke its contract (e.g. NaN score)
};

std::string_view StatusCodeName(StatusCode code);

class [[nodiscard]] Status {
 public:
  Status() = default;
  Status(StatusCode code, std::string message) : code_(code), message_(std::move(message)) {}

  bool ok() const { return code_ == StatusCode::kOk; }
  StatusCode code() const { return code_; }
  const std::string& message() const { return message_; }
  // "INVALID_ARGUMENT: message", or "OK".
  std::string ToString() const;

  // Returns a copy whose message is "context: message"; OK stays OK.
  Status WithContext(std::string_view context) const;

 private:
  StatusCode code_ = StatusCode::kOk;
  std::string message_;
};

inline Status OkStatus() { return Status(); }
inline Status InvalidArgumentError(std::string m) {
  return Status(StatusCode::kInvalidArgument, std::move(m));
}
inline Status NotFoundError(std::string m) { return Status(StatusCode::kNotFound, std::move(m)); }
inline Status FailedPreconditionError(std::string m) {
  return Status(StatusCode::kFailedPrecondition, std::move(m));
}
inline Status ResourceExhaustedError(std::string m) {
  return Status(StatusCode::kResourceExhausted, std::move(m));
}
inline Status CancelledError(std::string m) { return Status(StatusCode::kCancelled, std::move(m)); }
inline Status DeadlineExceededError(std::string m) {
  return Status(StatusCode::kDeadlineExceeded, std::move(m));
}
inline Status UnavailableError(std::string m) {
  return Status(StatusCode::kUnavailable, std::move(m));
}
inline Status DataLossError(std::string m) { return Status(StatusCode::kDataLoss, std::move(m)); }
inline Status InternalError(std::string m) { return Status(StatusCode::kInternal, std::move(m)); }

// Holds either a T or a non-OK Status.
template <class T>
class [[nodiscard]] StatusOr {
 public:
  StatusOr(const T& value) : value_(value) {}             // NOLINT: implicit by design
  StatusOr(T&& value) : value_(std::move(value)) {}       // NOLINT
  StatusOr(Status status) : status_(std::move(status)) {  // NOLINT
    PONDER_CHECK(!status_.ok()) << "StatusOr built from an OK status without a value";
  }
  template <class U>
  requires(std::is_constructible_v<T, U&&> && !std::is_same_v<std::decay_t<U>, T> &&
           !std::is_same_v<std::decay_t<U>, Status>) StatusOr(U&& value)
      : value_(T(std::forward<U>(value))) {}  // NOLINT

  bool ok() const { return value_.has_value(); }
  const Status& status() const { return status_; }

  const T& value() const& {
    PONDER_CHECK(ok()) << "value() on error: " << status_.ToString();
    return *value_;
  }
  T& value() & {
    PONDER_CHECK(ok()) << "value() on error: " << status_.ToString();
    return *value_;
  }
  T&& value() && {
    PONDER_CHECK(ok()) << "value() on error: " << status_.ToString();
    return std::move(*value_);
  }
  const T& operator*() const& { return value(); }
  T& operator*() & { return value(); }
  T&& operator*() && { return std::move(*this).value(); }
  const T* operator->() const { return &value(); }
  T* operator->() { return &value(); }

 private:
  Status status_;
  std::optional<T> value_;
};

}  // namespace ponder

#define PONDER_STATUS_CONCAT_INNER(a, b) a##b
#define PONDER_STATUS_CONCAT(a, b) PONDER_STATUS_CONCAT_INNER(a, b)

// Returns the Status from the enclosing function when it is not OK.
#define PONDER_RETURN_IF_ERROR(expr)                 \
  do {                                               \
    ::ponder::Status ponder_status_ = (expr);        \
    if (!ponder_status_.ok()) return ponder_status_; \
  } while (false)

// `PONDER_ASSIGN_OR_RETURN(auto x, F());` declares x from a StatusOr or returns its error.
#define PONDER_ASSIGN_OR_RETURN(lhs, expr) \
  PONDER_ASSIGN_OR_RETURN_IMPL(PONDER_STATUS_CONCAT(ponder_statusor_, __LINE__), lhs, expr)
#define PONDER_ASSIGN_OR_RETURN_IMPL(tmp, lhs, expr) \
  auto tmp = (expr);                                 \
  if (!tmp.ok()) return tmp.status();                \
  lhs = std::move(tmp).value()
