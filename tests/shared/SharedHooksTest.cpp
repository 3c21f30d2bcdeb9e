// The engine's hooks for the shared state (no Redis here): a breaker tripped by another process, and a
// provider's wait another request or process was told, honoured by a request without earning its own 429.
#include <gtest/gtest.h>

#include "resilience/RequestExecution.h"
#include "resilience/ResilienceState.h"
#include "resilience/SeededRandom.h"
#include "resilience/SimulatedTime.h"

using namespace stormproof;

namespace {

struct OpenCase {
    const char* name;
    BreakerState before;
    std::int64_t open_until_before;  // for Open: relative to now
    std::int64_t shared_until;       // relative to now
    bool changed;
    BreakerState after;
    std::int64_t open_until_after;  // for Open: relative to now
    bool transition;                // a SharedTrip transition was announced
};

class SharedOpen : public ::testing::TestWithParam<OpenCase> {};

TEST_P(SharedOpen, ALaterDeadlineWinsAndAPersonsHandOutranksIt) {
    const OpenCase& c = GetParam();
    std::vector<BreakerTransition> seen;
    BreakerConfig config;
    config.open_ms = 10000;
    CircuitBreaker b("t", config, [&](const BreakerTransition& t) { seen.push_back(t); });
    std::int64_t now = 1000;
    switch (c.before) {
        case BreakerState::Open:
        case BreakerState::HalfOpen:
            for (int i = 0; i < config.consecutive_failures; ++i)
                b.on_result(b.try_acquire(now), CallResult::Failure, 1, now);
            if (c.before == BreakerState::HalfOpen) {
                now += config.open_ms;
                (void)b.try_acquire(now);  // the probe: half-open now
            } else {
                now += config.open_ms - c.open_until_before;
            }
            break;
        case BreakerState::ForcedOpen:
            b.force_open(now);
            break;
        case BreakerState::Disabled:
            b.force_closed(now);
            break;
        case BreakerState::Closed:
            break;
    }
    ASSERT_EQ(b.state(), c.before);
    seen.clear();
    EXPECT_EQ(b.apply_shared_open(now + c.shared_until, now), c.changed) << c.name;
    EXPECT_EQ(b.state(), c.after) << c.name;
    if (c.after == BreakerState::Open) {
        EXPECT_EQ(b.open_until_ms() - now, c.open_until_after) << c.name;
        EXPECT_EQ(b.snapshot(now).open_remaining_ms, c.open_until_after) << c.name;
    }
    ASSERT_EQ(seen.size(), c.transition ? 1u : 0u) << c.name;
    if (c.transition) {
        EXPECT_EQ(seen[0].reason, TransitionReason::SharedTrip);
        EXPECT_EQ(seen[0].open_ms, c.open_until_after) << "the transition says how long it stays open";
    }
}

INSTANTIATE_TEST_SUITE_P(Table, SharedOpen,
                         ::testing::Values(OpenCase{"closed_opens", BreakerState::Closed, 0, 7000, true,
                                                    BreakerState::Open, 7000, true},
                                           OpenCase{"half_open_opens_again", BreakerState::HalfOpen, 0, 7000,
                                                    true, BreakerState::Open, 7000, true},
                                           OpenCase{"open_earlier_is_extended", BreakerState::Open, 3000,
                                                    9000, true, BreakerState::Open, 9000, false},
                                           OpenCase{"open_later_is_kept", BreakerState::Open, 9000, 3000,
                                                    false, BreakerState::Open, 9000, false},
                                           OpenCase{"forced_open_stays", BreakerState::ForcedOpen, 0, 7000,
                                                    false, BreakerState::ForcedOpen, 0, false},
                                           OpenCase{"forced_closed_stays", BreakerState::Disabled, 0, 7000,
                                                    false, BreakerState::Disabled, 0, false},
                                           OpenCase{"a_deadline_past_is_nothing", BreakerState::Closed, 0, 0,
                                                    false, BreakerState::Closed, 0, false},
                                           // A deadline hours away (another process's clock an hour behind
                                           // ours, or a value a broken or hostile writer put in Redis) opens
                                           // it no longer than its own trips could: max_open_ms.
                                           OpenCase{"a_far_deadline_is_capped", BreakerState::Closed, 0,
                                                    23LL * 3600 * 1000, true, BreakerState::Open,
                                                    BreakerConfig::kDefaultMaxOpenMs, true},
                                           OpenCase{"a_far_deadline_extends_to_the_cap", BreakerState::Open,
                                                    3000, 23LL * 3600 * 1000, true, BreakerState::Open,
                                                    BreakerConfig::kDefaultMaxOpenMs, false}),
                         [](const auto& param_info) { return std::string(param_info.param.name); });

TEST(SharedHooks, AnAutomaticTripIsReportedToTheShareListenerAndASharedOneIsNot) {
    ResilienceState state;
    std::vector<std::pair<std::string, std::int64_t>> trips;
    ResilienceState::ShareListener listener;
    listener.trip = [&](const std::string& t, std::int64_t until) { trips.emplace_back(t, until); };
    state.set_share_listener(listener);
    CircuitBreaker& b = state.breaker("a");
    for (int i = 0; i < BreakerConfig::kDefaultConsecutiveFailures; ++i)
        b.on_result(b.try_acquire(100), CallResult::Failure, 1, 100);
    ASSERT_EQ(trips.size(), 1u);
    EXPECT_EQ(trips[0], std::make_pair(std::string("a"), 100 + BreakerConfig::kDefaultOpenMs));
    EXPECT_TRUE(state.apply_shared_trip("b", 5000, 100));
    EXPECT_EQ(trips.size(), 1u) << "a trip learned from another process is not sent back";
}

// A request on a chain of (primary with `keys` keys, backup), with shared waits remembered.
struct Chain {
    SimulatedTime time;
    SeededRandom random{7};
    ResiliencePolicy policy;
    ResilienceState state{policy};
    std::vector<std::tuple<std::string, int, std::int64_t>> shared_waits;
    explicit Chain(bool share = true) {
        if (share) {
            ResilienceState::ShareListener l;
            l.server_wait = [this](const std::string& t, int k, std::int64_t u) {
                shared_waits.emplace_back(t, k, u);
            };
            state.set_share_listener(l);
        }
    }
    std::unique_ptr<RequestExecution> request(int keys) {
        return std::make_unique<RequestExecution>(
            policy, std::vector<ExecutionTarget>{{"primary", keys, {}}, {"backup", 1, {}}}, state, time,
            random, RequestIdentity::generate(random));
    }
};

TEST(SharedHooks, ARequestTakesTheNextKeyWhenItsFirstIsAskedToWait) {
    Chain c;
    c.state.apply_shared_server_wait("primary", 0, 5000, 0);
    auto r = c.request(2);
    const Step s = r->begin();
    ASSERT_TRUE(s.start);
    EXPECT_EQ(s.start->target_index, 0);
    EXPECT_EQ(s.start->key_index, 1);
    ASSERT_EQ(s.decisions.size(), 1u);
    EXPECT_EQ(s.decisions[0].kind, DecisionKind::NextKey);
    EXPECT_EQ(s.decisions[0].reason, DecisionReason::ProviderWait);
}

TEST(SharedHooks, ARequestWaitsOutAWaitWithinTheCapThenSendsToTheSameKey) {
    Chain c;
    c.state.apply_shared_server_wait("primary", 0, 2000, 0);
    auto r = c.request(1);
    const Step s = r->begin();
    EXPECT_FALSE(s.start) << "sent although the provider asked everyone to wait";
    ASSERT_TRUE(s.wait_ms);
    EXPECT_EQ(*s.wait_ms, 2000);
    ASSERT_EQ(s.decisions.size(), 1u);
    EXPECT_EQ(s.decisions[0].kind, DecisionKind::Retry);
    EXPECT_EQ(s.decisions[0].reason, DecisionReason::ProviderWait);
    EXPECT_EQ(s.decisions[0].delay_source, DelaySource::RetryAfter);
    c.time.advance_ms(2000);
    const Step after = r->resume();
    ASSERT_TRUE(after.start);
    EXPECT_EQ(after.start->target_index, 0);
    EXPECT_EQ(after.start->key_index, 0);
    EXPECT_EQ(after.start->attempt_on_target, 1);
}

TEST(SharedHooks, AWaitAboveTheCapMovesTheRequestToTheFallbackAtOnce) {
    Chain c;
    c.policy.retry.max_retry_after_ms = 1000;
    c.state.apply_shared_server_wait("primary", 0, 9000, 0);
    auto r = c.request(1);
    const Step s = r->begin();
    ASSERT_TRUE(s.start);
    EXPECT_EQ(s.start->target_index, 1);
    ASSERT_EQ(s.decisions.size(), 1u);
    EXPECT_EQ(s.decisions[0].kind, DecisionKind::Fallback);
    EXPECT_EQ(s.decisions[0].reason, DecisionReason::ProviderWait);
}

TEST(SharedHooks, ARetryAfterSeenByARequestIsRememberedForTheOthersAndShared) {
    Chain c;
    auto first = c.request(1);
    const Step s = first->begin();
    ASSERT_TRUE(s.start);
    AttemptOutcome limited;
    limited.http_status = 429;
    limited.hints.delay_ms = 3000;
    limited.hints.source = DelaySource::RetryAfter;
    (void)first->on_attempt_finished(s.start->attempt_id, limited);
    ASSERT_EQ(c.shared_waits.size(), 1u);
    EXPECT_EQ(c.shared_waits[0], std::make_tuple(std::string("primary"), 0, std::int64_t{3000}));
    // A second request now waits with the first instead of earning a 429 of its own.
    auto second = c.request(1);
    const Step s2 = second->begin();
    EXPECT_FALSE(s2.start);
    ASSERT_TRUE(s2.wait_ms);
    EXPECT_EQ(*s2.wait_ms, 3000);
}

TEST(SharedHooks, WithoutSharingNothingIsRememberedAndRequestsBehaveAsBefore) {
    Chain c(false);
    EXPECT_FALSE(c.state.apply_shared_server_wait("primary", 0, 5000, 0));
    auto r = c.request(1);
    const Step s = r->begin();
    ASSERT_TRUE(s.start);
    EXPECT_EQ(s.start->target_index, 0);
    EXPECT_TRUE(s.decisions.empty());
}

}  // namespace
