// Status and Result<T>: how orelog reports expected failures.
//
// Every boundary (parsers, stores, the CLI) returns a Status or Result<T>
// rather than throwing. Exceptions from third-party libraries are caught at
// the adapter that calls them and turned into a Status. Invalid user input
// never throws through the core.
#pragma once

#include <cassert>
#include <optional>
#include <string>
#include <utility>

namespace orelog {

enum class Code {
  kOk = 0,
  kInvalidArgument,    // malformed input: a parse or validation failure
  kNotFound,           // the thing asked for does not exist
  kAlreadyExists,      // a uniqueness constraint would be broken
  kFailedPrecondition, // the call is not valid in the current state
  kVerificationFailed, // a signature, proof or hash did not check
  kCorruption,         // stored data contradicts itself
  kIOError,            // the operating system or database failed
  kUnavailable,        // transient: retry later (e.g. queue full)
  kInternal,           // a bug: an invariant did not hold
};

const char* CodeName(Code code);

class [[nodiscard]] Status {
 public:
  Status() = default;  // OK
  Status(Code code, std::string message)
      : code_(code), message_(std::move(message)) {}

  static Status Ok() { return Status(); }
  static Status Invalid(std::string m) { return {Code::kInvalidArgument, std::move(m)}; }
  static Status NotFound(std::string m) { return {Code::kNotFound, std::move(m)}; }
  static Status Exists(std::string m) { return {Code::kAlreadyExists, std::move(m)}; }
  static Status Precondition(std::string m) { return {Code::kFailedPrecondition, std::move(m)}; }
  static Status Unverified(std::string m) { return {Code::kVerificationFailed, std::move(m)}; }
  static Status Corruption(std::string m) { return {Code::kCorruption, std::move(m)}; }
  static Status IOError(std::string m) { return {Code::kIOError, std::move(m)}; }
  static Status Unavailable(std::string m) { return {Code::kUnavailable, std::move(m)}; }
  static Status Internal(std::string m) { return {Code::kInternal, std::move(m)}; }

  bool ok() const { return code_ == Code::kOk; }
  Code code() const { return code_; }
  const std::string& message() const { return message_; }
  // "<code name>: <message>", or "OK".
  std::string ToString() const;

  // Returns a copy whose message is prefixed with "<context>: ".
  Status With(const std::string& context) const {
    if (ok()) return *this;
    return Status(code_, context + ": " + message_);
  }

 private:
  Code code_ = Code::kOk;
  std::string message_;
};

// A value or the Status explaining why there is none.
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : value_(std::move(value)) {}  // NOLINT: implicit by design
  Result(Status status) : status_(std::move(status)) {  // NOLINT
    assert(!status_.ok() && "Result constructed from an OK status");
    if (status_.ok()) status_ = Status::Internal("Result built from OK status");
  }

  bool ok() const { return value_.has_value(); }
  const Status& status() const { return status_; }

  T& value() & { assert(ok()); return *value_; }
  const T& value() const& { assert(ok()); return *value_; }
  T&& value() && { assert(ok()); return std::move(*value_); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T&& operator*() && { return std::move(*this).value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

 private:
  std::optional<T> value_;
  Status status_;
};

}  // namespace orelog

#define ORELOG_CONCAT_INNER_(a, b) a##b
#define ORELOG_CONCAT_(a, b) ORELOG_CONCAT_INNER_(a, b)

// Returns the Status from the enclosing function if `expr` is not OK.
#define ORELOG_RETURN_IF_ERROR(expr)          \
  do {                                        \
    ::orelog::Status orelog_st_ = (expr);     \
    if (!orelog_st_.ok()) return orelog_st_;  \
  } while (0)

// `lhs = value of expr`, or return its Status.
#define ORELOG_ASSIGN_OR_RETURN(lhs, expr) \
  ORELOG_ASSIGN_OR_RETURN_IMPL_(ORELOG_CONCAT_(orelog_res_, __LINE__), lhs, expr)
#define ORELOG_ASSIGN_OR_RETURN_IMPL_(res, lhs, expr) \
  auto res = (expr);                                  \
  if (!res.ok()) return res.status();                 \
  lhs = std::move(res).value()
