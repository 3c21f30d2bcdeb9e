#include "Decision.h"

namespace stormproof {

std::string_view to_string(DecisionKind kind) {
    switch (kind) {
        case DecisionKind::Success:
            return "success";
        case DecisionKind::Retry:
            return "retry";
        case DecisionKind::NextKey:
            return "next_key";
        case DecisionKind::Fallback:
            return "fallback";
        case DecisionKind::Fail:
            return "fail";
        case DecisionKind::Hedge:
            return "hedge";
        case DecisionKind::Cancelled:
            return "cancelled";
    }
    return "fail";
}

std::string_view to_string(DecisionReason reason) {
    switch (reason) {
        case DecisionReason::Succeeded:
            return "succeeded";
        case DecisionReason::RetryableError:
            return "retryable_error";
        case DecisionReason::ServerRequestedRetry:
            return "server_requested_retry";
        case DecisionReason::ServerForbadeRetry:
            return "server_forbade_retry";
        case DecisionReason::NotRetryable:
            return "not_retryable";
        case DecisionReason::AttemptsExhausted:
            return "attempts_exhausted";
        case DecisionReason::KeyRotation:
            return "key_rotation";
        case DecisionReason::HintAboveCap:
            return "hint_above_cap";
        case DecisionReason::BreakerOpen:
            return "breaker_open";
        case DecisionReason::AllBreakersOpen:
            return "all_breakers_open";
        case DecisionReason::BudgetDenied:
            return "budget_denied";
        case DecisionReason::DeadlineTooClose:
            return "deadline_too_close";
        case DecisionReason::DeadlineExhausted:
            return "deadline_exhausted";
        case DecisionReason::NoTargetsLeft:
            return "no_targets_left";
        case DecisionReason::StreamCutAfterFirstToken:
            return "stream_cut_after_first_token";
        case DecisionReason::StreamRestart:
            return "stream_restart";
        case DecisionReason::StreamContinue:
            return "stream_continue";
        case DecisionReason::OtherAttemptInFlight:
            return "other_attempt_in_flight";
        case DecisionReason::HedgeDelayElapsed:
            return "hedge_delay_elapsed";
        case DecisionReason::Cancelled:
            return "cancelled";
        case DecisionReason::Untranslatable:
            return "untranslatable";
        case DecisionReason::ProviderWait:
            return "provider_wait";
    }
    return "not_retryable";
}

}  // namespace stormproof
