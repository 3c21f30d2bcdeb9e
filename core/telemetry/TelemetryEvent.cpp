#include "TelemetryEvent.h"

#include <nlohmann/json.hpp>

namespace stormproof {

std::string_view to_string(EventKind kind) {
    switch (kind) {
        case EventKind::RequestStarted:
            return "request_started";
        case EventKind::AttemptStarted:
            return "attempt_started";
        case EventKind::AttemptFinished:
            return "attempt_finished";
        case EventKind::RetryScheduled:
            return "retry_scheduled";
        case EventKind::NextKey:
            return "next_key";
        case EventKind::Fallback:
            return "fallback";
        case EventKind::HedgeStarted:
            return "hedge_started";
        case EventKind::HedgeCancelled:
            return "hedge_cancelled";
        case EventKind::BreakerTransition:
            return "breaker_transition";
        case EventKind::BudgetDenied:
            return "budget_denied";
        case EventKind::DeadlineExhausted:
            return "deadline_exhausted";
        case EventKind::RequestFinished:
            return "request_finished";
        case EventKind::SharedStateChanged:
            return "shared_state_changed";
    }
    return "request_started";
}

nlohmann::json TelemetryEvent::to_json() const {
    nlohmann::json j = {{"ts_ms", ts_ms}, {"event", std::string(to_string(event))}, {"trace_id", trace_id}};
    auto put = [&j](const char* key, const std::string& value) {
        if (!value.empty())
            j[key] = value;
    };
    put("target", target);
    put("model", model);
    if (attempt)
        j["attempt"] = *attempt;
    if (attempt_on_target)
        j["attempt_on_target"] = *attempt_on_target;
    if (status)
        j["status"] = *status;
    if (error_class)
        j["error_class"] = std::string(to_string(*error_class));
    put("request_id", request_id);
    put("idempotency_key", idempotency_key);
    if (duration_ms)
        j["duration_ms"] = *duration_ms;
    if (ttft_ms)
        j["ttft_ms"] = *ttft_ms;
    if (delay_ms)
        j["delay_ms"] = *delay_ms;
    if (delay_source)
        j["delay_source"] = std::string(to_string(*delay_source));
    put("from_target", from_target);
    if (from_state)
        j["from_state"] = std::string(to_string(*from_state));
    if (to_state)
        j["to_state"] = std::string(to_string(*to_state));
    if (reason)
        j["reason"] = std::string(to_string(*reason));
    else if (transition_reason)
        j["reason"] = std::string(to_string(*transition_reason));
    else if (hedge)
        j["reason"] = "hedge";
    if (decision)
        j["decision"] = std::string(to_string(*decision));
    put("detail", detail);
    put("conversation", conversation);
    put("caller", caller);
    if (input_tokens)
        j["input_tokens"] = *input_tokens;
    if (output_tokens)
        j["output_tokens"] = *output_tokens;
    if (ok)
        j["ok"] = *ok;
    if (ratelimit_remaining_requests)
        j["ratelimit_remaining_requests"] = *ratelimit_remaining_requests;
    if (ratelimit_limit_requests)
        j["ratelimit_limit_requests"] = *ratelimit_limit_requests;
    if (ratelimit_remaining_tokens)
        j["ratelimit_remaining_tokens"] = *ratelimit_remaining_tokens;
    if (ratelimit_limit_tokens)
        j["ratelimit_limit_tokens"] = *ratelimit_limit_tokens;
    return j;
}

}  // namespace stormproof
