#include "Ending.h"

namespace stormproof {

std::string ending_hint(const EndingContext& c) {
    switch (c.reason) {
        case DecisionReason::StreamCutAfterFirstToken:
            return "The reply was cut off after it had started; the partial text is kept. Set "
                   "stream.after_first_token to restart or continue to have such replies retried.";
        case DecisionReason::HintAboveCap:
            return "The provider asked to wait longer than retry.max_retry_after_ms allows: raise it, or add "
                   "a "
                   "fallback target that is not rate-limited.";
        case DecisionReason::BudgetDenied:
            return "The retry budget (budget.retry_ratio) is spent: too many recent requests to this target "
                   "failed, so retrying more would mostly add load. Wait a moment, or add a fallback target.";
        case DecisionReason::DeadlineTooClose:
        case DecisionReason::DeadlineExhausted:
            return "The request ran out of time across its attempts: raise timeouts.deadline_ms or add a "
                   "fallback target.";
        case DecisionReason::BreakerOpen:
            if (c.error_class == ErrorClass::CircuitOpen)
                return "Every target's circuit breaker is open after repeated failures: wait for it to probe "
                       "again, or close it by hand on the dashboard.";
            break;
        default:
            break;
    }
    if (!c.missing_key_env.empty())
        return "Set the environment variable " + c.missing_key_env +
               " to the provider's API key (or pick a keyring key in Settings > Targets), then try again.";
    switch (c.last_transport) {
        case TransportError::ConnectionRefused:
            return "Nothing is listening at " +
                   (c.url.empty() ? std::string("the target's address") : c.url) +
                   " -- is the server running?";
        case TransportError::HostNotFound:
            return "The host name in " + (c.url.empty() ? std::string("the base URL") : c.url) +
                   " does not resolve: check the base URL and the network's DNS.";
        case TransportError::Tls:
            return "The TLS connection to " + (c.url.empty() ? std::string("the target") : c.url) +
                   " failed: check the URL's scheme and the server's certificate.";
        default:
            break;
    }
    return std::string(hint(c.error_class));
}

}  // namespace stormproof
