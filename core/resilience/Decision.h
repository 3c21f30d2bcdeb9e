#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "ErrorClass.h"
#include "ServerHints.h"

namespace stormproof {

// Names match docs/INTERFACES.md's attempts[].decision values.
enum class DecisionKind { Success, Retry, NextKey, Fallback, Fail, Hedge, Cancelled };
std::string_view to_string(DecisionKind kind);

// Why: the dashboard and the message ribbon are built from these, so each is specific.
enum class DecisionReason {
    Succeeded,
    RetryableError,            // the class's rule says retry
    ServerRequestedRetry,      // x-should-retry: true overrode the class rule
    ServerForbadeRetry,        // x-should-retry: false overrode the class rule
    NotRetryable,              // the class's rule says do not retry
    AttemptsExhausted,         // max attempts on this target reached
    KeyRotation,               // this key was refused or limited; the target has another
    HintAboveCap,              // the server asked for a wait above max_retry_after_ms
    BreakerOpen,               // the target's circuit breaker refused the attempt (short-circuit)
    AllBreakersOpen,           // every target left is open: the one that reopens soonest is tried anyway
    BudgetDenied,              // the retry budget is spent
    DeadlineTooClose,          // the wait plus an expected attempt would overrun the deadline
    DeadlineExhausted,         // no time left at all
    NoTargetsLeft,             // the fallback chain is exhausted
    StreamCutAfterFirstToken,  // committed stream failed and stream.after_first_token is "fail"
    StreamRestart,             // committed stream failed; restart from scratch
    StreamContinue,            // committed stream failed; continue from the partial text
    OtherAttemptInFlight,      // a hedge race: this attempt lost, another is still running
    HedgeDelayElapsed,         // no first token within the hedging delay; racing the next target
    Cancelled,
    Untranslatable,  // this target cannot take this request (a gateway request using what its protocol lacks)
    ProviderWait,  // the provider asked for a wait on this target and key, seen by another request or process
};
std::string_view to_string(DecisionReason reason);

struct Decision {
    DecisionKind kind = DecisionKind::Fail;
    DecisionReason reason = DecisionReason::NotRetryable;
    std::optional<ErrorClass> error_class;
    std::int64_t delay_ms = 0;
    DelaySource delay_source = DelaySource::None;
    int attempt_id = 0;  // the attempt this decision follows (0: none, e.g. a short-circuit before any)
    int from_target = -1;
    int to_target = -1;  // where the next attempt goes (Retry/NextKey/Fallback/Hedge)
    int to_key = -1;
    std::string detail;
};

}  // namespace stormproof
