#include "resilience/CircuitBreaker.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <functional>
#include <queue>
#include <vector>

#include "resilience/SeededRandom.h"

namespace stormproof {
namespace {

class CircuitBreakerTest : public ::testing::Test {
protected:
    // The rate rule alone, over small numbers, unless a test says otherwise: the arithmetic stays readable.
    BreakerConfig config = [] {
        BreakerConfig c;
        c.minimum_calls = 4;
        c.failure_rate_threshold_pct = 50;
        c.consecutive_failures = 0;
        return c;
    }();
    std::vector<BreakerTransition> transitions;
    std::int64_t now = 0;

    CircuitBreaker make() {
        return CircuitBreaker("primary", config,
                              [this](const BreakerTransition& t) { transitions.push_back(t); });
    }
    static void call(CircuitBreaker& b, CallResult r, std::int64_t now_ms, std::int64_t duration_ms = 100) {
        const auto permit = b.try_acquire(now_ms);
        ASSERT_TRUE(permit.permitted);
        b.on_result(permit, r, duration_ms, now_ms);
    }
};

TEST_F(CircuitBreakerTest, StaysClosedBelowMinimumCalls) {
    auto b = make();
    for (int i = 0; i < config.minimum_calls - 1; ++i)
        call(b, CallResult::Failure, now);
    EXPECT_EQ(b.state(), BreakerState::Closed);
    EXPECT_TRUE(transitions.empty());
}

TEST_F(CircuitBreakerTest, TimeWindowTripsOnFailureRateWithReason) {
    auto b = make();
    call(b, CallResult::Success, 0);
    call(b, CallResult::Success, 100);
    call(b, CallResult::Failure, 200);
    EXPECT_EQ(b.state(), BreakerState::Closed) << "1 of 3 failed: 33% and below the minimum of 4 calls";
    call(b, CallResult::Failure, 300);
    ASSERT_EQ(b.state(), BreakerState::Open);
    ASSERT_EQ(transitions.size(), 1U);
    EXPECT_EQ(transitions[0].reason, TransitionReason::FailureRateExceeded);
    EXPECT_EQ(transitions[0].window.calls, 4);
    EXPECT_EQ(transitions[0].window.failures, 2);
    EXPECT_EQ(transitions[0].open_ms, config.open_ms);
    const auto rejected = b.try_acquire(400);
    EXPECT_FALSE(rejected.permitted);
    EXPECT_EQ(rejected.rejection, BreakerRejection::Open);
    EXPECT_EQ(rejected.retry_in_ms, 300 + config.open_ms - 400);
}

TEST_F(CircuitBreakerTest, TimeWindowForgetsOldFailures) {
    auto b = make();
    call(b, CallResult::Failure, 0);
    call(b, CallResult::Failure, 1000);
    call(b, CallResult::Failure, 2000);
    // 61 s later the three failures have left the 60 s window: three successes and one failure is 25%.
    call(b, CallResult::Success, 63000);
    call(b, CallResult::Success, 63100);
    call(b, CallResult::Success, 63200);
    call(b, CallResult::Failure, 63300);
    EXPECT_EQ(b.state(), BreakerState::Closed);
    EXPECT_EQ(b.snapshot(63300).window.calls, 4);
}

TEST_F(CircuitBreakerTest, CountWindowJudgesTheLastNCalls) {
    config.window = BreakerWindow::Count;
    config.window_calls = 4;
    auto b = make();
    call(b, CallResult::Failure, 0);
    call(b, CallResult::Success, 0);
    call(b, CallResult::Success, 0);
    call(b, CallResult::Success, 0);  // 1/4 = 25%
    call(b, CallResult::Success, 0);  // the failure drops out: 0/4
    EXPECT_EQ(b.snapshot(0).window.failures, 0);
    call(b, CallResult::Failure, 0);  // 1/4
    call(b, CallResult::Failure, 0);  // 2/4 = 50%: trips
    EXPECT_EQ(b.state(), BreakerState::Open);
}

TEST_F(CircuitBreakerTest, ConsecutiveFailuresTripBeforeTheRateRuleHasEnoughCalls) {
    config.minimum_calls = 100;
    config.consecutive_failures = 3;
    auto b = make();
    call(b, CallResult::Failure, 0);
    call(b, CallResult::Failure, 0);
    call(b, CallResult::Success, 0);  // resets the run
    call(b, CallResult::Failure, 0);
    call(b, CallResult::Ignored, 0);  // a 400 says nothing either way: the run continues
    call(b, CallResult::Failure, 0);
    EXPECT_EQ(b.state(), BreakerState::Closed);
    call(b, CallResult::Failure, 0);
    ASSERT_EQ(b.state(), BreakerState::Open);
    EXPECT_EQ(transitions.back().reason, TransitionReason::ConsecutiveFailures);
}

TEST(CircuitBreakerDefaults, TheRateRuleIgnoresAFlakyTargetAndConsecutiveFailuresCatchADeadOne) {
    // 1 failure in 3 attempts, seeded: the "flaky" scenario, which retries rescue. Over 2,000 calls at the
    // --demo pace (~50 calls a minute) the rate rule (75% over >= 10 calls) never opens the breaker. (Runs of
    // 5 failures do happen at this rate; with a fallback, shedding such a target for a while is the point,
    // and with none, RequestExecution lets requests through anyway.)
    BreakerConfig rate_only;
    rate_only.consecutive_failures = 0;
    SeededRandom random(1234);
    CircuitBreaker flaky("flaky", rate_only);
    std::int64_t now = 0;
    for (int i = 0; i < 2000; ++i, now += 1200) {
        const auto permit = flaky.try_acquire(now);
        ASSERT_TRUE(permit.permitted) << "tripped at call " << i;
        flaky.on_result(permit, random.uniform01() < 1.0 / 3.0 ? CallResult::Failure : CallResult::Success,
                        50, now);
    }
    CircuitBreaker dead("dead", BreakerConfig{});
    for (int i = 0; i < 5; ++i) {
        const auto permit = dead.try_acquire(i);
        dead.on_result(permit, CallResult::Failure, 50, i);
    }
    EXPECT_EQ(dead.state(), BreakerState::Open) << "a dead target trips within one request's five attempts";
}

// A closed loop of C callers against one target, on simulated time, each call admitted through the breaker:
// a failure answers in 1 ms, a success in 300 ms (a 503 against a streamed reply), and each caller starts its
// next call as soon as its last one answered -- the harshest arrival pattern for a breaker. Returns the
// transitions and how many calls failed before the first one.
struct LoadRun {
    std::vector<BreakerTransition> transitions;
    int failures_before_trip = 0;
    int calls = 0;
};

LoadRun closed_loop(int concurrency, double failure_rate, std::uint64_t seed, int total_calls) {
    LoadRun run;
    CircuitBreaker b("primary", BreakerConfig{},
                     [&](const BreakerTransition& t) { run.transitions.push_back(t); });
    SeededRandom random(seed);
    struct Call {
        std::int64_t answers_at_ms;
        BreakerPermit permit;
        bool fails;
    };
    std::vector<Call> in_flight;
    std::int64_t now_ms = 0;
    int failures = 0;
    const auto admit = [&] {
        const BreakerPermit permit = b.try_acquire(now_ms);
        if (!permit.permitted)
            return;
        const bool fails = random.uniform01() < failure_rate;
        in_flight.push_back({now_ms + (fails ? 1 : 300), permit, fails});
        ++run.calls;
    };
    for (int i = 0; i < concurrency; ++i)
        admit();
    while (run.calls < total_calls && !in_flight.empty() && run.transitions.empty()) {
        auto next = std::min_element(in_flight.begin(), in_flight.end(), [](const Call& a, const Call& c) {
            return a.answers_at_ms < c.answers_at_ms;
        });
        const Call call = *next;
        in_flight.erase(next);
        now_ms = call.answers_at_ms;
        failures += call.fails ? 1 : 0;
        b.on_result(call.permit, call.fails ? CallResult::Failure : CallResult::Success, 100, now_ms);
        if (run.transitions.empty())
            run.failures_before_trip = failures;
        admit();
    }
    return run;
}

class BreakerUnderNoise : public ::testing::TestWithParam<int> {};
class BreakerOnADeadTarget : public ::testing::TestWithParam<int> {};

// Concurrency 1 is not in this table on purpose: one caller at a time does see runs of five failures at this
// rate (0.3^5 per call), and shedding such a target to a fallback for a while is the consecutive rule's job
// (CircuitBreakerDefaults.TheRateRuleIgnoresAFlakyTargetAndConsecutiveFailuresCatchADeadOne).
TEST_P(BreakerUnderNoise, AThirtyPercentErrorRateNeverTripsInTwentySeededRuns) {
    for (std::uint64_t seed = 1; seed <= 20; ++seed) {
        const LoadRun run = closed_loop(GetParam(), 0.30, seed, 3000);
        ASSERT_TRUE(run.transitions.empty())
            << "seed " << seed << ": tripped after " << run.calls << " calls ("
            << to_string(run.transitions.front().reason) << ", window calls "
            << run.transitions.front().window.calls << ", failures "
            << run.transitions.front().window.failures << ")";
        EXPECT_EQ(run.calls, 3000);
    }
}

TEST_P(BreakerOnADeadTarget, TripsOnceWhatItHadInFlightHasFailed) {
    const int c = GetParam();
    for (std::uint64_t seed = 1; seed <= 20; ++seed) {
        const LoadRun run = closed_loop(c, 1.0, seed, 3000);
        ASSERT_EQ(run.transitions.size(), 1U) << "seed " << seed;
        EXPECT_EQ(run.transitions.front().to, BreakerState::Open);
        // Every call already in flight fails before the breaker can know; past those, at most a handful more
        // (the consecutive rule's 5) are admitted.
        EXPECT_LE(run.failures_before_trip, c + BreakerConfig::kDefaultConsecutiveFailures)
            << "seed " << seed;
    }
}

const auto kConcurrencyName = [](const ::testing::TestParamInfo<int>& p) {
    return "concurrency_" + std::to_string(p.param);
};
INSTANTIATE_TEST_SUITE_P(Table, BreakerUnderNoise, ::testing::Values(32, 256), kConcurrencyName);
INSTANTIATE_TEST_SUITE_P(Table, BreakerOnADeadTarget, ::testing::Values(1, 32, 256), kConcurrencyName);

// The default breaker through an outage, at concurrency 1, 32 and 256, on simulated time: C callers in a
// closed loop, each call tried on the primary when its breaker admits it and otherwise answered by a fallback
// in 300 ms (as RequestExecution falls back). The primary fails every call for outage_ms -- refusing in 1 ms
// (a 503) or after 30 s (the first-token timeout: a hang) -- then answers every call in 300 ms. What it costs
// when the primary is really down (its failed calls, probe rounds) and how soon after the recovery a call
// succeeds on it.
struct OutageRun {
    int primary_failures = 0;         // calls the dead primary failed, the trip's included
    int probe_rounds = 0;             // half-open periods that ended with a failed probe
    std::int64_t back_after_ms = -1;  // from the recovery to the admission of the first call it answered
};

OutageRun through_an_outage(int concurrency, std::int64_t failure_ms, std::int64_t outage_ms) {
    OutageRun run;
    CircuitBreaker b("primary", BreakerConfig{}, [&](const BreakerTransition& t) {
        if (t.reason == TransitionReason::ProbeFailed || t.reason == TransitionReason::ProbeSlow)
            ++run.probe_rounds;
    });
    constexpr std::int64_t kAnswerMs = 300;
    struct Call {
        std::int64_t answers_at_ms;
        std::int64_t started_ms;
        std::uint64_t order;   // calls answering in the same millisecond answer in the order they started
        BreakerPermit permit;  // not permitted: the fallback answered it
        bool fails;
        bool operator>(const Call& other) const {
            return answers_at_ms != other.answers_at_ms ? answers_at_ms > other.answers_at_ms
                                                        : order > other.order;
        }
    };
    std::uint64_t next_order = 0;
    std::priority_queue<Call, std::vector<Call>, std::greater<>> in_flight;
    const auto start = [&](std::int64_t now_ms) {
        const BreakerPermit permit = b.try_acquire(now_ms);
        const bool fails = permit.permitted && now_ms < outage_ms;
        const std::int64_t takes_ms = fails ? failure_ms : kAnswerMs;
        in_flight.push({now_ms + takes_ms, now_ms, next_order++, permit, fails});
    };
    for (int i = 0; i < concurrency; ++i)
        start(0);
    while (!in_flight.empty()) {
        const Call call = in_flight.top();
        in_flight.pop();
        const std::int64_t now_ms = call.answers_at_ms;
        if (call.permit.permitted) {
            const std::int64_t took_ms = now_ms - call.started_ms;
            b.on_result(call.permit, call.fails ? CallResult::Failure : CallResult::Success, took_ms, now_ms);
            if (call.fails) {
                ++run.primary_failures;
            } else if (run.back_after_ms < 0) {
                run.back_after_ms = call.started_ms - outage_ms;
            }
        }
        if ((run.back_after_ms >= 0 && b.state() == BreakerState::Closed) ||
            now_ms > outage_ms + BreakerConfig::kDefaultMaxOpenMs * 2)
            break;  // back, or never coming back
        start(now_ms);
    }
    return run;
}

class DefaultBreakerThroughAnOutage : public ::testing::TestWithParam<int> {};

// A 20 s outage answered with 503s (issue 19's benchmark): back on the primary within 2 s of its recovery at
// any concurrency, for the trip (what was in flight, and 5 more) plus one or two probes every 1.8 s.
TEST_P(DefaultBreakerThroughAnOutage, BackWithinTwoSecondsOfATwentySecondOutageOfQuickRefusals) {
    const int c = GetParam();
    const OutageRun run = through_an_outage(c, 1, 20000);
    RecordProperty("primary_failures", run.primary_failures);
    RecordProperty("back_after_ms", static_cast<int>(run.back_after_ms));
    ASSERT_GE(run.back_after_ms, 0) << "never back on the primary";
    EXPECT_LE(run.back_after_ms, 2000);
    const int max_rounds = static_cast<int>(20000 / BreakerConfig::kDefaultOpenMs) + 1;
    EXPECT_LE(run.probe_rounds, max_rounds);
    EXPECT_LE(run.primary_failures, c + BreakerConfig::kDefaultConsecutiveFailures +
                                        max_rounds * BreakerConfig::kDefaultHalfOpenProbes);
}

// An hour of a primary that hangs until the first-token timeout (30 s): each failed probe cost its caller 30
// s, so the open time doubles to its 5 min maximum and the hour is probed a handful of times, at any
// concurrency (the old fixed cadence of a quick refusal would have probed ~2,000 times).
TEST_P(DefaultBreakerThroughAnOutage, AnHourOfHangingIsProbedAHandfulOfTimes) {
    const int c = GetParam();
    const OutageRun run = through_an_outage(c, 30000, 3600000);
    RecordProperty("probe_rounds", run.probe_rounds);
    RecordProperty("primary_failures", run.primary_failures);
    EXPECT_LE(run.probe_rounds, 20);
    EXPECT_LE(run.primary_failures,
              c + BreakerConfig::kDefaultConsecutiveFailures + 20 * BreakerConfig::kDefaultHalfOpenProbes);
    ASSERT_GE(run.back_after_ms, 0) << "never back on the primary";
    EXPECT_LE(run.back_after_ms, BreakerConfig::kDefaultMaxOpenMs + 30000);
}

INSTANTIATE_TEST_SUITE_P(Table, DefaultBreakerThroughAnOutage, ::testing::Values(1, 32, 256),
                         kConcurrencyName);

TEST(CircuitBreakerDefaults, NeitherAStreamingCallNorALostOneHoldsTheStreakBack) {
    const auto five_failures_from = [](CircuitBreaker& b, std::int64_t t) {
        for (int i = 0; i < 5; ++i) {
            const auto permit = b.try_acquire(t + i);
            b.on_result(permit, CallResult::Failure, 5, t + i);
        }
    };
    // A long stream that has started answering: the target was alive for it, and it no longer counts as
    // an earlier call still waiting.
    CircuitBreaker streaming("streaming", BreakerConfig{});
    const auto stream = streaming.try_acquire(0);
    streaming.on_first_token(stream);
    five_failures_from(streaming, 10);
    EXPECT_EQ(streaming.state(), BreakerState::Open);
    // A call that never reported back (lost) stops counting once it cannot be in flight any more.
    CircuitBreaker lost("lost", BreakerConfig{});
    (void)lost.try_acquire(0);
    five_failures_from(lost, 10);
    EXPECT_EQ(lost.state(), BreakerState::Closed) << "it may still answer: the failures overtook it";
    five_failures_from(lost, BreakerConfig::kDefaultWindowMs + 1000);
    EXPECT_EQ(lost.state(), BreakerState::Open);
}

TEST_F(CircuitBreakerTest, SlowCallRateTrips) {
    auto b = make();
    for (int i = 0; i < 4; ++i)
        call(b, CallResult::Success, i * 100, config.slow_call_ms + 1);
    ASSERT_EQ(b.state(), BreakerState::Open);
    EXPECT_EQ(transitions.back().reason, TransitionReason::SlowCallRateExceeded);
}

TEST_F(CircuitBreakerTest, IgnoredResultsDoNotCount) {
    auto b = make();
    for (int i = 0; i < 10; ++i)
        call(b, CallResult::Ignored, 0);
    EXPECT_EQ(b.snapshot(0).window.calls, 0);
    EXPECT_EQ(b.result_for(ErrorClass::BadRequest), CallResult::Ignored);
    EXPECT_EQ(b.result_for(ErrorClass::RateLimited), CallResult::Ignored);
    EXPECT_EQ(b.result_for(ErrorClass::ServerError), CallResult::Failure);
    EXPECT_EQ(b.result_for(std::nullopt), CallResult::Success);
}

TEST_F(CircuitBreakerTest, HalfOpenAdmitsLimitedProbesAndClosesAfterThemAllSucceed) {
    auto b = make();
    for (int i = 0; i < 4; ++i)
        call(b, CallResult::Failure, 0);
    ASSERT_EQ(b.state(), BreakerState::Open);
    EXPECT_FALSE(b.try_acquire(config.open_ms - 1).permitted);

    const auto p1 = b.try_acquire(config.open_ms);
    ASSERT_TRUE(p1.permitted);
    EXPECT_TRUE(p1.probe);
    EXPECT_EQ(b.state(), BreakerState::HalfOpen);
    EXPECT_EQ(transitions.back().reason, TransitionReason::OpenDurationElapsed);
    const auto p2 = b.try_acquire(config.open_ms);
    ASSERT_TRUE(p2.permitted);
    const auto p3 = b.try_acquire(config.open_ms);
    EXPECT_FALSE(p3.permitted) << "only half_open_probes calls at a time";
    EXPECT_EQ(p3.rejection, BreakerRejection::HalfOpenFull);

    b.on_result(p1, CallResult::Success, 100, config.open_ms + 50);
    EXPECT_EQ(b.state(), BreakerState::HalfOpen) << "one success is not enough";
    EXPECT_FALSE(b.try_acquire(config.open_ms + 60).permitted) << "a succeeded probe still uses its slot";
    b.on_result(p2, CallResult::Success, 100, config.open_ms + 100);
    EXPECT_EQ(b.state(), BreakerState::Closed);
    EXPECT_EQ(transitions.back().reason, TransitionReason::ProbesSucceeded);
    EXPECT_EQ(b.snapshot(config.open_ms + 100).window.calls, 0) << "closing starts a fresh window";
}

// How long the breaker stays open after each failed probe, by how the probe failed: one that took longer than
// the open time (a timeout, a hang) doubles it up to the maximum; one the target refused at once (a 503 in
// milliseconds) keeps it, so a recovery is seen within open_ms however long the outage lasted.
struct ProbeFailureCase {
    const char* name;
    std::int64_t probe_ms;  // how long each failing probe took
    std::vector<std::int64_t> expected_open_ms;
    int expected_consecutive_trips;
};

class FailedProbeReopens : public ::testing::TestWithParam<ProbeFailureCase> {};

TEST_P(FailedProbeReopens, ForLongerOnlyWhenTheProbeCostItsCallerMoreThanTheOpenTime) {
    const ProbeFailureCase& c = GetParam();
    BreakerConfig config;
    config.consecutive_failures = 4;
    config.open_ms = 10000;
    config.open_multiplier = 2.0;
    config.max_open_ms = 35000;
    std::vector<BreakerTransition> transitions;
    CircuitBreaker b("primary", config, [&](const BreakerTransition& t) { transitions.push_back(t); });
    for (int i = 0; i < 4; ++i) {
        const auto permit = b.try_acquire(0);
        b.on_result(permit, CallResult::Failure, 1, 0);
    }
    std::int64_t t = 0;
    for (std::size_t trip = 0; trip < c.expected_open_ms.size(); ++trip) {
        ASSERT_EQ(transitions.back().to, BreakerState::Open);
        EXPECT_EQ(transitions.back().open_ms, c.expected_open_ms[trip]) << "trip " << trip + 1;
        t += c.expected_open_ms[trip];
        const auto probe = b.try_acquire(t);
        ASSERT_TRUE(probe.permitted);
        t += c.probe_ms;
        b.on_result(probe, CallResult::Failure, c.probe_ms, t);
        EXPECT_EQ(transitions.back().reason, TransitionReason::ProbeFailed);
    }
    EXPECT_EQ(b.snapshot(t).consecutive_trips, c.expected_consecutive_trips);
}

INSTANTIATE_TEST_SUITE_P(
    Table, FailedProbeReopens,
    ::testing::Values(ProbeFailureCase{"timed_out", 30000, {10000, 20000, 35000, 35000}, 5},
                      ProbeFailureCase{"as_long_as_the_open_time", 10000, {10000, 20000, 35000, 35000}, 5},
                      ProbeFailureCase{"refused_at_once", 5, {10000, 10000, 10000, 10000}, 1},
                      ProbeFailureCase{"refused_just_within_the_open_time", 9999, {10000, 10000, 10000}, 1}),
    [](const ::testing::TestParamInfo<ProbeFailureCase>& p) { return std::string(p.param.name); });

TEST_F(CircuitBreakerTest, AQuickRefusalAfterSlowOnesKeepsTheGrownOpenTime) {
    config.open_ms = 1000;
    config.open_multiplier = 2.0;
    auto b = make();
    for (int i = 0; i < 4; ++i)
        call(b, CallResult::Failure, 0);
    std::int64_t t = 1000;
    auto probe = b.try_acquire(t);
    b.on_result(probe, CallResult::Failure, 5000, t + 5000);  // slow: 2 s next
    EXPECT_EQ(transitions.back().open_ms, 2000);
    t += 5000 + 2000;
    probe = b.try_acquire(t);
    b.on_result(probe, CallResult::Failure, 3, t + 3);  // quick: still 2 s, not back to 1 s nor on to 4 s
    EXPECT_EQ(transitions.back().open_ms, 2000);
}

TEST_F(CircuitBreakerTest, RecoveryResetsTheGrowth) {
    auto b = make();
    for (int i = 0; i < 4; ++i)
        call(b, CallResult::Failure, 0);
    std::int64_t t = config.open_ms;
    const auto a = b.try_acquire(t);
    b.on_result(a, CallResult::Failure, config.open_ms,
                t);  // a slow failure: the second trip is twice as long
    ASSERT_EQ(transitions.back().open_ms, 2 * config.open_ms);
    t += 2 * config.open_ms;
    const auto p1 = b.try_acquire(t);
    const auto p2 = b.try_acquire(t);
    b.on_result(p1, CallResult::Success, 10, t);
    b.on_result(p2, CallResult::Success, 10, t);
    ASSERT_EQ(b.state(), BreakerState::Closed);
    for (int i = 0; i < 4; ++i)
        call(b, CallResult::Failure, t);
    EXPECT_EQ(transitions.back().open_ms, config.open_ms)
        << "after a recovery the next trip starts short again";
}

TEST_F(CircuitBreakerTest, SlowProbeReopens) {
    auto b = make();
    for (int i = 0; i < 4; ++i)
        call(b, CallResult::Failure, 0);
    const auto p = b.try_acquire(config.open_ms);
    b.on_result(p, CallResult::Success, config.slow_call_ms + 1, config.open_ms + 1);
    EXPECT_EQ(b.state(), BreakerState::Open);
    EXPECT_EQ(transitions.back().reason, TransitionReason::ProbeSlow);
}

TEST_F(CircuitBreakerTest, ReleasedProbeFreesItsSlot) {
    config.half_open_probes = 1;
    auto b = make();
    for (int i = 0; i < 4; ++i)
        call(b, CallResult::Failure, 0);
    const auto p = b.try_acquire(config.open_ms);
    ASSERT_TRUE(p.permitted);
    EXPECT_FALSE(b.try_acquire(config.open_ms).permitted);
    b.release(p);
    EXPECT_TRUE(b.try_acquire(config.open_ms).permitted);
}

TEST_F(CircuitBreakerTest, ResultsFromBeforeATransitionAreIgnored) {
    auto b = make();
    const auto early = b.try_acquire(0);  // admitted while closed
    for (int i = 0; i < 4; ++i)
        call(b, CallResult::Failure, 0);
    ASSERT_EQ(b.state(), BreakerState::Open);
    const auto p1 = b.try_acquire(config.open_ms);
    ASSERT_TRUE(p1.probe);
    b.on_result(early, CallResult::Failure, 10, config.open_ms + 1);
    EXPECT_EQ(b.state(), BreakerState::HalfOpen) << "a stale failure must not re-open a half-open breaker";
}

TEST_F(CircuitBreakerTest, ManualControls) {
    auto b = make();
    b.force_open(0);
    EXPECT_EQ(b.state(), BreakerState::ForcedOpen);
    const auto denied = b.try_acquire(1000000);
    EXPECT_FALSE(denied.permitted);
    EXPECT_EQ(denied.rejection, BreakerRejection::ForcedOpen);
    b.force_closed(1);
    EXPECT_EQ(b.state(), BreakerState::Disabled);
    for (int i = 0; i < 50; ++i)
        call(b, CallResult::Failure, 2);
    EXPECT_EQ(b.state(), BreakerState::Disabled) << "disabled never trips";
    b.release_force(3);
    EXPECT_EQ(b.state(), BreakerState::Closed);
    ASSERT_GE(transitions.size(), 3U);
    EXPECT_EQ(transitions[0].reason, TransitionReason::ForcedOpen);
    EXPECT_EQ(transitions[1].reason, TransitionReason::ForcedClosed);
    EXPECT_EQ(transitions[2].reason, TransitionReason::Released);
}

TEST_F(CircuitBreakerTest, DisabledByConfig) {
    config.enabled = false;
    auto b = make();
    EXPECT_EQ(b.state(), BreakerState::Disabled);
    for (int i = 0; i < 20; ++i)
        call(b, CallResult::Failure, 0);
    EXPECT_EQ(b.state(), BreakerState::Disabled);
}

}  // namespace
}  // namespace stormproof
