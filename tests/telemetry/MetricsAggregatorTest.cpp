#include "telemetry/MetricsAggregator.h"

#include <gtest/gtest.h>

#include "resilience/SimulatedTime.h"

namespace stormproof {
namespace {

class MetricsAggregatorTest : public ::testing::Test {
protected:
    SimulatedTime time;
    MetricsAggregator metrics{time};
    int trace_counter = 0;

    TelemetryEvent ev(EventKind kind, const std::string& trace, const std::string& target = "primary") {
        TelemetryEvent e;
        e.ts_ms = time.system_ms();
        e.event = kind;
        e.trace_id = trace;
        e.target = target;
        return e;
    }
    // One request: `failures` failed attempts (each followed by a retry), then success or a final failure.
    void request(int failures, bool ok, std::int64_t latency_ms, const std::string& target = "primary") {
        const std::string trace = "t" + std::to_string(++trace_counter);
        metrics.record(ev(EventKind::RequestStarted, trace, target));
        for (int i = 0; i < failures; ++i) {
            auto a = ev(EventKind::AttemptStarted, trace, target);
            a.attempt_on_target = i + 1;
            metrics.record(a);
            auto f = ev(EventKind::AttemptFinished, trace, target);
            f.error_class = ErrorClass::ServerError;
            f.status = 503;
            metrics.record(f);
            auto r = ev(EventKind::RetryScheduled, trace, target);
            r.delay_ms = 100;
            r.delay_source = DelaySource::Backoff;
            metrics.record(r);
        }
        if (ok) {
            auto a = ev(EventKind::AttemptStarted, trace, target);
            a.attempt_on_target = failures + 1;
            metrics.record(a);
            auto f = ev(EventKind::AttemptFinished, trace, target);
            f.ttft_ms = latency_ms / 2;
            f.ok = true;
            metrics.record(f);
        }
        auto done = ev(EventKind::RequestFinished, trace, target);
        done.ok = ok;
        done.duration_ms = latency_ms;
        done.output_tokens = ok ? 10 : 0;
        metrics.record(done);
    }
};

TEST_F(MetricsAggregatorTest, RatesFollowTheAnchorsDefinitions) {
    for (int i = 0; i < 6; ++i)
        request(0, true, 200);
    for (int i = 0; i < 3; ++i)
        request(1, true, 400);
    request(2, false, 900);
    const auto s = metrics.snapshot(60);
    EXPECT_EQ(s.requests, 10);
    EXPECT_EQ(s.succeeded, 9);
    EXPECT_EQ(s.succeeded_after_retry, 3);
    EXPECT_EQ(s.failed, 1);
    EXPECT_EQ(s.failed_after_retry, 1);
    EXPECT_EQ(s.attempts, 6 + 3 * 2 + 2);
    // Retries are attempts beyond a request's first, counted when sent: the failed request's second
    // retry_scheduled never became an attempt (it had none left), so it is not a retry.
    EXPECT_EQ(s.retries, 3 + 1);
    EXPECT_DOUBLE_EQ(s.success_rate(), 0.9);
    EXPECT_DOUBLE_EQ(s.success_after_retry_rate(), 3.0 / 9.0);
    EXPECT_DOUBLE_EQ(s.retry_rate(), 4.0 / 14.0);
    EXPECT_EQ(s.wait_ms, 500);
    EXPECT_EQ(s.attempt_failures.at(ErrorClass::ServerError), 5);
    EXPECT_EQ(s.output_tokens, 90);
    EXPECT_EQ(metrics.in_flight(), 0);
}

TEST_F(MetricsAggregatorTest, AStopThePersonAskedForIsNeitherASuccessNorAFailure) {
    request(0, true, 100);
    metrics.record(ev(EventKind::RequestStarted, "stopped"));
    metrics.record(ev(EventKind::AttemptStarted, "stopped"));
    auto done = ev(EventKind::RequestFinished, "stopped");
    done.ok = false;
    done.error_class = ErrorClass::Cancelled;
    metrics.record(done);
    const auto s = metrics.snapshot(60);
    EXPECT_EQ(s.cancelled, 1);
    EXPECT_EQ(s.failed, 0);
    EXPECT_DOUBLE_EQ(s.error_rate(), 0.0);
    EXPECT_EQ(metrics.in_flight(), 0);
}

// The stopped attempt too: its attempt_finished carries class cancelled, which is no failed attempt of the
// target (the failure-rate chart and the alerts count attempt_failures).
TEST_F(MetricsAggregatorTest, AStoppedAttemptIsNotAFailedAttempt) {
    metrics.record(ev(EventKind::RequestStarted, "stopped"));
    metrics.record(ev(EventKind::AttemptStarted, "stopped"));
    auto attempt = ev(EventKind::AttemptFinished, "stopped");
    attempt.ok = false;
    attempt.error_class = ErrorClass::Cancelled;
    metrics.record(attempt);
    auto done = ev(EventKind::RequestFinished, "stopped");
    done.ok = false;
    done.error_class = ErrorClass::Cancelled;
    metrics.record(done);
    for (const std::string& target : {std::string(), std::string("primary")}) {
        const auto s = metrics.snapshot(60, target);
        EXPECT_TRUE(s.attempt_failures.empty()) << "target '" << target << "'";
        EXPECT_EQ(s.failed, 0);
        EXPECT_EQ(s.cancelled, 1);
    }
}

TEST_F(MetricsAggregatorTest, AFallbacksFirstAttemptIsARetryOfTheRequestButNotOfTheBackup) {
    metrics.record(ev(EventKind::RequestStarted, "r"));
    auto first = ev(EventKind::AttemptStarted, "r", "primary");
    first.attempt_on_target = 1;
    metrics.record(first);
    auto second = ev(EventKind::AttemptStarted, "r", "primary");
    second.attempt_on_target = 2;
    metrics.record(second);
    auto on_backup = ev(EventKind::AttemptStarted, "r", "backup");
    on_backup.attempt_on_target = 1;
    metrics.record(on_backup);
    EXPECT_EQ(metrics.snapshot(60).attempts, 3);
    EXPECT_EQ(metrics.snapshot(60).retries, 2) << "attempts beyond the request's first";
    EXPECT_EQ(metrics.snapshot(60, "primary").retries, 1);
    EXPECT_EQ(metrics.snapshot(60, "backup").retries, 0) << "the backup was asked once";
    EXPECT_EQ(metrics.snapshot(60, "backup").attempts, 1);
}

TEST_F(MetricsAggregatorTest, WindowsRollOverSecondBySecond) {
    request(0, true, 100);
    time.advance_ms(30000);
    request(0, true, 100);
    EXPECT_EQ(metrics.snapshot(10).requests, 1) << "the older request is outside a 10 s range";
    EXPECT_EQ(metrics.snapshot(31).requests, 2);
    const auto series = metrics.series(31);
    ASSERT_EQ(series.size(), 31U);
    EXPECT_EQ(series.front().requests, 1);
    EXPECT_EQ(series.back().requests, 1);
    EXPECT_EQ(series[15].requests, 0);
    time.advance_ms(MetricsAggregator::kHistorySeconds * 1000LL);
    EXPECT_EQ(metrics.snapshot(MetricsAggregator::kHistorySeconds).requests, 0) << "older than the history";
    request(0, true, 100);  // reuses a ring slot that held old data
    EXPECT_EQ(metrics.snapshot(MetricsAggregator::kHistorySeconds).requests, 1);
}

TEST_F(MetricsAggregatorTest, PercentilesComeFromMergedSeconds) {
    for (int ms = 1; ms <= 1000; ++ms) {
        request(0, true, ms);
        if (ms % 100 == 0)
            time.advance_ms(1000);  // spread over ten seconds
    }
    const auto s = metrics.snapshot(60);
    EXPECT_EQ(s.latency.count(), 1000U);
    // Log buckets, 8 per doubling: within 10% of the exact value.
    EXPECT_NEAR(static_cast<double>(s.latency.percentile_ms(50)), 500.0, 50.0);
    EXPECT_NEAR(static_cast<double>(s.latency.percentile_ms(90)), 900.0, 90.0);
    EXPECT_NEAR(static_cast<double>(s.latency.percentile_ms(99)), 990.0, 99.0);
    EXPECT_EQ(s.latency.percentile_ms(100), 1000);
    EXPECT_NEAR(static_cast<double>(s.ttft.percentile_ms(50)), 250.0, 25.0);
}

TEST_F(MetricsAggregatorTest, TargetsBreakersFallbacksHeadroomAndDelays) {
    request(1, true, 300, "primary");
    request(0, true, 100, "backup");
    auto fb = ev(EventKind::Fallback, "t9", "backup");
    fb.from_target = "primary";
    fb.target = "backup";
    fb.reason = DecisionReason::BreakerOpen;
    metrics.record(fb);
    // The request that moved is a fallback once the backup answers it.
    auto answered = ev(EventKind::RequestFinished, "t9", "backup");
    answered.ok = true;
    answered.from_target = "primary";
    metrics.record(answered);
    auto trip = ev(EventKind::BreakerTransition, "", "primary");
    trip.from_state = BreakerState::Closed;
    trip.to_state = BreakerState::Open;
    trip.transition_reason = TransitionReason::ConsecutiveFailures;
    metrics.record(trip);
    auto head = ev(EventKind::AttemptFinished, "t10", "backup");
    head.ok = true;
    head.ratelimit_remaining_requests = 7;
    head.ratelimit_limit_requests = 10;
    metrics.record(head);

    EXPECT_EQ(metrics.targets(), (std::vector<std::string>{"backup", "primary"}));
    EXPECT_EQ(metrics.snapshot(60, "primary").attempts, 2);
    EXPECT_EQ(metrics.snapshot(60, "primary").fallbacks, 1);
    EXPECT_EQ(metrics.snapshot(60, "primary").short_circuited, 1);
    EXPECT_EQ(metrics.snapshot(60, "backup").succeeded, 2);
    EXPECT_EQ(metrics.breakers().at("primary").state, BreakerState::Open);
    EXPECT_EQ(metrics.breakers().at("primary").reason, TransitionReason::ConsecutiveFailures);
    EXPECT_EQ(metrics.headroom().at("backup").remaining_requests, 7);
    ASSERT_EQ(metrics.delays(60).size(), 1U);
    EXPECT_EQ(metrics.delays(60)[0].source, DelaySource::Backoff);
    time.advance_ms(120000);
    EXPECT_TRUE(metrics.delays(60).empty());
    metrics.reset();
    EXPECT_TRUE(metrics.targets().empty());
}

TEST(LatencyHistogram, MergeEqualsAddingEverything) {
    LatencyHistogram a, b, all;
    for (int i = 0; i < 500; ++i) {
        a.add(i);
        all.add(i);
        b.add(i * 7);
        all.add(i * 7);
    }
    a.merge(b);
    EXPECT_EQ(a.count(), all.count());
    for (double p : {1.0, 25.0, 50.0, 75.0, 95.0, 99.0, 100.0})
        EXPECT_EQ(a.percentile_ms(p), all.percentile_ms(p)) << p;
    EXPECT_EQ(LatencyHistogram().percentile_ms(50), 0);
    LatencyHistogram huge;
    huge.add(1LL << 40);
    EXPECT_EQ(huge.percentile_ms(50), 1LL << 40) << "values past the last bucket are clamped, not lost";
}

}  // namespace
}  // namespace stormproof

namespace stormproof {
namespace {

class ResilienceCostTest : public MetricsAggregatorTest {};

TEST_F(ResilienceCostTest, TokensOfFailedAndCancelledAttemptsAreWastedAndPriced) {
    std::vector<ConfigError> errors;
    auto prices = PriceTable::parse(
        R"({"models": [{"match": "m*", "input_per_mtok": 1000, "output_per_mtok": 2000}]})", errors);
    ASSERT_TRUE(prices) << join_errors(errors);
    metrics.set_prices(*prices);  // $0.001 per input token, $0.002 per output token: easy sums
    metrics.record(ev(EventKind::RequestStarted, "a"));
    metrics.record(ev(EventKind::AttemptStarted, "a"));
    auto cut = ev(EventKind::AttemptFinished, "a");  // a stream cut after some tokens
    cut.model = "m1";
    cut.ok = false;
    cut.error_class = ErrorClass::Network;  // how a cut stream is classed
    cut.input_tokens = 3;
    cut.output_tokens = 5;
    metrics.record(cut);
    auto refused = ev(EventKind::AttemptFinished, "a");  // a 429: nothing generated, nothing billed
    refused.model = "m1";
    refused.ok = false;
    refused.error_class = ErrorClass::RateLimited;
    metrics.record(refused);
    auto loser = ev(EventKind::HedgeCancelled, "a");  // a duplicate stopped mid-reply
    loser.model = "m1";
    loser.input_tokens = 3;
    loser.output_tokens = 1;
    metrics.record(loser);
    auto done = ev(EventKind::RequestFinished, "a");
    done.model = "m1";
    done.ok = true;
    done.input_tokens = 3;
    done.output_tokens = 7;
    metrics.record(done);

    const MetricsSnapshot s = metrics.snapshot(60);
    EXPECT_EQ(s.wasted_input_tokens, 6);
    EXPECT_EQ(s.wasted_output_tokens, 6);
    EXPECT_NEAR(s.wasted_cost_usd, 6 * 0.001 + 6 * 0.002, 1e-12);
    EXPECT_EQ(s.input_tokens + s.output_tokens, 10);
    EXPECT_NEAR(s.cost_usd, 3 * 0.001 + 7 * 0.002, 1e-12);
    EXPECT_NEAR(metrics.snapshot(60, "primary").wasted_cost_usd, 0.018, 1e-12) << "per target too";
    EXPECT_TRUE(metrics.unpriced_models().empty());

    auto other = ev(EventKind::RequestFinished, "b");
    other.model = "local-llama";
    other.ok = true;
    other.output_tokens = 4;
    metrics.record(ev(EventKind::RequestStarted, "b"));
    metrics.record(other);
    EXPECT_EQ(metrics.unpriced_models(), std::set<std::string>{"local-llama"});
    EXPECT_NEAR(metrics.snapshot(60).cost_usd, 0.017, 1e-12) << "an unpriced model adds $0, not a guess";
}

TEST_F(ResilienceCostTest, SlowCallsAreCountedAsTheBreakerCountsThem) {
    // TTFT where there is one, else the attempt's duration.
    for (std::int64_t ms : {100, 200, 20000, 30000}) {
        auto f = ev(EventKind::AttemptFinished, "x");
        f.ttft_ms = ms;
        f.duration_ms = 40000;
        f.ok = true;
        metrics.record(f);
    }
    auto timeout = ev(EventKind::AttemptFinished, "y");
    timeout.duration_ms = 16000;
    timeout.ok = false;
    timeout.error_class = ErrorClass::Timeout;
    metrics.record(timeout);
    const MetricsSnapshot s = metrics.snapshot(60);
    EXPECT_EQ(s.call_time.count(), 5u);
    EXPECT_EQ(s.call_time.count_above(15000), 3u);
    EXPECT_EQ(s.call_time.count_above(50000), 0u);
    EXPECT_EQ(s.call_time.count_above(50), 5u);
}

TEST(LatencyHistogramCountAbove, CountsOnlyBucketsWhollyAboveTheThreshold) {
    LatencyHistogram h;
    for (std::int64_t v = 1; v <= 1000; ++v)
        h.add(v);
    // Buckets are ~9% wide: the answer is within one bucket of the exact 500.
    const auto above = static_cast<double>(h.count_above(500));
    EXPECT_LE(above, 500.0);
    EXPECT_GE(above, 500.0 * 0.9);
    EXPECT_EQ(h.count_above(1000), 0u);
    EXPECT_EQ(h.count_above(0), 999u) << "only the bucket of 0..1 is not wholly above 0";
}

}  // namespace
}  // namespace stormproof
