// Result<T>: a value or an Error a user can act on. Used at every boundary
// (parsing, validation, store, spawn) instead of exceptions.
#pragma once

#include <string>
#include <utility>
#include <variant>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace drover {

// What kind of failure; maps onto CLI exit codes and HTTP statuses.
enum class ErrorCode {
  invalid,      // bad input: exit 1, HTTP 400
  usage,        // bad command line: exit 2
  not_found,    // exit 3, HTTP 404
  conflict,     // refused because of current state: exit 4, HTTP 409
  unavailable,  // daemon not running, state dir locked: exit 1, HTTP 503
  io,           // file system or database failure: exit 1, HTTP 500
  internal,     // a bug: exit 1, HTTP 500
};

struct Error {
  ErrorCode code = ErrorCode::internal;
  std::string message;
  // What a program needs to act on the error (e.g. the job that can resume);
  // null when the message says all. Sent as "details" by the API.
  nlohmann::json details = nullptr;
};

const char* error_code_name(ErrorCode code);
int exit_code_for(ErrorCode code);
int http_status_for(ErrorCode code);

template <typename... Args>
Error make_error(ErrorCode code, fmt::format_string<Args...> format, Args&&... args) {
  return Error{code, fmt::format(format, std::forward<Args>(args)...)};
}

template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : m_value(std::move(value)) {}      // NOLINT: implicit by design
  Result(Error error) : m_value(std::move(error)) {}  // NOLINT

  bool ok() const { return std::holds_alternative<T>(m_value); }
  explicit operator bool() const { return ok(); }

  T& value() & { return std::get<T>(m_value); }
  const T& value() const& { return std::get<T>(m_value); }
  T&& value() && { return std::get<T>(std::move(m_value)); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

  const Error& error() const { return std::get<Error>(m_value); }

 private:
  std::variant<T, Error> m_value;
};

template <>
class [[nodiscard]] Result<void> {
 public:
  Result() = default;
  Result(Error error) : m_error(std::move(error)), m_failed(true) {}  // NOLINT

  bool ok() const { return !m_failed; }
  explicit operator bool() const { return ok(); }
  const Error& error() const { return m_error; }

 private:
  Error m_error;
  bool m_failed = false;
};

using Status = Result<void>;

// Declares `var` as the Result of the expression and returns its error from
// the calling function when it failed: `DROVER_TRY(jobs, store.load_jobs());`
// then `*jobs`. Two statements: use it where a declaration may stand.
#define DROVER_TRY(var, ...) \
  auto var = (__VA_ARGS__);  \
  if (!var) return var.error()

// Returns the error of a Status or Result from the calling function.
#define DROVER_RETURN_IF_ERROR(...)                             \
  do {                                                          \
    if (auto drover_status_ = (__VA_ARGS__); !drover_status_) { \
      return drover_status_.error();                            \
    }                                                           \
  } while (false)

}  // namespace drover
