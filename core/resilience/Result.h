#pragma once

#include <optional>
#include <string>
#include <utility>
#include <variant>

namespace stormproof {

// The one error-reporting convention of core (docs/ARCHITECTURE.md, "Errors"): an operation that can fail
// returns Result<T> -- a value, or an Error that says what went wrong and where, in words a person can act
// on. No sentinels, no out-parameters, no "empty string means success", and no exceptions across a core API
// (a library that throws, nlohmann or std, is caught at the call and turned into an Error there).
//
// Two things are deliberately not Results: validation that finds several problems at once returns every one
// (std::vector<ConfigError>, each with its JSON path), and an outcome the engine must classify -- an HTTP
// attempt that failed -- is data (AttemptOutcome), not an error of the code that observed it.
//
// std::expected is C++23; the project is C++20 and Debian 12 packages no expected-like library, hence this
// small stand-in with the same shape (has_value, value, error, operator bool).
struct Error {
    std::string message;  // what went wrong: "not valid UTF-8", "address in use"
    std::string where;    // the file, URL, field or byte offset it concerns; may be empty

    // "where: message", or the message alone.
    std::string to_string() const { return where.empty() ? message : where + ": " + message; }
};

template <class T>
class [[nodiscard]] Result {
public:
    Result(T value) : state_(std::in_place_index<0>, std::move(value)) {}      // NOLINT: implicit by design
    Result(Error error) : state_(std::in_place_index<1>, std::move(error)) {}  // NOLINT

    bool has_value() const { return state_.index() == 0; }
    explicit operator bool() const { return has_value(); }
    T& value() & { return std::get<0>(state_); }
    const T& value() const& { return std::get<0>(state_); }
    T&& value() && { return std::get<0>(std::move(state_)); }
    const Error& error() const { return std::get<1>(state_); }
    T value_or(T fallback) const { return has_value() ? value() : std::move(fallback); }

private:
    std::variant<T, Error> state_;
};

// An operation that only succeeds or fails.
template <>
class [[nodiscard]] Result<void> {
public:
    Result() = default;
    Result(Error error) : error_(std::move(error)) {}  // NOLINT: implicit by design

    bool has_value() const { return !error_.has_value(); }
    explicit operator bool() const { return has_value(); }
    const Error& error() const { return *error_; }

private:
    std::optional<Error> error_;
};

using Status = Result<void>;

inline Error make_error(std::string message, std::string where = {}) {
    return Error{std::move(message), std::move(where)};
}

}  // namespace stormproof
