#pragma once

#include <array>
#include <optional>
#include <string_view>

namespace stormproof {

// Why an attempt or a request failed. Names are the event log's error_class values.
enum class ErrorClass {
    RateLimited,
    QuotaExhausted,
    Overloaded,
    ServerError,
    Timeout,
    Network,
    Auth,
    BadRequest,
    NotFound,
    ContextLength,
    ContentPolicy,
    MalformedResponse,
    Cancelled,
    DeadlineExhausted,
    BudgetExhausted,
    CircuitOpen,
};

inline constexpr std::array kAllErrorClasses = {
    ErrorClass::RateLimited,   ErrorClass::QuotaExhausted,    ErrorClass::Overloaded,
    ErrorClass::ServerError,   ErrorClass::Timeout,           ErrorClass::Network,
    ErrorClass::Auth,          ErrorClass::BadRequest,        ErrorClass::NotFound,
    ErrorClass::ContextLength, ErrorClass::ContentPolicy,     ErrorClass::MalformedResponse,
    ErrorClass::Cancelled,     ErrorClass::DeadlineExhausted, ErrorClass::BudgetExhausted,
    ErrorClass::CircuitOpen,
};

std::string_view to_string(ErrorClass error_class);
std::optional<ErrorClass> error_class_from_string(std::string_view text);

// One actionable line for a person: what to do about it, not what happened.
std::string_view hint(ErrorClass error_class);

// Classes produced by the engine itself rather than observed on the wire.
bool is_engine_class(ErrorClass error_class);

}  // namespace stormproof
