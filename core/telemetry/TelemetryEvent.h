#pragma once

#include <cstdint>
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "resilience/CircuitBreaker.h"
#include "resilience/Decision.h"
#include "resilience/ErrorClass.h"
#include "resilience/ServerHints.h"

namespace stormproof {

// docs/INTERFACES.md's event names.
enum class EventKind {
    RequestStarted,
    AttemptStarted,
    AttemptFinished,
    RetryScheduled,
    NextKey,
    Fallback,
    HedgeStarted,
    HedgeCancelled,
    BreakerTransition,
    BudgetDenied,
    DeadlineExhausted,
    RequestFinished,
    // Not about one request: the link to the shared state (Redis) went up (`ok` true) or down (`ok` false,
    // `detail` says why). Published by the shared-state sync; the metric stormproof_shared_state_up follows
    // it.
    SharedStateChanged,
};
std::string_view to_string(EventKind kind);

// One telemetry event: a plain value, published to any number of subscribers (dashboard, CLI, JSONL log).
// Optional fields are left out of the JSON when unset. Never carries a key: see Redactor for free text.
struct TelemetryEvent {
    std::int64_t ts_ms = 0;  // Unix ms
    EventKind event = EventKind::RequestStarted;
    std::string trace_id;
    std::string target;
    std::string model;
    std::optional<int> attempt;
    std::optional<int>
        attempt_on_target;  // attempt_started: 1 for the request's first attempt on this target
    std::optional<int> status;
    std::optional<ErrorClass> error_class;
    std::string request_id;
    std::string idempotency_key;
    std::optional<std::int64_t> duration_ms;
    std::optional<std::int64_t> ttft_ms;
    std::optional<std::int64_t> delay_ms;
    std::optional<DelaySource> delay_source;
    std::string from_target;                 // fallback: the target left (`target` is the one it goes to)
    std::optional<BreakerState> from_state;  // breaker_transition: the breaker's states
    std::optional<BreakerState> to_state;
    // JSON's one "reason" field, typed by where it comes from: an engine decision, a breaker transition, or
    // an attempt started as a hedge.
    std::optional<DecisionReason> reason;
    std::optional<TransitionReason> transition_reason;
    bool hedge = false;  // attempt_started: this attempt is a hedge (JSON reason "hedge")
    std::optional<DecisionKind> decision;
    std::string detail;
    std::string conversation;
    std::string
        caller;  // the application a gateway request came from (its User-Agent); empty for the GUI/CLI
    std::optional<int> input_tokens;
    std::optional<int> output_tokens;
    std::optional<bool> ok;
    // Rate-limit headroom the provider reported on this attempt (attempt_finished), for the dashboard.
    std::optional<std::int64_t> ratelimit_remaining_requests;
    std::optional<std::int64_t> ratelimit_limit_requests;
    std::optional<std::int64_t> ratelimit_remaining_tokens;
    std::optional<std::int64_t> ratelimit_limit_tokens;

    nlohmann::json to_json() const;
};

}  // namespace stormproof
