#include "ErrorClass.h"

namespace stormproof {

std::string_view to_string(ErrorClass error_class) {
    switch (error_class) {
        case ErrorClass::RateLimited:
            return "rate_limited";
        case ErrorClass::QuotaExhausted:
            return "quota_exhausted";
        case ErrorClass::Overloaded:
            return "overloaded";
        case ErrorClass::ServerError:
            return "server_error";
        case ErrorClass::Timeout:
            return "timeout";
        case ErrorClass::Network:
            return "network";
        case ErrorClass::Auth:
            return "auth";
        case ErrorClass::BadRequest:
            return "bad_request";
        case ErrorClass::NotFound:
            return "not_found";
        case ErrorClass::ContextLength:
            return "context_length";
        case ErrorClass::ContentPolicy:
            return "content_policy";
        case ErrorClass::MalformedResponse:
            return "malformed_response";
        case ErrorClass::Cancelled:
            return "cancelled";
        case ErrorClass::DeadlineExhausted:
            return "deadline_exhausted";
        case ErrorClass::BudgetExhausted:
            return "budget_exhausted";
        case ErrorClass::CircuitOpen:
            return "circuit_open";
    }
    return "server_error";
}

std::optional<ErrorClass> error_class_from_string(std::string_view text) {
    for (const auto error_class : kAllErrorClasses) {
        if (to_string(error_class) == text) {
            return error_class;
        }
    }
    return std::nullopt;
}

std::string_view hint(ErrorClass error_class) {
    switch (error_class) {
        case ErrorClass::RateLimited:
            return "The provider is rate-limiting this key: wait, add another key to the target, or lower "
                   "concurrency.";
        case ErrorClass::QuotaExhausted:
            return "The account is out of credit or quota: check billing with the provider; retrying will "
                   "not help.";
        case ErrorClass::Overloaded:
            return "The provider is overloaded: retry later or add a fallback target on another provider.";
        case ErrorClass::ServerError:
            return "The provider had an internal error: usually transient; a fallback target avoids waiting "
                   "it out.";
        case ErrorClass::Timeout:
            return "No answer in time: raise the timeout for slow models, or check the provider's status "
                   "page.";
        case ErrorClass::Network:
            return "The connection failed: check the network, proxy settings and the target's base URL.";
        case ErrorClass::Auth:
            return "The API key was refused: check the key and that it belongs to this provider and project.";
        case ErrorClass::BadRequest:
            return "The provider rejected the request: check the model name and parameters (temperature, "
                   "max_tokens).";
        case ErrorClass::NotFound:
            return "Not found: check the model name; an OpenAI-compatible base URL usually ends in /v1.";
        case ErrorClass::ContextLength:
            return "The conversation is too long for this model: start a new chat, shorten it, or use a "
                   "larger model.";
        case ErrorClass::ContentPolicy:
            return "The provider's content filter refused this request: rephrase the prompt.";
        case ErrorClass::MalformedResponse:
            return "The reply was cut off or unreadable: retry; if it persists, the server or a proxy is "
                   "misbehaving.";
        case ErrorClass::Cancelled:
            return "Cancelled.";
        case ErrorClass::DeadlineExhausted:
            return "The request ran out of time across its retries: raise timeouts.deadline_ms or add a "
                   "fallback.";
        case ErrorClass::BudgetExhausted:
            return "Retries are paused because too many recent requests failed: wait a moment, then retry.";
        case ErrorClass::CircuitOpen:
            return "Every target's circuit breaker is open after repeated failures: wait, or force one "
                   "closed.";
    }
    return "";
}

bool is_engine_class(ErrorClass error_class) {
    return error_class == ErrorClass::DeadlineExhausted || error_class == ErrorClass::BudgetExhausted ||
           error_class == ErrorClass::CircuitOpen || error_class == ErrorClass::Cancelled;
}

}  // namespace stormproof
