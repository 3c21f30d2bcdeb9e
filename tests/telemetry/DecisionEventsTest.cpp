// Which events each engine decision becomes: the whole table, one row per kind and per reason that changes
// the answer (Qt Creator's tst_tasking style: the expected log, compared whole).
#include "telemetry/DecisionEvents.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace stormproof {
namespace {

struct Row {
    DecisionKind kind;
    DecisionReason reason;
    std::optional<ErrorClass> error_class;
    std::vector<EventKind> expected;
};

std::string names(const std::vector<EventKind>& kinds) {
    std::string out;
    for (EventKind k : kinds)
        out += std::string(out.empty() ? "" : ",") + std::string(to_string(k));
    return "[" + out + "]";
}

TEST(DecisionEvents, EachDecisionBecomesExactlyTheseEvents) {
    using K = DecisionKind;
    using R = DecisionReason;
    using E = EventKind;
    const std::vector<Row> table = {
        {K::Success, R::Succeeded, std::nullopt, {}},
        {K::Cancelled, R::Cancelled, ErrorClass::Cancelled, {}},
        {K::Retry, R::RetryableError, ErrorClass::ServerError, {E::RetryScheduled}},
        {K::Retry, R::ServerRequestedRetry, ErrorClass::BadRequest, {E::RetryScheduled}},
        {K::Retry, R::StreamRestart, ErrorClass::Network, {E::RetryScheduled}},
        // A last-resort try is not a retry: nothing was scheduled, no wait happened.
        {K::Retry, R::AllBreakersOpen, ErrorClass::CircuitOpen, {}},
        {K::NextKey, R::KeyRotation, ErrorClass::RateLimited, {E::NextKey}},
        {K::Fallback, R::AttemptsExhausted, ErrorClass::ServerError, {E::Fallback}},
        {K::Fallback, R::BreakerOpen, ErrorClass::CircuitOpen, {E::Fallback}},
        {K::Fallback, R::HintAboveCap, ErrorClass::RateLimited, {E::Fallback}},
        {K::Fallback, R::BudgetDenied, ErrorClass::ServerError, {E::BudgetDenied, E::Fallback}},
        // A hedge that lost to an attempt still running: the race goes on, nobody fell back.
        {K::Fallback, R::OtherAttemptInFlight, ErrorClass::ServerError, {}},
        {K::Hedge, R::HedgeDelayElapsed, std::nullopt, {E::HedgeStarted}},
        {K::Hedge, R::BudgetDenied, ErrorClass::BudgetExhausted, {E::BudgetDenied}},
        {K::Fail, R::BudgetDenied, ErrorClass::BudgetExhausted, {E::BudgetDenied}},
        {K::Fail, R::DeadlineTooClose, ErrorClass::DeadlineExhausted, {E::DeadlineExhausted}},
        {K::Fail, R::DeadlineExhausted, ErrorClass::DeadlineExhausted, {E::DeadlineExhausted}},
        {K::Fail, R::AttemptsExhausted, ErrorClass::ServerError, {}},
        {K::Fail, R::NotRetryable, ErrorClass::Auth, {}},
        {K::Fail, R::StreamCutAfterFirstToken, ErrorClass::Network, {}},
    };
    for (const Row& row : table) {
        Decision d;
        d.kind = row.kind;
        d.reason = row.reason;
        d.error_class = row.error_class;
        EXPECT_EQ(names(events_for(d)), names(row.expected))
            << to_string(row.kind) << " / " << to_string(row.reason);
    }
}

}  // namespace
}  // namespace stormproof
