#include "RetryPolicy.h"

#include <algorithm>

namespace stormproof {

std::string_view to_string(AboveMaxAction action) {
    switch (action) {
        case AboveMaxAction::Fallback:
            return "fallback";
        case AboveMaxAction::Fail:
            return "fail";
        case AboveMaxAction::WaitMax:
            return "wait_max";
    }
    return "fallback";
}

std::optional<AboveMaxAction> above_max_action_from_string(std::string_view text) {
    for (auto a : {AboveMaxAction::Fallback, AboveMaxAction::Fail, AboveMaxAction::WaitMax}) {
        if (to_string(a) == text)
            return a;
    }
    return std::nullopt;
}

std::string_view to_string(ExhaustedAction action) {
    return action == ExhaustedAction::Stop ? "stop" : "fallback";
}

std::optional<ExhaustedAction> exhausted_action_from_string(std::string_view text) {
    if (text == "fallback")
        return ExhaustedAction::Fallback;
    if (text == "stop")
        return ExhaustedAction::Stop;
    return std::nullopt;
}

std::map<ErrorClass, ClassRule> RetryConfig::default_class_rules() {
    using C = ErrorClass;
    using E = ExhaustedAction;
    // {retry, max_attempts, use_server_hint, rotate_key, on_exhausted}
    return {
        // Wait as told; a second key has its own limit, so rotate to it first.
        {C::RateLimited, {true, 0, true, true, E::Fallback}},
        // Billing, not rate: no wait fixes it, another provider might.
        {C::QuotaExhausted, {false, 0, true, false, E::Fallback}},
        {C::Overloaded, {true, 0, true, false, E::Fallback}},
        {C::ServerError, {true, 0, true, false, E::Fallback}},
        {C::Timeout, {true, RetryConfig::kDefaultTimeoutAttempts, true, false, E::Fallback}},
        {C::Network, {true, 0, true, false, E::Fallback}},
        // A refused key: the next key, then the next target (which has its own keys).
        {C::Auth, {false, 0, true, true, E::Fallback}},
        // The request itself is wrong: every target would refuse it.
        {C::BadRequest, {false, 0, true, false, E::Stop}},
        // The model or URL is wrong for this target; the next target names its own.
        {C::NotFound, {false, 0, true, false, E::Fallback}},
        // A larger-context target further down the chain may take it.
        {C::ContextLength, {false, 0, true, false, E::Fallback}},
        {C::ContentPolicy, {false, 0, true, false, E::Stop}},
        // A cut or garbled reply before the first token is a transport fault in all but name.
        {C::MalformedResponse, {true, 0, true, false, E::Fallback}},
        {C::Cancelled, {false, 0, false, false, E::Stop}},
        {C::DeadlineExhausted, {false, 0, false, false, E::Stop}},
        {C::BudgetExhausted, {false, 0, false, false, E::Fallback}},
        {C::CircuitOpen, {false, 0, false, false, E::Fallback}},
    };
}

const ClassRule& RetryPolicy::rule_for(ErrorClass error_class) const {
    static const ClassRule kNoRetry{};
    const auto it = config_.class_rules.find(error_class);
    return it == config_.class_rules.end() ? kNoRetry : it->second;
}

int RetryPolicy::attempts_allowed(ErrorClass error_class) const {
    const ClassRule& rule = rule_for(error_class);
    if (rule.max_attempts > 0) {
        return std::min(rule.max_attempts, config_.max_attempts);
    }
    return config_.max_attempts;
}

int RetryPolicy::attempts_allowed_after(TransportError transport, int class_allowed) {
    switch (transport) {
        case TransportError::HostNotFound:
            return std::min(class_allowed, kHostNotFoundAttempts);
        case TransportError::ConnectionRefused:
            return std::min(class_allowed, kConnectionRefusedAttempts);
        default:
            return class_allowed;
    }
}

WaitPlan RetryPolicy::plan_wait(ErrorClass error_class, const ServerHints& hints, int retry_index,
                                std::int64_t previous_delay_ms, RandomSource& random) const {
    const ClassRule& rule = rule_for(error_class);
    if (config_.honor_retry_after && rule.use_server_hint && hints.delay_ms) {
        WaitPlan plan{*hints.delay_ms, hints.source, false};
        if (hints.absurd || *hints.delay_ms > config_.max_retry_after_ms) {
            plan.hint_above_cap = true;
            if (config_.on_retry_after_above_max == AboveMaxAction::WaitMax) {
                plan.delay_ms = config_.max_retry_after_ms;
            }
        }
        return plan;
    }
    return WaitPlan{backoff_.delay_ms(retry_index, previous_delay_ms, random), DelaySource::Backoff, false};
}

}  // namespace stormproof
