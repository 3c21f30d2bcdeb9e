// The dashboard's number-crunching (core/telemetry: DashboardSeries, AlertPolicy, CostEstimate,
// FleetSummary) on the fake clock: events go through MetricsAggregator on SimulatedTime, the pure functions
// read what it kept. Cases that share a shape are tables.
#include <gtest/gtest.h>

#include "resilience/SimulatedTime.h"
#include "telemetry/AlertPolicy.h"
#include "telemetry/CostEstimate.h"
#include "telemetry/DashboardSeries.h"
#include "telemetry/FleetSummary.h"

namespace stormproof {
namespace {

class DashboardMathTest : public ::testing::Test {
protected:
    SimulatedTime time;
    MetricsAggregator metrics{time};
    int traces = 0;

    TelemetryEvent ev(EventKind kind, const std::string& trace, const std::string& target = "primary") {
        TelemetryEvent e;
        e.ts_ms = time.system_ms();
        e.event = kind;
        e.trace_id = trace;
        e.target = target;
        return e;
    }
    // One request at the current second: `failures` failed attempts, then a success or a final failure.
    void request(int failures, bool ok, const std::string& target = "primary") {
        const std::string trace = "t" + std::to_string(++traces);
        metrics.record(ev(EventKind::RequestStarted, trace, target));
        for (int i = 0; i <= failures; ++i) {
            auto a = ev(EventKind::AttemptStarted, trace, target);
            a.attempt_on_target = i + 1;
            metrics.record(a);
            auto f = ev(EventKind::AttemptFinished, trace, target);
            const bool last_ok = i == failures && ok;
            if (!last_ok)
                f.error_class = ErrorClass::ServerError;
            f.ok = last_ok;
            f.ttft_ms = 100;
            metrics.record(f);
        }
        auto done = ev(EventKind::RequestFinished, trace, target);
        done.ok = ok;
        done.duration_ms = 300;
        metrics.record(done);
    }
    void breaker(const std::string& target, BreakerState from, BreakerState to) {
        auto b = ev(EventKind::BreakerTransition, "", target);
        b.from_state = from;
        b.to_state = to;
        b.transition_reason = TransitionReason::FailureRateExceeded;
        metrics.record(b);
    }
};

// ---- rate windows ----------------------------------------------------------------------------------------

struct RateCase {
    const char* name;
    std::vector<std::pair<int, int>> seconds;  // per second: (requests, failed attempts before each success)
    int window_s;
    std::vector<ChartPoint> retry;  // expected retry_pct points
};

TEST_F(DashboardMathTest, RateLinesAverageOverTheTrailingWindowAndSkipEmptyWindows) {
    const RateCase cases[] = {
        {"one clean second", {{1, 0}}, 10, {{0, 0}}},
        {"a retried request", {{1, 1}}, 10, {{0, 50}}},  // 1 retry of 2 attempts
        // Second -2: one retried request (1 of 2); second 0: two clean ones. The 10 s window at second 0
        // holds both: 1 retry of 4 attempts; at -1 only the first.
        {"window carries the past", {{1, 1}, {0, 0}, {2, 0}}, 10, {{-2, 50}, {-1, 50}, {0, 25}}},
        // A 1-second window forgets it: -1 has no attempts (no point), 0 has its own.
        {"one-second window", {{1, 1}, {0, 0}, {2, 0}}, 1, {{-2, 50}, {0, 0}}},
        {"nothing at all", {{0, 0}, {0, 0}}, 10, {}},
    };
    for (const RateCase& c : cases) {
        SCOPED_TRACE(c.name);
        metrics.reset();
        time.advance_ms(1000 * 1000);  // a fresh stretch of history
        for (std::size_t s = 0; s < c.seconds.size(); ++s) {
            if (s > 0)
                time.advance_ms(1000);
            for (int r = 0; r < c.seconds[s].first; ++r)
                request(c.seconds[s].second, true);
        }
        const auto series = metrics.series(static_cast<int>(c.seconds.size()));
        EXPECT_EQ(rate_lines(series, c.window_s, 1000).retry_pct, c.retry);
    }
}

TEST_F(DashboardMathTest, TheFailureAndSlowRatesCountAttemptsAndCallsAsTheBreakerDoes) {
    request(1, true);   // 1 failed attempt of 2
    request(0, false);  // 1 failed of 1
    const RateLines lines = rate_lines(metrics.series(1), kRateWindowS, 50);
    ASSERT_EQ(lines.failure_pct.size(), 1U);
    EXPECT_NEAR(lines.failure_pct[0].y, 100.0 * 2 / 3, 1e-9);
    ASSERT_EQ(lines.slow_pct.size(), 1U);
    EXPECT_DOUBLE_EQ(lines.slow_pct[0].y, 100) << "every call took 100 ms, above 50";
    EXPECT_DOUBLE_EQ(rate_lines(metrics.series(1), kRateWindowS, 1000).slow_pct[0].y, 0);
    ASSERT_EQ(lines.ok_after_retry_pct.size(), 1U);
    EXPECT_DOUBLE_EQ(lines.ok_after_retry_pct[0].y, 100) << "the one success needed a retry";
}

TEST_F(DashboardMathTest, OutcomeStacksAreRunningSumsInLegendOrder) {
    request(1, true);
    request(0, false);
    const OutcomeStacks stacks = outcome_stacks(metrics.series(2));
    // success 1, retry 1, fallback 0, failed 1, short-circuited 0, budget-denied 0 at the newest second.
    const double expected[] = {1, 2, 2, 3, 3, 3};
    for (std::size_t o = 0; o < kOutcomes.size(); ++o) {
        SCOPED_TRACE(std::string(to_string(kOutcomes[o])));
        ASSERT_EQ(stacks.upper[o].size(), 2U);
        EXPECT_EQ(stacks.upper[o][0], (ChartPoint{-1, 0}));
        EXPECT_EQ(stacks.upper[o][1], (ChartPoint{0, expected[o]}));
    }
    EXPECT_DOUBLE_EQ(stacks.peak, 3);
}

// ---- breakers --------------------------------------------------------------------------------------------

TEST_F(DashboardMathTest, EveryBreakerStateHasANamedLevel) {
    const struct {
        BreakerState state;
        BreakerLevel level;
        const char* axis_label;
        bool rejects;
    } cases[] = {{BreakerState::Closed, BreakerLevel::Closed, "closed", false},
                 {BreakerState::Disabled, BreakerLevel::Closed, "closed", false},
                 {BreakerState::HalfOpen, BreakerLevel::HalfOpen, "half-open", false},
                 {BreakerState::Open, BreakerLevel::Open, "open", true},
                 {BreakerState::ForcedOpen, BreakerLevel::Open, "open", true}};
    for (const auto& c : cases) {
        SCOPED_TRACE(std::string(to_string(c.state)));
        EXPECT_EQ(breaker_level(c.state), c.level);
        EXPECT_EQ(to_string(breaker_level(c.state)), c.axis_label);
        EXPECT_EQ(breaker_rejects(c.state), c.rejects);
        EXPECT_EQ(breaker_state_from_text(to_string(c.state)), c.state) << "the logged name reads back";
    }
    EXPECT_FALSE(breaker_state_from_text("ajar"));
}

TEST_F(DashboardMathTest, BreakerStepsStepAtEachTransitionInsideTheRange) {
    breaker("old", BreakerState::Closed, BreakerState::Open);  // before the range: only its level counts
    time.advance_ms(100 * 1000);
    breaker("primary", BreakerState::Closed, BreakerState::Open);
    time.advance_ms(5000);
    breaker("primary", BreakerState::Open, BreakerState::HalfOpen);
    time.advance_ms(5000);
    const auto steps =
        breaker_steps(metrics.breaker_changes(), {"primary", "quiet"}, time.system_ms(), /*range_s=*/60);
    const struct {
        const char* target;
        ChartLine line;
    } cases[] = {
        {"primary", {{-60, 0}, {-10, 0}, {-10, 2}, {-5, 2}, {-5, 1}, {0, 1}}},
        {"quiet", {{-60, 0}, {0, 0}}},
        {"old", {{-60, 2}, {0, 2}}},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(c.target);
        ASSERT_TRUE(steps.count(c.target));
        EXPECT_EQ(steps.at(c.target), c.line);
    }
    EXPECT_EQ(steps.size(), 3U);
}

TEST_F(DashboardMathTest, BreakerCountsPlaceEveryTargetOnce) {
    request(0, true, "a");
    request(0, true, "b");
    request(0, true, "c");
    breaker("a", BreakerState::Closed, BreakerState::Open);
    breaker("b", BreakerState::Open, BreakerState::HalfOpen);
    breaker("d", BreakerState::Closed, BreakerState::ForcedOpen);  // a target with no traffic yet
    const BreakerCounts counts = count_breakers(metrics.breakers(), metrics.targets());
    EXPECT_EQ(counts, (BreakerCounts{1, 2, 1}));
}

// ---- alerts ----------------------------------------------------------------------------------------------

struct AlertCase {
    const char* name;
    int clean_requests;
    int retried_requests;  // each: one failed attempt, then success
    int failed_requests;   // each: one failed attempt, no retry
    std::vector<AlertKind> expected;
};

TEST_F(DashboardMathTest, RateAlertsNeedARealSampleAndFireAboveItsThreshold) {
    // Default thresholds: retries above 30% of attempts, errors above 10% of finished requests.
    const AlertCase cases[] = {
        {"3 of 10 failed: too few to judge", 7, 0, 3, {}},
        {"19 requests, 5 failed: still too few", 14, 0, 5, {}},
        {"20 requests, 3 failed (15%)", 17, 0, 3, {AlertKind::ErrorRate}},
        {"20 requests, 2 failed (10%): not above", 18, 0, 2, {}},
        // 10 retried requests = 20 attempts, 10 retries (50%): enough attempts, but only 10 requests.
        {"10 retried requests", 0, 10, 0, {AlertKind::RetryRate}},
        {"9 retried requests: 18 attempts", 0, 9, 0, {}},
        {"both: 10 retries of 30 attempts, 5 of 20 failed",
         5,
         10,
         5,
         {AlertKind::RetryRate, AlertKind::ErrorRate}},
        {"healthy traffic", 40, 2, 0, {}},
    };
    for (const AlertCase& c : cases) {
        SCOPED_TRACE(c.name);
        metrics.reset();
        for (int i = 0; i < c.clean_requests; ++i)
            request(0, true);
        for (int i = 0; i < c.retried_requests; ++i)
            request(1, true);
        for (int i = 0; i < c.failed_requests; ++i)
            request(0, false);
        std::vector<AlertKind> kinds;
        for (const Alert& a : evaluate_alerts(metrics.snapshot(kAlertWindowS), {}, AlertThresholds{}))
            kinds.push_back(a.kind);
        EXPECT_EQ(kinds, c.expected);
    }
}

TEST_F(DashboardMathTest, ThresholdsComeFromTheSettingsAndBelowTheSampleTheStatusSaysSo) {
    AppSettings settings;
    settings.alert_error_rate_pct = 50;
    const AlertThresholds t = AlertThresholds::from(settings);
    EXPECT_EQ(t.error_rate_pct, 50);
    EXPECT_EQ(AlertThresholds{}, AlertThresholds::from(AppSettings{})) << "one set of defaults";
    for (int i = 0; i < 10; ++i)
        request(0, i < 6);  // 40% failed, 10 requests
    const RateStatus status = error_rate_status(metrics.snapshot(kAlertWindowS), t);
    EXPECT_FALSE(status.enough_sample());
    EXPECT_EQ(status.sample, 10);
    EXPECT_EQ(status.min_sample, kMinRequestsForErrorAlert);
    EXPECT_FALSE(status.firing());
}

TEST_F(DashboardMathTest, OpenBreakersAlertInTargetOrderAfterTheRates) {
    breaker("zeta", BreakerState::Closed, BreakerState::Open);
    breaker("alpha", BreakerState::Closed, BreakerState::ForcedOpen);
    breaker("mid", BreakerState::Open, BreakerState::HalfOpen);
    const auto alerts = evaluate_alerts(metrics.snapshot(kAlertWindowS), metrics.breakers(), {});
    ASSERT_EQ(alerts.size(), 2U);
    EXPECT_EQ(alerts[0].target, "alpha");
    EXPECT_EQ(alerts[0].state, BreakerState::ForcedOpen);
    EXPECT_EQ(alerts[1].target, "zeta");
    EXPECT_EQ(alerts[1].reason, TransitionReason::FailureRateExceeded);
}

// ---- cost ------------------------------------------------------------------------------------------------

TEST_F(DashboardMathTest, DollarAmountsKeepTheirSignificantDigits) {
    const struct {
        double usd;
        const char* text;
    } cases[] = {{0, "$0.0000"}, {0.00045, "$0.00045"}, {0.0123, "$0.0123"}, {12.4, "$12.40"}};
    for (const auto& c : cases)
        EXPECT_EQ(format_usd(c.usd), c.text);
}

TEST_F(DashboardMathTest, TheCostLineIsAnEstimateNamingEachModelItPricedAndAtWhatRate) {
    const std::string table = R"({"models": [
        {"match": "gpt-4o-mini*", "input_per_mtok": 0.15, "output_per_mtok": 0.60},
        {"match": "sim-*", "input_per_mtok": 2.5, "output_per_mtok": 10, "note": "the simulator: no real charge"}]})";
    std::vector<ConfigError> errors;
    auto prices = PriceTable::parse(table, errors);
    ASSERT_TRUE(prices) << errors.size();
    metrics.set_prices(*prices);
    for (const char* model : {"gpt-4o-mini-2024", "sim-flaky", "house-model"}) {
        auto done = ev(EventKind::RequestFinished, model);
        done.model = model;
        done.ok = true;
        done.input_tokens = 1000;
        done.output_tokens = 1000;
        metrics.record(done);
    }
    const CostEstimate e = estimate_cost(metrics.snapshot(60), 60, metrics.prices(), metrics.priced_models(),
                                         metrics.unpriced_models());
    ASSERT_EQ(e.priced.size(), 2U);
    EXPECT_EQ(e.priced[0].match, "gpt-4o-mini*");
    EXPECT_EQ(e.priced[1].model, "sim-flaky");
    EXPECT_EQ(e.unpriced, std::vector<std::string>{"house-model"});
    const std::string line = cost_line(e);
    const char* must_read[] = {
        "Estimated cost $0.0133",  // 1000 x (0.15 + 0.60) + 1000 x (2.5 + 10), per million
        "an estimate at list prices",
        "gpt-4o-mini-2024 at $0.15/$0.60",
        "sim-flaky at $2.50/$10.00 — the simulator: no real charge",
        "Not in the price table (counted as $0): house-model.",
    };
    for (const char* text : must_read)
        EXPECT_NE(line.find(text), std::string::npos) << text << "\nin: " << line;
}

TEST_F(DashboardMathTest, TheBuiltInTableLabelsTheSimulatorsPrice) {
    const PriceTable builtin = PriceTable::builtin();
    for (const char* model : {"sim-flaky", "stormproof-sim"}) {
        SCOPED_TRACE(model);
        const PriceTable::Entry* entry = builtin.entry_of(model);
        ASSERT_TRUE(entry);
        EXPECT_NE(entry->note.find("simulator"), std::string::npos)
            << "priced like a real model only with a note that says so";
    }
}

// ---- tiles -----------------------------------------------------------------------------------------------

TEST_F(DashboardMathTest, ATileCarriesItsTargetsNumbers) {
    for (int i = 0; i < 3; ++i)
        request(1, true);
    time.advance_ms(1000);
    request(0, true);
    const TargetTile tile =
        target_tile("primary", metrics.snapshot(60, "primary"), metrics.series(kTrendSeconds, "primary"),
                    metrics.breakers(), metrics.headroom());
    EXPECT_EQ(tile.attempts, 7);
    ASSERT_TRUE(tile.error_pct);
    EXPECT_NEAR(*tile.error_pct, 100.0 * 3 / 7, 1e-9);
    EXPECT_EQ(tile.state, BreakerState::Closed);
    ASSERT_EQ(tile.trend.size(), static_cast<std::size_t>(kTrendSeconds));
    EXPECT_EQ(tile.trend[kTrendSeconds - 2], kTrendLevels - 1) << "the busiest second is the top level";
    EXPECT_EQ(tile.trend[kTrendSeconds - 1], 1 * (kTrendLevels - 1) / 6);
    EXPECT_FALSE(target_tile("nobody", {}, {}, {}, {}).error_pct);
}

}  // namespace
}  // namespace stormproof
