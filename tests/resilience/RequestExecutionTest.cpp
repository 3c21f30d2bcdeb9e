#include "resilience/RequestExecution.h"

#include <gtest/gtest.h>

#include <set>

#include "resilience/SeededRandom.h"
#include "resilience/ServerHintParser.h"
#include "resilience/SimulatedTime.h"

namespace stormproof {
namespace {

AttemptOutcome ok() {
    AttemptOutcome o;
    o.http_status = 200;
    o.received_first_token = true;
    o.ttft_ms = 50;
    o.duration_ms = 200;
    return o;
}

AttemptOutcome http(int status, const std::string& body = {}, HttpHeaders headers = {}) {
    AttemptOutcome o;
    o.http_status = status;
    o.provider_error = ProviderError::parse(body);
    o.hints = ServerHintParser::parse(headers, SimulatedTime::kDefaultSystemEpochMs, status == 429);
    o.duration_ms = 30;
    return o;
}

AttemptOutcome transport(TransportError error) {
    AttemptOutcome o;
    o.transport = error;
    o.duration_ms = 30;
    return o;
}

class RequestExecutionTest : public ::testing::Test {
protected:
    SimulatedTime time;
    SeededRandom random{2026};
    ResiliencePolicy policy;
    std::vector<ExecutionTarget> targets{{"primary", 1}, {"backup", 1}};
    std::unique_ptr<ResilienceState> state;
    std::vector<BreakerTransition> transitions;

    void SetUp() override {
        policy.retry.backoff.jitter = JitterKind::None;  // exact delays unless a test asks for jitter
    }

    RequestExecution make() {
        if (!state) {
            state = std::make_unique<ResilienceState>(policy);
            state->set_transition_listener([this](const BreakerTransition& t) { transitions.push_back(t); });
        }
        return RequestExecution(policy, targets, *state, time, random, RequestIdentity::generate(random),
                                "conv-1");
    }

    // Runs a request to completion: each attempt gets the next scripted outcome (the last one repeats);
    // waits pass on the fake clock. Returns every decision made and every attempt started.
    struct Run {
        std::vector<Decision> decisions;
        std::vector<AttemptSpec> attempts;
        std::int64_t elapsed_ms = 0;
        Decision last() const { return decisions.back(); }
    };
    Run run(RequestExecution& e, std::vector<AttemptOutcome> script) {
        Run r;
        const std::int64_t start = time.steady_ms();
        std::size_t next = 0;
        Step step = e.begin();
        for (int guard = 0; guard < 200; ++guard) {
            r.decisions.insert(r.decisions.end(), step.decisions.begin(), step.decisions.end());
            if (step.finished)
                break;
            if (step.start) {
                r.attempts.push_back(*step.start);
                const AttemptOutcome& o = script[std::min(next++, script.size() - 1)];
                time.advance_ms(o.duration_ms);
                step = e.on_attempt_finished(step.start->attempt_id, o);
            } else if (step.wait_ms) {
                time.advance_ms(*step.wait_ms);
                step = e.resume();
            } else {
                ADD_FAILURE() << "a step that is neither finished, a start nor a wait";
                break;
            }
        }
        r.elapsed_ms = time.steady_ms() - start;
        EXPECT_TRUE(e.finished());
        return r;
    }
};

TEST_F(RequestExecutionTest, SuccessAtFirstTry) {
    auto e = make();
    const Run r = run(e, {ok()});
    ASSERT_EQ(r.decisions.size(), 1U);
    EXPECT_EQ(r.last().kind, DecisionKind::Success);
    EXPECT_EQ(e.served_by(), 0);
    EXPECT_EQ(r.attempts.size(), 1U);
}

TEST_F(RequestExecutionTest, ServerErrorsBackOffExponentiallyThenSucceed) {
    auto e = make();
    const Run r = run(e, {http(503), http(503), http(503), ok()});
    ASSERT_EQ(r.decisions.size(), 4U);
    const std::vector<std::int64_t> delays = {1000, 2000, 4000};
    for (std::size_t i = 0; i < 3; ++i) {
        EXPECT_EQ(r.decisions[i].kind, DecisionKind::Retry);
        EXPECT_EQ(r.decisions[i].error_class, ErrorClass::ServerError);
        EXPECT_EQ(r.decisions[i].delay_ms, delays[i]);
        EXPECT_EQ(r.decisions[i].delay_source, DelaySource::Backoff);
        EXPECT_EQ(r.decisions[i].reason, DecisionReason::RetryableError);
    }
    EXPECT_EQ(r.last().kind, DecisionKind::Success);
    EXPECT_EQ(r.attempts.back().attempt_on_target, 4);
}

TEST_F(RequestExecutionTest, FullJitterDelaysStayUnderTheCeiling) {
    policy.retry.backoff.jitter = JitterKind::Full;
    auto e = make();
    const Run r = run(e, {http(500), http(500), http(500), ok()});
    for (std::size_t i = 0; i < 3; ++i) {
        EXPECT_LE(r.decisions[i].delay_ms, 1000 << i);
        EXPECT_GE(r.decisions[i].delay_ms, 0);
    }
}

TEST_F(RequestExecutionTest, RateLimitWaitsExactlyAsToldByRetryAfterMs) {
    auto e = make();
    const Run r = run(e, {http(429, "", {{"retry-after-ms", "1234"}, {"retry-after", "9"}}), ok()});
    ASSERT_EQ(r.decisions.size(), 2U);
    EXPECT_EQ(r.decisions[0].kind, DecisionKind::Retry);
    EXPECT_EQ(r.decisions[0].delay_ms, 1234);
    EXPECT_EQ(r.decisions[0].delay_source, DelaySource::RetryAfterMs);
    EXPECT_EQ(r.elapsed_ms, 30 + 1234 + 200);
}

TEST_F(RequestExecutionTest, RateLimitWaitsForTheResetWhenThereIsNoRetryAfter) {
    auto e = make();
    const Run r = run(
        e, {http(429, "", {{"x-ratelimit-remaining-requests", "0"}, {"x-ratelimit-reset-requests", "2s"}}),
            ok()});
    EXPECT_EQ(r.decisions[0].delay_ms, 2000);
    EXPECT_EQ(r.decisions[0].delay_source, DelaySource::RateLimitReset);
}

TEST_F(RequestExecutionTest, ZeroRetryAfterFallsBackToBackoff) {
    auto e = make();
    const Run r = run(e, {http(429, "", {{"retry-after", "0"}}), ok()});
    EXPECT_EQ(r.decisions[0].delay_source, DelaySource::Backoff);
    EXPECT_EQ(r.decisions[0].delay_ms, 1000);
}

TEST_F(RequestExecutionTest, RetryAfterAboveTheCapGoesToTheNextTargetAtOnce) {
    auto e = make();
    const Run r = run(e, {http(429, "", {{"retry-after", "300"}}), ok()});
    ASSERT_EQ(r.decisions.size(), 2U);
    EXPECT_EQ(r.decisions[0].kind, DecisionKind::Fallback);
    EXPECT_EQ(r.decisions[0].reason, DecisionReason::HintAboveCap);
    EXPECT_EQ(r.decisions[0].to_target, 1);
    EXPECT_EQ(r.attempts[1].target_index, 1);
    EXPECT_EQ(r.elapsed_ms, 30 + 200) << "no waiting at all";
    EXPECT_EQ(e.served_by(), 1);
}

TEST_F(RequestExecutionTest, RetryAfterAboveTheCapFailsFastWhenNoTargetIsLeft) {
    targets = {{"only", 1}};
    auto e = make();
    const Run r = run(e, {http(429, "", {{"retry-after", "3600"}})});
    EXPECT_EQ(r.last().kind, DecisionKind::Fail);
    EXPECT_EQ(r.last().reason, DecisionReason::HintAboveCap);
    EXPECT_EQ(r.last().error_class, ErrorClass::RateLimited);
    EXPECT_EQ(r.elapsed_ms, 30);
}

TEST_F(RequestExecutionTest, RetryAfterAboveTheCapWithFailAction) {
    policy.retry.on_retry_after_above_max = AboveMaxAction::Fail;
    auto e = make();
    const Run r = run(e, {http(429, "", {{"retry-after", "300"}})});
    EXPECT_EQ(r.last().kind, DecisionKind::Fail);
    EXPECT_EQ(r.attempts.size(), 1U) << "fail means no fallback either";
}

TEST_F(RequestExecutionTest, RetryAfterAboveTheCapWithWaitMaxWaitsTheCap) {
    policy.retry.on_retry_after_above_max = AboveMaxAction::WaitMax;
    policy.retry.max_retry_after_ms = 5000;
    auto e = make();
    const Run r = run(e, {http(429, "", {{"retry-after", "300"}}), ok()});
    EXPECT_EQ(r.decisions[0].kind, DecisionKind::Retry);
    EXPECT_EQ(r.decisions[0].delay_ms, 5000);
    EXPECT_EQ(r.decisions[0].delay_source, DelaySource::RetryAfter);
}

TEST_F(RequestExecutionTest, IgnoringRetryAfterUsesBackoff) {
    policy.retry.honor_retry_after = false;
    auto e = make();
    const Run r = run(e, {http(429, "", {{"retry-after", "20"}}), ok()});
    EXPECT_EQ(r.decisions[0].delay_source, DelaySource::Backoff);
    EXPECT_EQ(r.decisions[0].delay_ms, 1000);
}

TEST_F(RequestExecutionTest, BadRequestStopsAtOnceWithoutFallback) {
    auto e = make();
    const Run r = run(e, {http(400, R"({"error":{"message":"bad temperature"}})")});
    ASSERT_EQ(r.decisions.size(), 1U);
    EXPECT_EQ(r.last().kind, DecisionKind::Fail);
    EXPECT_EQ(r.last().error_class, ErrorClass::BadRequest);
    EXPECT_EQ(r.last().reason, DecisionReason::NotRetryable);
    EXPECT_EQ(r.attempts.size(), 1U);
}

TEST_F(RequestExecutionTest, QuotaExhaustedIsNeverRetriedAndFallsBack) {
    auto e = make();
    const Run r = run(e, {http(429, R"({"error":{"code":"insufficient_quota","type":"insufficient_quota"}})",
                               {{"retry-after", "1"}}),
                          ok()});
    EXPECT_EQ(r.decisions[0].kind, DecisionKind::Fallback);
    EXPECT_EQ(r.decisions[0].error_class, ErrorClass::QuotaExhausted);
    EXPECT_EQ(r.attempts[1].target_index, 1);
}

TEST_F(RequestExecutionTest, ContextLengthFallsBackToTheNextTarget) {
    auto e = make();
    const Run r = run(e, {http(400, R"({"error":{"code":"context_length_exceeded"}})"), ok()});
    EXPECT_EQ(r.decisions[0].kind, DecisionKind::Fallback);
    EXPECT_EQ(r.decisions[0].error_class, ErrorClass::ContextLength);
    EXPECT_EQ(e.served_by(), 1);
}

TEST_F(RequestExecutionTest, AuthFailureRotatesKeysThenFallsBack) {
    targets = {{"primary", 3}, {"backup", 1}};
    auto e = make();
    const Run r = run(e, {http(401), http(401), http(401), ok()});
    ASSERT_EQ(r.attempts.size(), 4U);
    EXPECT_EQ(r.attempts[0].key_index, 0);
    EXPECT_EQ(r.attempts[1].key_index, 1);
    EXPECT_EQ(r.attempts[2].key_index, 2);
    EXPECT_EQ(r.attempts[3].target_index, 1);
    EXPECT_EQ(r.decisions[0].kind, DecisionKind::NextKey);
    EXPECT_EQ(r.decisions[1].kind, DecisionKind::NextKey);
    EXPECT_EQ(r.decisions[2].kind, DecisionKind::Fallback);
    EXPECT_EQ(r.decisions[2].reason, DecisionReason::NotRetryable);
    EXPECT_EQ(r.elapsed_ms, 3 * 30 + 200) << "key rotation does not wait";
}

TEST_F(RequestExecutionTest, RateLimitRotatesToTheNextKeyBeforeWaiting) {
    targets = {{"primary", 2}};
    auto e = make();
    const Run r =
        run(e, {http(429, "", {{"retry-after", "2"}}), http(429, "", {{"retry-after", "2"}}), ok()});
    EXPECT_EQ(r.decisions[0].kind, DecisionKind::NextKey);
    EXPECT_EQ(r.decisions[0].delay_ms, 0);
    EXPECT_EQ(r.decisions[1].kind, DecisionKind::Retry);
    EXPECT_EQ(r.decisions[1].delay_ms, 2000);
    EXPECT_EQ(r.attempts[2].key_index, 1) << "the retry stays on the last key";
}

TEST_F(RequestExecutionTest, AttemptsExhaustedFallsBackThenFailsWithTheLastClass) {
    policy.retry.max_attempts = 2;
    auto e = make();
    const Run r = run(e, {http(500)});
    ASSERT_EQ(r.attempts.size(), 4U);
    EXPECT_EQ(r.attempts[2].target_index, 1);
    EXPECT_EQ(r.last().kind, DecisionKind::Fail);
    EXPECT_EQ(r.last().reason, DecisionReason::AttemptsExhausted);
    EXPECT_EQ(r.last().error_class, ErrorClass::ServerError);
    EXPECT_EQ(e.final_error(), ErrorClass::ServerError);
}

TEST_F(RequestExecutionTest, TimeoutsAreBoundedSeparately) {
    targets = {{"only", 1}};
    auto e = make();
    const Run r = run(e, {transport(TransportError::FirstTokenTimeout)});
    EXPECT_EQ(r.attempts.size(), static_cast<std::size_t>(RetryConfig::kDefaultTimeoutAttempts));
    EXPECT_EQ(r.last().error_class, ErrorClass::Timeout);
}

TEST_F(RequestExecutionTest, ShouldRetryFalseOverridesARetryableClass) {
    targets = {{"only", 1}};
    auto e = make();
    const Run r = run(e, {http(503, "", {{"x-should-retry", "false"}})});
    EXPECT_EQ(r.attempts.size(), 1U);
    EXPECT_EQ(r.last().reason, DecisionReason::ServerForbadeRetry);
}

TEST_F(RequestExecutionTest, ShouldRetryTrueOverridesANonRetryableClass) {
    targets = {{"only", 1}};
    auto e = make();
    const Run r = run(e, {http(400, "", {{"x-should-retry", "true"}}), ok()});
    EXPECT_EQ(r.decisions[0].kind, DecisionKind::Retry);
    EXPECT_EQ(r.decisions[0].reason, DecisionReason::ServerRequestedRetry);
    EXPECT_EQ(r.last().kind, DecisionKind::Success);
}

TEST_F(RequestExecutionTest, OpenBreakerSkipsItsTargetWithoutAnAttempt) {
    auto e0 = make();
    state->breaker("primary").force_open(time.steady_ms());
    const Run r = run(e0, {ok()});
    ASSERT_EQ(r.attempts.size(), 1U);
    EXPECT_EQ(r.attempts[0].target_index, 1) << "the primary was never called";
    EXPECT_EQ(r.decisions[0].kind, DecisionKind::Fallback);
    EXPECT_EQ(r.decisions[0].reason, DecisionReason::BreakerOpen);
    EXPECT_EQ(r.decisions[0].error_class, ErrorClass::CircuitOpen);
    EXPECT_EQ(r.decisions[0].attempt_id, 0);
}

TEST_F(RequestExecutionTest, BreakersForcedOpenByHandAreAlwaysRespected) {
    auto e = make();
    state->breaker("primary").force_open(0);
    state->breaker("backup").force_open(0);
    const Run r = run(e, {ok()});
    EXPECT_TRUE(r.attempts.empty());
    EXPECT_EQ(r.last().kind, DecisionKind::Fail);
    EXPECT_EQ(r.last().error_class, ErrorClass::CircuitOpen);
}

TEST_F(RequestExecutionTest, WhenEveryTargetIsOpenTheOneThatReopensSoonestIsTried) {
    policy.breaker.consecutive_failures = 2;
    policy.retry.max_attempts = 2;  // each target's attempts end as its breaker trips
    auto first = make();
    run(first, {http(503), http(503), http(503), http(503)});  // both targets trip
    ASSERT_EQ(state->breaker("primary").state(), BreakerState::Open);
    ASSERT_EQ(state->breaker("backup").state(), BreakerState::Open);
    time.advance_ms(100);
    auto e = make();
    const Run r = run(e, {ok()});
    ASSERT_EQ(r.attempts.size(), 1U) << "not a fast failure: there is nowhere else to go";
    EXPECT_EQ(r.attempts[0].target_index, 0) << "the primary opened first, so it reopens first";
    EXPECT_EQ(r.decisions[1].reason, DecisionReason::AllBreakersOpen);
    EXPECT_EQ(r.last().kind, DecisionKind::Success);
    EXPECT_EQ(state->breaker("primary").state(), BreakerState::Open)
        << "a last-resort success does not close it";
}

TEST_F(RequestExecutionTest, AFlakySingleTargetIsNeverStarvedByItsBreaker) {
    targets = {{"only", 1}};
    policy.breaker.consecutive_failures = 2;
    auto e = make();
    const Run first = run(e, {http(503), http(503), ok()});
    ASSERT_EQ(state->breaker("only").state(), BreakerState::Open);
    // The breaker opened on the 2nd failure, mid-request: with no fallback, the retry still waits its backoff
    // and goes ahead as a last resort instead of failing the request on the spot.
    ASSERT_EQ(first.attempts.size(), 3U);
    EXPECT_EQ(first.decisions[1].kind, DecisionKind::Retry);
    EXPECT_GT(first.decisions[1].delay_ms, 0);
    EXPECT_EQ(first.last().kind, DecisionKind::Success);
    auto next = make();
    const Run r = run(next, {ok()});
    EXPECT_EQ(r.last().kind, DecisionKind::Success);
}

TEST_F(RequestExecutionTest, AFailureThatTripsTheBreakerFallsBackWithoutWaiting) {
    policy.breaker.consecutive_failures = 3;
    auto e = make();
    const Run r = run(e, {http(503), http(503), http(503), ok()});
    // Attempts 1-2 retry with backoff; the 3rd consecutive failure opens the breaker: no wait for a retry
    // that would be short-circuited anyway.
    ASSERT_EQ(r.attempts.size(), 4U);
    EXPECT_EQ(r.decisions[2].kind, DecisionKind::Fallback);
    EXPECT_EQ(r.decisions[2].reason, DecisionReason::BreakerOpen);
    EXPECT_EQ(r.attempts[3].target_index, 1);
    ASSERT_EQ(transitions.size(), 1U);
    EXPECT_EQ(transitions[0].to, BreakerState::Open);

    // The next request goes straight to the backup: not one attempt wasted on the dead primary.
    auto next = make();
    const Run r2 = run(next, {ok()});
    ASSERT_EQ(r2.attempts.size(), 1U);
    EXPECT_EQ(r2.attempts[0].target_index, 1);
}

TEST_F(RequestExecutionTest, BreakerProbesTheRecoveredPrimaryAfterItsOpenTime) {
    policy.breaker.consecutive_failures = 3;
    auto e = make();
    run(e, {http(503), http(503), http(503), ok()});
    time.advance_ms(policy.breaker.open_ms);
    auto probe1 = make();
    const Run r1 = run(probe1, {ok()});
    EXPECT_EQ(r1.attempts[0].target_index, 0) << "half-open: the primary gets a probe";
    auto probe2 = make();
    run(probe2, {ok()});
    EXPECT_EQ(state->breaker("primary").state(), BreakerState::Closed);
}

TEST_F(RequestExecutionTest, ASingleTargetHalfOpenWithItsProbesBusyIsStillTried) {
    targets = {{"only", 1}};
    policy.breaker.consecutive_failures = 2;
    policy.breaker.half_open_probes = 2;
    policy.retry.max_attempts = 2;
    auto tripping = make();
    run(tripping, {http(503)});
    ASSERT_EQ(state->breaker("only").state(), BreakerState::Open);
    time.advance_ms(policy.breaker.open_ms);
    // Two requests take both probe slots and stay in flight.
    auto probe1 = make();
    auto probe2 = make();
    const Step s1 = probe1.begin();
    const Step s2 = probe2.begin();
    ASSERT_TRUE(s1.start && s2.start);
    ASSERT_EQ(state->breaker("only").state(), BreakerState::HalfOpen);
    // A third request has nowhere else to go: it is tried as a last resort, not failed in 0 ms.
    auto third = make();
    const Step s3 = third.begin();
    ASSERT_TRUE(s3.start) << "a fast failure while the probes are out";
    ASSERT_FALSE(s3.decisions.empty());
    EXPECT_EQ(s3.decisions.back().reason, DecisionReason::AllBreakersOpen);
    // Its result does not decide the breaker: the probes do.
    third.on_attempt_finished(s3.start->attempt_id, ok());
    EXPECT_EQ(state->breaker("only").state(), BreakerState::HalfOpen);
    probe1.on_attempt_finished(s1.start->attempt_id, ok());
    probe2.on_attempt_finished(s2.start->attempt_id, ok());
    EXPECT_EQ(state->breaker("only").state(), BreakerState::Closed);
}

TEST_F(RequestExecutionTest, BudgetDenialIsAnExplicitOutcome) {
    policy.budget.retry_ratio = 0.0;
    policy.budget.min_retries_per_s = 0.1;  // one retry per 10 s window
    targets = {{"only", 1}};
    auto e = make();
    const Run r = run(e, {http(503)});
    ASSERT_EQ(r.attempts.size(), 2U);
    EXPECT_EQ(r.last().kind, DecisionKind::Fail);
    EXPECT_EQ(r.last().reason, DecisionReason::BudgetDenied);
    EXPECT_EQ(r.last().error_class, ErrorClass::BudgetExhausted);
}

TEST_F(RequestExecutionTest, TheBudgetOfTheTargetThatFailedNeverBlocksAHealthyFallback) {
    // No retries at all, in either scope: the primary's 503 cannot be retried, and the backup's first attempt
    // is a new request to the backup, not a retry of the primary.
    for (const BudgetScope scope : {BudgetScope::Global, BudgetScope::Target}) {
        policy.budget.scope = scope;
        policy.budget.retry_ratio = 0.0;
        policy.budget.min_retries_per_s = 0.0;
        state.reset();
        auto e = make();
        const Run r = run(e, {http(503), ok()});
        ASSERT_EQ(r.decisions.size(), 2U) << to_string(scope);
        EXPECT_EQ(r.decisions[0].kind, DecisionKind::Fallback);
        EXPECT_EQ(r.decisions[0].reason, DecisionReason::BudgetDenied);
        EXPECT_EQ(r.decisions[0].to_target, 1);
        EXPECT_EQ(r.last().kind, DecisionKind::Success);
        EXPECT_EQ(e.served_by(), 1);
        ASSERT_EQ(r.attempts.size(), 2U);
        EXPECT_EQ(r.attempts[1].target_index, 1);
    }
}

TEST_F(RequestExecutionTest, ARetryIsPaidForWhenDecidedSoEveryScheduledRetryIsSent) {
    // One retry in the window: two requests fail together; the first is granted the retry and waits for it,
    // the second is refused at once (no wait, no retry_scheduled that the budget later denies).
    policy.budget.retry_ratio = 0.0;
    policy.budget.min_retries_per_s = 0.1;  // 10 s window: exactly one retry
    targets = {{"only", 1}};
    auto first = make();
    auto second = make();
    const Step a = first.begin();
    const Step b = second.begin();
    ASSERT_TRUE(a.start && b.start);
    const Step a_failed = first.on_attempt_finished(a.start->attempt_id, http(503));
    ASSERT_EQ(a_failed.decisions.size(), 1U);
    EXPECT_EQ(a_failed.decisions[0].kind, DecisionKind::Retry);
    ASSERT_TRUE(a_failed.wait_ms);
    const Step b_failed = second.on_attempt_finished(b.start->attempt_id, http(503));
    ASSERT_EQ(b_failed.decisions.size(), 1U);
    EXPECT_EQ(b_failed.decisions[0].kind, DecisionKind::Fail);
    EXPECT_EQ(b_failed.decisions[0].reason, DecisionReason::BudgetDenied);
    EXPECT_EQ(b_failed.decisions[0].error_class, ErrorClass::BudgetExhausted);
    EXPECT_NE(b_failed.decisions[0].detail.find("server_error"), std::string::npos)
        << "the cause underneath is named: " << b_failed.decisions[0].detail;
    EXPECT_FALSE(b_failed.wait_ms);
    time.advance_ms(*a_failed.wait_ms);
    const Step resumed = first.resume();
    EXPECT_TRUE(resumed.start) << "the retry that was scheduled is sent";
}

TEST_F(RequestExecutionTest, AnUnresolvableHostIsNotRetriedAndARefusedPortOnlyOnce) {
    struct Case {
        TransportError error;
        std::size_t attempts_on_primary;
    };
    for (const Case c : {Case{TransportError::HostNotFound, 1}, Case{TransportError::ConnectionRefused, 2},
                         Case{TransportError::ConnectionReset, 5}}) {
        state.reset();
        auto e = make();
        std::vector<AttemptOutcome> script(c.attempts_on_primary, transport(c.error));
        script.push_back(ok());  // the backup's first attempt
        const Run r = run(e, script);
        std::size_t on_primary = 0;
        for (const AttemptSpec& a : r.attempts)
            on_primary += a.target_index == 0 ? 1 : 0;
        EXPECT_EQ(on_primary, c.attempts_on_primary) << to_string(c.error);
        EXPECT_EQ(e.served_by(), 1) << to_string(c.error) << ": the backup answers";
    }
}

TEST_F(RequestExecutionTest, ABreakerTransitionNamesTheRequestThatCausedIt) {
    targets = {{"only", 1}};
    auto e = make();
    run(e, {http(503)});  // five failures in a row trip the breaker
    ASSERT_FALSE(transitions.empty());
    EXPECT_EQ(transitions.front().to, BreakerState::Open);
    EXPECT_EQ(transitions.front().trace_id, e.identity().trace_id);
    state->breaker("only").force_closed(time.steady_ms());
    EXPECT_TRUE(transitions.back().trace_id.empty()) << "a change made by hand belongs to no request";
}

TEST_F(RequestExecutionTest, BudgetDisabledNeverDenies) {
    policy.budget.enabled = false;
    policy.budget.retry_ratio = 0.0;
    policy.budget.min_retries_per_s = 0.0;
    targets = {{"only", 1}};
    auto e = make();
    const Run r = run(e, {http(503), http(503), ok()});
    EXPECT_EQ(r.last().kind, DecisionKind::Success);
}

TEST_F(RequestExecutionTest, DeadlineStopsARetryWhoseWaitWouldOverrunIt) {
    policy.timeouts.deadline_ms = 5000;
    targets = {{"only", 1}};
    auto e = make();
    const Run r = run(e, {http(503), http(503), http(503), ok()});
    // Waits 1000 and 2000 fit (30+1000+30+2000+30 = 3090 ms); the next 4000 ms wait would end past 5000.
    ASSERT_EQ(r.attempts.size(), 3U);
    EXPECT_EQ(r.last().kind, DecisionKind::Fail);
    EXPECT_EQ(r.last().error_class, ErrorClass::DeadlineExhausted);
    EXPECT_EQ(r.last().reason, DecisionReason::DeadlineTooClose);
    EXPECT_LT(r.elapsed_ms, 5000);
}

TEST_F(RequestExecutionTest, DeadlineTooCloseForAWaitStillAllowsAnImmediateFallback) {
    policy.timeouts.deadline_ms = 5000;
    auto e = make();
    const Run r = run(e, {http(429, "", {{"retry-after", "10"}}), ok()});
    // 10 s is under the 60 s cap but past the deadline: the backup is tried at once instead.
    EXPECT_EQ(r.decisions[0].kind, DecisionKind::Fallback);
    EXPECT_EQ(r.decisions[0].reason, DecisionReason::DeadlineTooClose);
    EXPECT_EQ(r.last().kind, DecisionKind::Success);
}

TEST_F(RequestExecutionTest, DeadlineAccountsForTheExpectedTimeToFirstToken) {
    policy.timeouts.deadline_ms = 3000;
    targets = {{"only", 1}};
    auto e0 = make();
    for (int i = 0; i < 5; ++i)
        state->ttft("only").add_sample_ms(2500);
    const Run r = run(e0, {http(503), ok()});
    // 30 ms + 1000 ms wait + 2500 ms expected TTFT > 3000 ms: not worth starting.
    EXPECT_EQ(r.attempts.size(), 1U);
    EXPECT_EQ(r.last().error_class, ErrorClass::DeadlineExhausted);
}

TEST_F(RequestExecutionTest, PerAttemptTimeoutsAreClampedToTheDeadline) {
    policy.timeouts.deadline_ms = 4000;
    auto e = make();
    Step s = e.begin();
    ASSERT_TRUE(s.start);
    EXPECT_EQ(s.start->attempt_timeout_ms, 4000);
    EXPECT_EQ(s.start->first_token_timeout_ms, 4000);
    time.advance_ms(500);
    s = e.on_attempt_finished(s.start->attempt_id, http(503));
    ASSERT_TRUE(s.wait_ms);
    time.advance_ms(*s.wait_ms);
    s = e.resume();
    ASSERT_TRUE(s.start);
    EXPECT_EQ(s.start->attempt_timeout_ms, 4000 - 1500);
    EXPECT_EQ(s.start->connect_timeout_ms, 2500);
}

TEST_F(RequestExecutionTest, IdentityIsOnePerRequestAndWellFormed) {
    auto a = make();
    auto b = make();
    EXPECT_NE(a.identity().trace_id, b.identity().trace_id);
    EXPECT_NE(a.identity().idempotency_key, b.identity().idempotency_key);
    EXPECT_EQ(a.identity().trace_id.size(), 32U);
    EXPECT_EQ(a.identity().trace_id.find_first_not_of("0123456789abcdef"), std::string::npos);
    const std::string& key = a.identity().idempotency_key;
    ASSERT_EQ(key.size(), std::string("stormproof-").size() + 36);
    EXPECT_EQ(key[11 + 14], '4') << "UUID version 4";
    // The identity belongs to the request, not the attempt: it cannot change across retries and fallbacks.
    const RequestIdentity before = a.identity();
    run(a, {http(503), http(401), ok()});
    EXPECT_EQ(a.identity().trace_id, before.trace_id);
    EXPECT_EQ(a.identity().idempotency_key, before.idempotency_key);
}

TEST_F(RequestExecutionTest, CancelDuringAWaitEndsTheRequest) {
    auto e = make();
    Step s = e.begin();
    s = e.on_attempt_finished(s.start->attempt_id, http(503));
    ASSERT_TRUE(s.wait_ms);
    const Step c = e.cancel();
    EXPECT_TRUE(c.finished);
    ASSERT_EQ(c.decisions.size(), 1U);
    EXPECT_EQ(c.decisions[0].kind, DecisionKind::Cancelled);
    EXPECT_FALSE(e.resume().start.has_value()) << "a wait that fires after cancel starts nothing";
    EXPECT_TRUE(e.cancel().decisions.empty()) << "cancel is idempotent";
}

TEST_F(RequestExecutionTest, CancelDuringAnAttemptCancelsItAndIgnoresItsLateResult) {
    auto e = make();
    const Step s = e.begin();
    const Step c = e.cancel();
    EXPECT_EQ(c.cancel_attempts, std::vector<int>{s.start->attempt_id});
    const Step late = e.on_attempt_finished(s.start->attempt_id, ok());
    EXPECT_TRUE(late.decisions.empty());
    EXPECT_FALSE(e.served_by().has_value());
}

// --- streams ---

TEST_F(RequestExecutionTest, StreamCutAfterFirstTokenIsRestartedByDefault) {
    auto e = make();
    Step s = e.begin();
    e.on_first_token(s.start->attempt_id);
    s = e.on_attempt_finished(s.start->attempt_id, transport(TransportError::ConnectionReset));
    ASSERT_FALSE(s.finished);
    ASSERT_FALSE(s.decisions.empty());
    EXPECT_EQ(s.decisions.back().kind, DecisionKind::Retry);
    EXPECT_EQ(s.decisions.back().reason, DecisionReason::StreamRestart);
}

TEST_F(RequestExecutionTest, StreamCutAfterFirstTokenFailsWhenSetToFail) {
    policy.stream.after_first_token = AfterFirstToken::Fail;
    auto e = make();
    Step s = e.begin();
    e.on_first_token(s.start->attempt_id);
    s = e.on_attempt_finished(s.start->attempt_id, transport(TransportError::ConnectionReset));
    ASSERT_TRUE(s.finished);
    EXPECT_EQ(s.decisions.back().kind, DecisionKind::Fail);
    EXPECT_EQ(s.decisions.back().reason, DecisionReason::StreamCutAfterFirstToken);
    EXPECT_EQ(s.decisions.back().error_class, ErrorClass::Network);
}

TEST_F(RequestExecutionTest, StreamRestartRetriesFromScratch) {
    policy.stream.after_first_token = AfterFirstToken::Restart;
    auto e = make();
    Step s = e.begin();
    e.on_first_token(s.start->attempt_id);
    s = e.on_attempt_finished(s.start->attempt_id, transport(TransportError::TruncatedStream));
    ASSERT_EQ(s.decisions.size(), 1U);
    EXPECT_EQ(s.decisions[0].kind, DecisionKind::Retry);
    EXPECT_EQ(s.decisions[0].reason, DecisionReason::StreamRestart);
    time.advance_ms(*s.wait_ms);
    s = e.resume();
    ASSERT_TRUE(s.start);
    EXPECT_EQ(s.start->resume, StreamResume::Restart);
}

TEST_F(RequestExecutionTest, StreamContinueMovesToTheNextTargetWithThePartialText) {
    policy.stream.after_first_token = AfterFirstToken::Continue;
    auto e = make();
    Step s = e.begin();
    e.on_first_token(s.start->attempt_id);
    s = e.on_attempt_finished(s.start->attempt_id, transport(TransportError::IdleTimeout));
    ASSERT_TRUE(s.start);
    EXPECT_EQ(s.decisions[0].reason, DecisionReason::StreamContinue);
    EXPECT_EQ(s.start->target_index, 1);
    EXPECT_EQ(s.start->resume, StreamResume::Continue);
    s = e.on_attempt_finished(s.start->attempt_id, ok());
    EXPECT_EQ(s.decisions.back().kind, DecisionKind::Success);
}

// --- hedging ---

TEST_F(RequestExecutionTest, HedgeWinsTheRaceAndThePrimaryIsCancelled) {
    policy.hedging.enabled = true;
    policy.hedging.delay_ms = 2000;
    auto e = make();
    Step s = e.begin();
    ASSERT_TRUE(s.hedge_after_ms);
    EXPECT_EQ(*s.hedge_after_ms, 2000);
    const int primary = s.start->attempt_id;
    time.advance_ms(2000);
    s = e.on_hedge_timer(s.hedge_for_attempt);
    ASSERT_TRUE(s.start);
    EXPECT_TRUE(s.start->hedge);
    EXPECT_EQ(s.start->target_index, 1);
    EXPECT_EQ(s.decisions[0].kind, DecisionKind::Hedge);
    const int hedge = s.start->attempt_id;
    s = e.on_first_token(hedge);
    EXPECT_EQ(s.cancel_attempts, std::vector<int>{primary});
    s = e.on_attempt_finished(primary, ok());
    EXPECT_TRUE(s.decisions.empty()) << "the loser's late result is ignored";
    s = e.on_attempt_finished(hedge, ok());
    EXPECT_EQ(s.decisions.back().kind, DecisionKind::Success);
    EXPECT_EQ(e.served_by(), 1);
    EXPECT_EQ(e.hedges_started(), 1);
}

TEST_F(RequestExecutionTest, PrimaryWinsTheRaceAndTheHedgeIsCancelled) {
    policy.hedging.enabled = true;
    auto e = make();
    Step s = e.begin();
    const int primary = s.start->attempt_id;
    s = e.on_hedge_timer(s.hedge_for_attempt);
    const int hedge = s.start->attempt_id;
    s = e.on_first_token(primary);
    EXPECT_EQ(s.cancel_attempts, std::vector<int>{hedge});
    s = e.on_attempt_finished(primary, ok());
    EXPECT_EQ(e.served_by(), 0);
}

TEST_F(RequestExecutionTest, HedgeTimerIsStaleOnceTheAttemptHasTokensOrEnded) {
    policy.hedging.enabled = true;
    auto e = make();
    Step s = e.begin();
    const int primary = s.start->attempt_id;
    e.on_first_token(primary);
    EXPECT_FALSE(e.on_hedge_timer(primary).start.has_value());
}

TEST_F(RequestExecutionTest, ALosingAttemptFailingLeavesTheOtherRunning) {
    policy.hedging.enabled = true;
    auto e = make();
    Step s = e.begin();
    const int primary = s.start->attempt_id;
    s = e.on_hedge_timer(primary);
    const int hedge = s.start->attempt_id;
    s = e.on_attempt_finished(primary, http(503));
    ASSERT_EQ(s.decisions.size(), 1U);
    EXPECT_EQ(s.decisions[0].reason, DecisionReason::OtherAttemptInFlight);
    EXPECT_FALSE(s.finished);
    s = e.on_attempt_finished(hedge, ok());
    EXPECT_EQ(s.decisions.back().kind, DecisionKind::Success);
}

TEST_F(RequestExecutionTest, HedgesSpendRetryBudget) {
    policy.hedging.enabled = true;
    policy.budget.retry_ratio = 0.0;
    policy.budget.min_retries_per_s = 0.0;
    auto e = make();
    Step s = e.begin();
    s = e.on_hedge_timer(s.hedge_for_attempt);
    EXPECT_FALSE(s.start.has_value());
    ASSERT_EQ(s.decisions.size(), 1U);
    EXPECT_EQ(s.decisions[0].reason, DecisionReason::BudgetDenied);
}

// --- invariants under random event orders ---

TEST_F(RequestExecutionTest, RandomEventOrdersAlwaysEndExactlyOnce) {
    policy.hedging.enabled = true;
    policy.budget.enabled = false;
    targets = {{"a", 2}, {"b", 1}, {"c", 1}};
    SeededRandom chaos(777);
    const std::vector<AttemptOutcome> outcomes = {ok(),
                                                  http(503),
                                                  http(429, "", {{"retry-after", "1"}}),
                                                  http(400),
                                                  http(401),
                                                  transport(TransportError::ConnectionReset),
                                                  http(429, "", {{"retry-after", "999"}})};
    for (int trial = 0; trial < 300; ++trial) {
        state.reset();
        auto e = make();
        std::vector<int> running;
        std::optional<int> hedge_for;
        bool waiting = false;
        int terminal_steps = 0;
        std::set<int> ids;
        auto absorb = [&](const Step& s) {
            if (s.finished)
                ++terminal_steps;
            if (s.start) {
                EXPECT_TRUE(ids.insert(s.start->attempt_id).second) << "attempt ids are unique";
                running.push_back(s.start->attempt_id);
            }
            for (int c : s.cancel_attempts)
                running.erase(std::remove(running.begin(), running.end(), c), running.end());
            if (s.hedge_after_ms)
                hedge_for = s.hedge_for_attempt;
            waiting = s.wait_ms.has_value();
            for (const Decision& d : s.decisions) {
                EXPECT_GE(d.delay_ms, 0);
                EXPECT_LE(d.delay_ms, std::max(policy.retry.backoff.max_delay_ms, policy.hedging.delay_ms));
            }
        };
        absorb(e.begin());
        for (int i = 0; i < 200 && !e.finished(); ++i) {
            const auto roll = chaos.uniform_int(0, 9);
            if (roll == 0) {
                absorb(e.cancel());
            } else if (roll == 1 && hedge_for) {
                absorb(e.on_hedge_timer(*hedge_for));
            } else if (roll == 2 && !running.empty()) {
                absorb(e.on_first_token(running[static_cast<std::size_t>(
                    chaos.uniform_int(0, static_cast<std::int64_t>(running.size()) - 1))]));
            } else if (!running.empty()) {
                const std::size_t pick = static_cast<std::size_t>(
                    chaos.uniform_int(0, static_cast<std::int64_t>(running.size()) - 1));
                const int id = running[pick];
                running.erase(running.begin() + static_cast<std::ptrdiff_t>(pick));
                time.advance_ms(chaos.uniform_int(1, 500));
                absorb(e.on_attempt_finished(id, outcomes[static_cast<std::size_t>(chaos.uniform_int(
                                                     0, static_cast<std::int64_t>(outcomes.size()) - 1))]));
            } else if (waiting) {
                time.advance_ms(1000);
                absorb(e.resume());
            }
        }
        ASSERT_TRUE(e.finished()) << "trial " << trial << " did not end";
        EXPECT_EQ(terminal_steps, 1) << "trial " << trial;
        EXPECT_LE(e.attempts_started(), 3 * policy.retry.max_attempts + policy.hedging.max_hedges);
        // Nothing after the end: every call is inert.
        EXPECT_TRUE(e.cancel().decisions.empty());
        EXPECT_TRUE(e.resume().decisions.empty());
    }
}

// Targets that cannot take a request (a gateway request using what their protocol lacks) are skipped with
// the reason "untranslatable": a fallback past them, or a failure when nothing usable is left -- with the
// class of the failure that came before, never a server error turned into a bad request.
struct UnusableCase {
    const char* name;
    std::vector<bool> unusable;  // per target
    int first_status;            // what every attempt that is sent gets (200: success)
    // Expected:
    std::vector<int> attempted_targets;
    bool ok;
    std::optional<ErrorClass> final_class;
    DecisionReason final_reason;
    int untranslatable_decisions;
};

class UnusableTargetTest : public RequestExecutionTest, public ::testing::WithParamInterface<UnusableCase> {};

TEST_P(UnusableTargetTest, SkipsWithTheReason) {
    const UnusableCase& c = GetParam();
    policy.retry.max_attempts = 2;
    targets.clear();
    const char* names[] = {"a", "b", "c"};
    for (std::size_t i = 0; i < c.unusable.size(); ++i)
        targets.push_back({names[i], 1, c.unusable[i] ? std::string("tools cannot be translated") : ""});
    auto e = make();
    std::vector<int> attempted;
    int untranslatable = 0;
    std::optional<Decision> last;
    Step s = e.begin();
    for (int guard = 0; guard < 20; ++guard) {
        for (const Decision& d : s.decisions) {
            untranslatable += d.reason == DecisionReason::Untranslatable ? 1 : 0;
            last = d;
        }
        if (s.finished)
            break;
        if (s.start) {
            attempted.push_back(s.start->target_index);
            s = e.on_attempt_finished(s.start->attempt_id,
                                      c.first_status == 200 ? ok() : http(c.first_status));
            continue;
        }
        ASSERT_TRUE(s.wait_ms);
        time.advance_ms(*s.wait_ms);
        s = e.resume();
    }
    ASSERT_TRUE(e.finished());
    EXPECT_EQ(attempted, c.attempted_targets);
    EXPECT_EQ(e.served_by().has_value(), c.ok);
    EXPECT_EQ(e.final_error(), c.final_class);
    ASSERT_TRUE(last);
    EXPECT_EQ(last->reason, c.final_reason);
    EXPECT_EQ(untranslatable, c.untranslatable_decisions);
}

INSTANTIATE_TEST_SUITE_P(
    Table, UnusableTargetTest,
    ::testing::Values(
        UnusableCase{
            "FirstSkipped", {true, false}, 200, {1}, true, std::nullopt, DecisionReason::Succeeded, 1},
        UnusableCase{"AllUnusable",
                     {true, true},
                     200,
                     {},
                     false,
                     ErrorClass::BadRequest,
                     DecisionReason::Untranslatable,
                     2},
        UnusableCase{"FailureKeepsItsClass",
                     {false, true},
                     503,
                     {0, 0},
                     false,
                     ErrorClass::ServerError,
                     DecisionReason::NoTargetsLeft,
                     0},
        UnusableCase{"MiddleSkipped",
                     {false, true, false},
                     503,
                     {0, 0, 2, 2},
                     false,
                     ErrorClass::ServerError,
                     DecisionReason::AttemptsExhausted,
                     1},
        UnusableCase{"UsableOnlyFirst",
                     {false, true, true},
                     200,
                     {0},
                     true,
                     std::nullopt,
                     DecisionReason::Succeeded,
                     0}),
    [](const auto& p) { return std::string(p.param.name); });

TEST(DecisionReasonText, UntranslatableHasItsName) {
    EXPECT_EQ(to_string(DecisionReason::Untranslatable), "untranslatable");
}

TEST_F(RequestExecutionTest, CallerDeadlineShortensButNeverLengthens) {
    policy.timeouts.deadline_ms = 10000;
    auto shorter = make();
    shorter.apply_caller_limits({2500, 0, std::nullopt});
    EXPECT_EQ(shorter.deadline().remaining_ms(time.steady_ms()), 2500);
    auto longer = make();
    longer.apply_caller_limits({60000, 0, std::nullopt});
    EXPECT_EQ(longer.deadline().remaining_ms(time.steady_ms()), 10000);
}

TEST_F(RequestExecutionTest, CallerRetriesSpendRetryBudget) {
    // The same first request with and without the caller's retry count: one unit of budget apart.
    const auto available_after_begin = [this](int prior_retries) {
        state.reset();
        auto e = make();
        e.apply_caller_limits({std::nullopt, prior_retries, std::nullopt});
        e.begin();
        EXPECT_EQ(e.caller_retry_charged(), prior_retries > 0);
        return state->budget(state->budget_key("primary", "conv-1")).available(time.steady_ms());
    };
    const double fresh = available_after_begin(0);
    const double retried = available_after_begin(2);
    EXPECT_DOUBLE_EQ(retried, fresh - 1.0);
}

TEST_F(RequestExecutionTest, CallerCanMakeACutStreamFinal) {
    policy.stream.after_first_token = AfterFirstToken::Restart;
    auto e = make();
    e.apply_caller_limits({std::nullopt, 0, AfterFirstToken::Fail});
    Step s = e.begin();
    e.on_first_token(s.start->attempt_id);
    s = e.on_attempt_finished(s.start->attempt_id, transport(TransportError::ConnectionReset));
    ASSERT_TRUE(s.finished);
    EXPECT_EQ(s.decisions.back().reason, DecisionReason::StreamCutAfterFirstToken);
}

}  // namespace
}  // namespace stormproof
