#include "IdentifierWords.h"

#include <QCoreApplication>
#include <QtGlobal>
#include <string>

namespace stormproof {

namespace {
// Every name the dashboard, the event log and the ribbons show (to_string of ErrorClass, DelaySource,
// BreakerState, the breaker chart's levels, TransitionReason, DecisionKind, DecisionReason, EventKind and the
// dashboard's Outcome), marked for lupdate. A name missing here still shows, as written, and the translation
// test names it.
constexpr const char* kIdentifiers[] = {
    QT_TRANSLATE_NOOP("Identifiers", "rate_limited"),
    QT_TRANSLATE_NOOP("Identifiers", "quota_exhausted"),
    QT_TRANSLATE_NOOP("Identifiers", "overloaded"),
    QT_TRANSLATE_NOOP("Identifiers", "server_error"),
    QT_TRANSLATE_NOOP("Identifiers", "timeout"),
    QT_TRANSLATE_NOOP("Identifiers", "network"),
    QT_TRANSLATE_NOOP("Identifiers", "auth"),
    QT_TRANSLATE_NOOP("Identifiers", "bad_request"),
    QT_TRANSLATE_NOOP("Identifiers", "not_found"),
    QT_TRANSLATE_NOOP("Identifiers", "context_length"),
    QT_TRANSLATE_NOOP("Identifiers", "content_policy"),
    QT_TRANSLATE_NOOP("Identifiers", "malformed_response"),
    QT_TRANSLATE_NOOP("Identifiers", "cancelled"),
    QT_TRANSLATE_NOOP("Identifiers", "deadline_exhausted"),
    QT_TRANSLATE_NOOP("Identifiers", "budget_exhausted"),
    QT_TRANSLATE_NOOP("Identifiers", "circuit_open"),
    QT_TRANSLATE_NOOP("Identifiers", "none"),
    QT_TRANSLATE_NOOP("Identifiers", "backoff"),
    QT_TRANSLATE_NOOP("Identifiers", "retry_after"),
    QT_TRANSLATE_NOOP("Identifiers", "retry_after_ms"),
    QT_TRANSLATE_NOOP("Identifiers", "rate_limit_reset"),
    QT_TRANSLATE_NOOP("Identifiers", "body_retry_delay"),
    QT_TRANSLATE_NOOP("Identifiers", "closed"),
    QT_TRANSLATE_NOOP("Identifiers", "open"),
    QT_TRANSLATE_NOOP("Identifiers", "half_open"),
    QT_TRANSLATE_NOOP("Identifiers", "forced_open"),
    QT_TRANSLATE_NOOP("Identifiers", "disabled"),
    QT_TRANSLATE_NOOP("Identifiers", "half-open"),
    QT_TRANSLATE_NOOP("Identifiers", "failure_rate_exceeded"),
    QT_TRANSLATE_NOOP("Identifiers", "consecutive_failures"),
    QT_TRANSLATE_NOOP("Identifiers", "slow_call_rate_exceeded"),
    QT_TRANSLATE_NOOP("Identifiers", "open_duration_elapsed"),
    QT_TRANSLATE_NOOP("Identifiers", "probes_succeeded"),
    QT_TRANSLATE_NOOP("Identifiers", "probe_failed"),
    QT_TRANSLATE_NOOP("Identifiers", "probe_slow"),
    QT_TRANSLATE_NOOP("Identifiers", "forced_closed"),
    QT_TRANSLATE_NOOP("Identifiers", "released"),
    QT_TRANSLATE_NOOP("Identifiers", "reset"),
    QT_TRANSLATE_NOOP("Identifiers", "shared_trip"),
    QT_TRANSLATE_NOOP("Identifiers", "success"),
    QT_TRANSLATE_NOOP("Identifiers", "retry"),
    QT_TRANSLATE_NOOP("Identifiers", "next_key"),
    QT_TRANSLATE_NOOP("Identifiers", "fallback"),
    QT_TRANSLATE_NOOP("Identifiers", "fail"),
    QT_TRANSLATE_NOOP("Identifiers", "hedge"),
    QT_TRANSLATE_NOOP("Identifiers", "succeeded"),
    QT_TRANSLATE_NOOP("Identifiers", "retryable_error"),
    QT_TRANSLATE_NOOP("Identifiers", "server_requested_retry"),
    QT_TRANSLATE_NOOP("Identifiers", "server_forbade_retry"),
    QT_TRANSLATE_NOOP("Identifiers", "not_retryable"),
    QT_TRANSLATE_NOOP("Identifiers", "attempts_exhausted"),
    QT_TRANSLATE_NOOP("Identifiers", "key_rotation"),
    QT_TRANSLATE_NOOP("Identifiers", "hint_above_cap"),
    QT_TRANSLATE_NOOP("Identifiers", "breaker_open"),
    QT_TRANSLATE_NOOP("Identifiers", "all_breakers_open"),
    QT_TRANSLATE_NOOP("Identifiers", "budget_denied"),
    QT_TRANSLATE_NOOP("Identifiers", "deadline_too_close"),
    QT_TRANSLATE_NOOP("Identifiers", "no_targets_left"),
    QT_TRANSLATE_NOOP("Identifiers", "stream_cut_after_first_token"),
    QT_TRANSLATE_NOOP("Identifiers", "stream_restart"),
    QT_TRANSLATE_NOOP("Identifiers", "stream_continue"),
    QT_TRANSLATE_NOOP("Identifiers", "other_attempt_in_flight"),
    QT_TRANSLATE_NOOP("Identifiers", "hedge_delay_elapsed"),
    QT_TRANSLATE_NOOP("Identifiers", "untranslatable"),
    QT_TRANSLATE_NOOP("Identifiers", "provider_wait"),
    QT_TRANSLATE_NOOP("Identifiers", "request_started"),
    QT_TRANSLATE_NOOP("Identifiers", "attempt_started"),
    QT_TRANSLATE_NOOP("Identifiers", "attempt_finished"),
    QT_TRANSLATE_NOOP("Identifiers", "retry_scheduled"),
    QT_TRANSLATE_NOOP("Identifiers", "hedge_started"),
    QT_TRANSLATE_NOOP("Identifiers", "hedge_cancelled"),
    QT_TRANSLATE_NOOP("Identifiers", "breaker_transition"),
    QT_TRANSLATE_NOOP("Identifiers", "request_finished"),
    QT_TRANSLATE_NOOP("Identifiers", "shared_state_changed"),
    QT_TRANSLATE_NOOP("Identifiers", "failed"),
    QT_TRANSLATE_NOOP("Identifiers", "short-circuited"),
    QT_TRANSLATE_NOOP("Identifiers", "budget-denied"),
};
}  // namespace

QString identifier_words(std::string_view name) {
    if (name.empty())
        return {};
    return QCoreApplication::translate("Identifiers", std::string(name).c_str());
}

QString resource_words(const char* context, const std::string& text) {
    return text.empty() ? QString() : QCoreApplication::translate(context, text.c_str());
}

std::span<const char* const> known_identifiers() {
    return kIdentifiers;
}

}  // namespace stormproof
