// SharedStateSync on the simulated clock with a fake store: what goes out when this process learns something,
// what is applied when another process did, how often Redis is read, and what the link's ups and downs say.
// (The same logic against a real Redis, and between real processes: RedisLinkTest, SharedProcessesTest.)
#include <gtest/gtest.h>

#include <deque>

#include "resilience/ResilienceState.h"
#include "resilience/SeededRandom.h"
#include "resilience/SimulatedTime.h"
#include "shared/SharedStateSync.h"
#include "telemetry/EventBus.h"

using namespace stormproof;

namespace {

// Records commands; a test answers them (or the link fails them).
class FakeStore final : public SharedStore {
public:
    struct Sent {
        std::vector<std::string> argv;
        std::function<void(Result<RedisReply>)> done;
    };
    bool is_up = false;
    std::string channel;
    std::deque<Sent> sent;

    bool up() const override { return is_up; }
    void command(const std::vector<std::string>& argv,
                 std::function<void(Result<RedisReply>)> done) override {
        if (!is_up) {
            done(make_error("down"));
            return;
        }
        sent.push_back({argv, std::move(done)});
    }
    void start(const std::string& ch) override { channel = ch; }

    void go(bool up, const std::string& why = {}) {
        is_up = up;
        on_link(up, why);
    }
    // "READ": the periodic read (an EVAL of SharedStateSync::kReadScript); "EVAL": every other script.
    std::vector<Sent> take(const std::string& verb) {
        std::vector<Sent> out;
        for (auto it = sent.begin(); it != sent.end();) {
            const bool read =
                it->argv.size() > 1 && it->argv[0] == "EVAL" && it->argv[1] == SharedStateSync::kReadScript;
            if (verb == "READ" ? read : it->argv[0] == verb && !read) {
                out.push_back(std::move(*it));
                it = sent.erase(it);
            } else {
                ++it;
            }
        }
        return out;
    }
};

RedisReply integer(std::int64_t v) {
    RedisReply r;
    r.type = RedisReply::Type::Integer;
    r.integer = v;
    return r;
}

struct Fixture {
    SimulatedTime time;
    SeededRandom random{42};
    EventBus bus;
    ResiliencePolicy policy;
    ResilienceState state{policy};
    FakeStore store;
    SharedStateConfig config;
    std::vector<TelemetryEvent> link_events;
    EventBus::Subscription sub = bus.subscription([this](const TelemetryEvent& e) {
        if (e.event == EventKind::SharedStateChanged)
            link_events.push_back(e);
    });
    std::unique_ptr<SharedStateSync> sync;

    Fixture() {
        config.redis_url = "redis://127.0.0.1:6379/0";
        sync = std::make_unique<SharedStateSync>(time, time, random, bus, state, store, config);
        sync->set_targets(
            {{"primary", {"k0aaaaaaaaaaaaaa", "k1bbbbbbbbbbbbbb"}}, {"backup", {"k2cccccccccccccc"}}});
        sync->start();
    }
    std::int64_t epoch(std::int64_t steady) const { return steady - time.steady_ms() + time.system_ms(); }
    // Five failures in a row on primary: its breaker trips here.
    void trip_locally(const std::string& target) {
        CircuitBreaker& b = state.breaker(target);
        for (int i = 0; i < BreakerConfig::kDefaultConsecutiveFailures; ++i) {
            const BreakerPermit p = b.try_acquire(time.steady_ms());
            b.on_result(p, CallResult::Failure, 1, time.steady_ms());
        }
        ASSERT_EQ(b.state(), BreakerState::Open);
    }
    std::string message(const std::string& kind, const std::string& origin, const std::string& rest) const {
        return kind + "\t" + origin + "\t" + rest;
    }
};

TEST(SharedStateSync, ALocalTripIsWrittenOnceByTheLaterWinsScriptWithItsDeadlineAndOrigin) {
    Fixture f;
    f.store.go(true);
    f.store.take("READ");
    f.time.advance_ms(100);
    f.trip_locally("primary");
    const auto evals = f.store.take("EVAL");
    ASSERT_EQ(evals.size(), 1u);
    const auto& a = evals[0].argv;
    const std::int64_t until = f.epoch(f.time.steady_ms() + BreakerConfig::kDefaultOpenMs);
    EXPECT_EQ(a[1], SharedStateSync::kLaterWinsScript);
    EXPECT_EQ(a[2], "1");
    EXPECT_EQ(a[3], "stormproof:trip:primary");
    EXPECT_EQ(a[4], std::to_string(until));
    EXPECT_EQ(a[5], std::to_string(until) + "\t" + f.sync->origin());
    EXPECT_EQ(a[6], std::to_string(BreakerConfig::kDefaultOpenMs + SharedStateSync::kKeyMarginMs));  // TTL
    EXPECT_EQ(a[7], "stormproof:events");
    EXPECT_EQ(a[8], "trip\t" + f.sync->origin() + "\tprimary\t" + std::to_string(until));
    evals[0].done(integer(1));
    EXPECT_EQ(f.sync->counters().trips_published, 1);
}

TEST(SharedStateSync, AnotherProcesssTripOpensTheBreakerHereUntilItsDeadlinePlusTheFollowerDelay) {
    Fixture f;
    f.store.go(true);
    std::vector<BreakerTransition> seen;
    f.state.set_transition_listener([&](const BreakerTransition& t) { seen.push_back(t); });
    const std::int64_t until = f.time.steady_ms() + 7000;
    f.store.on_message(f.message("trip", "ffffffffffffffff", "primary\t" + std::to_string(f.epoch(until))));
    const CircuitBreaker& b = f.state.breaker("primary");
    EXPECT_EQ(b.state(), BreakerState::Open);
    EXPECT_EQ(b.open_until_ms(), until + SharedStateSync::kFollowerProbeDelayMs);
    ASSERT_EQ(seen.size(), 1u);
    EXPECT_EQ(seen[0].reason, TransitionReason::SharedTrip);
    EXPECT_EQ(f.sync->counters().trips_applied, 1);
    // Not sent back out: a shared trip is not news.
    EXPECT_TRUE(f.store.take("EVAL").empty());
    // An earlier deadline changes nothing; a later one extends it without a second transition.
    f.store.on_message(
        f.message("trip", "ffffffffffffffff", "primary\t" + std::to_string(f.epoch(until - 10))));
    EXPECT_EQ(b.open_until_ms(), until + SharedStateSync::kFollowerProbeDelayMs);
    f.store.on_message(
        f.message("trip", "eeeeeeeeeeeeeeee", "primary\t" + std::to_string(f.epoch(until + 5000))));
    EXPECT_EQ(b.open_until_ms(), until + 5000 + SharedStateSync::kFollowerProbeDelayMs);
    EXPECT_EQ(seen.size(), 1u);
    // Requests here now short-circuit: no permit until the deadline.
    EXPECT_FALSE(f.state.breaker("primary").try_acquire(f.time.steady_ms()).permitted);
}

struct IgnoredMessage {
    const char* name;
    std::string payload;  // {UNTIL} is replaced by a deadline 5 s ahead
};

class IgnoredMessages : public ::testing::TestWithParam<IgnoredMessage> {};

TEST_P(IgnoredMessages, LeaveEveryBreakerAsItWas) {
    Fixture f;
    f.store.go(true);
    std::string payload = GetParam().payload;
    const std::string until = std::to_string(f.epoch(f.time.steady_ms() + 5000));
    if (const auto at = payload.find("{UNTIL}"); at != std::string::npos)
        payload.replace(at, 7, until);
    if (const auto at = payload.find("{ME}"); at != std::string::npos)
        payload.replace(at, 4, f.sync->origin());
    f.store.on_message(payload);
    EXPECT_EQ(f.state.breaker("primary").state(), BreakerState::Closed) << GetParam().name;
    EXPECT_EQ(f.state.blocked_until_ms("primary", 0, f.time.steady_ms()), 0) << GetParam().name;
    EXPECT_EQ(f.state.breakers().count("nosuch"), 0u) << GetParam().name;
}

INSTANTIATE_TEST_SUITE_P(
    Table, IgnoredMessages,
    ::testing::Values(IgnoredMessage{"own_echo", "trip\t{ME}\tprimary\t{UNTIL}"},
                      IgnoredMessage{"unknown_target", "trip\tffffffffffffffff\tnosuch\t{UNTIL}"},
                      IgnoredMessage{"past_deadline", "trip\tffffffffffffffff\tprimary\t1000"},
                      IgnoredMessage{"beyond_a_day", "trip\tffffffffffffffff\tprimary\t99999999999999"},
                      IgnoredMessage{"not_a_number", "trip\tffffffffffffffff\tprimary\t12ab"},
                      IgnoredMessage{"missing_field", "trip\tffffffffffffffff\tprimary"},
                      IgnoredMessage{"unknown_kind", "nuke\tffffffffffffffff\tprimary\t{UNTIL}"},
                      IgnoredMessage{"unknown_key", "wait\tffffffffffffffff\tprimary\tzzzz\t{UNTIL}"},
                      IgnoredMessage{"unknown_mode", "force\tffffffffffffffff\tprimary\texplode"},
                      IgnoredMessage{"oversized",
                                     "trip\tffffffffffffffff\tprimary\t{UNTIL}" + std::string(600, ' ')}),
    [](const auto& param_info) { return std::string(param_info.param.name); });

TEST(SharedStateSync, AProviderWaitIsSharedPerTargetAndKeyAndAppliedToTheSameKeyElsewhere) {
    Fixture f;
    f.store.go(true);
    f.store.take("READ");
    // Here: key 1 of primary was told to wait 8 s.
    const std::int64_t until = f.time.steady_ms() + 8000;
    f.state.note_server_wait("primary", 1, until, f.time.steady_ms());
    auto evals = f.store.take("EVAL");
    ASSERT_EQ(evals.size(), 1u);
    EXPECT_EQ(evals[0].argv[3], "stormproof:wait:primary:k1bbbbbbbbbbbbbb");
    EXPECT_EQ(evals[0].argv[8],
              "wait\t" + f.sync->origin() + "\tprimary\tk1bbbbbbbbbbbbbb\t" + std::to_string(f.epoch(until)));
    // Elsewhere: key 0's wait arrives; only key 0 is blocked, until exactly then (no follower delay for
    // waits).
    const std::int64_t other = f.time.steady_ms() + 3000;
    f.store.on_message(f.message("wait", "ffffffffffffffff",
                                 "primary\tk0aaaaaaaaaaaaaa\t" + std::to_string(f.epoch(other))));
    EXPECT_EQ(f.state.blocked_until_ms("primary", 0, f.time.steady_ms()), other);
    EXPECT_EQ(f.state.blocked_until_ms("primary", 1, f.time.steady_ms()), until);
    EXPECT_EQ(f.state.blocked_until_ms("backup", 0, f.time.steady_ms()), 0);
    f.time.advance_ms(3000);
    EXPECT_EQ(f.state.blocked_until_ms("primary", 0, f.time.steady_ms()), 0) << "a wait ends on its deadline";
}

TEST(SharedStateSync, AForcingIsSharedBothWaysAndALocalHandIsSentAgainAfterRedisWasAway) {
    Fixture f;
    f.store.go(true);
    f.store.take("READ");
    f.store.on_message(f.message("force", "ffffffffffffffff", "primary\tforce_open"));
    EXPECT_EQ(f.state.breaker("primary").state(), BreakerState::ForcedOpen);
    f.store.on_message(f.message("force", "ffffffffffffffff", "primary\tautomatic"));
    EXPECT_EQ(f.state.breaker("primary").state(), BreakerState::Closed);
    // A person here forces backup closed while Redis is down: nothing goes out, and the next reads (which
    // find no forcing in Redis) leave it forced.
    f.store.go(false, "gone");
    f.state.set_override("backup", BreakerOverride::ForceClosed, f.time.steady_ms());
    EXPECT_TRUE(f.store.take("EVAL").empty());
    f.store.go(true);
    // Back up: the forcing is sent again (republish), then Redis is read.
    auto evals = f.store.take("EVAL");
    ASSERT_EQ(evals.size(), 1u);
    EXPECT_EQ(evals[0].argv[1], SharedStateSync::kForceScript);
    EXPECT_EQ(evals[0].argv[3], "stormproof:force:backup");
    EXPECT_EQ(evals[0].argv[4], "force_closed\t" + f.sync->origin());
    auto reads = f.store.take("READ");
    ASSERT_EQ(reads.size(), 1u);
    RedisReply all;
    all.type = RedisReply::Type::Array;
    all.elements.resize(reads[0].argv.size() - 1);  // nil but force:backup, which holds what was just sent
    all.elements[5].type = RedisReply::Type::String;
    all.elements[5].str = "force_closed\t" + f.sync->origin();
    reads[0].done(all);
    EXPECT_EQ(f.state.breaker("backup").state(), BreakerState::Disabled);
    EXPECT_EQ(f.state.breaker("primary").state(), BreakerState::Closed);
    // Another process releases it: the message moves it here.
    f.store.on_message(f.message("force", "ffffffffffffffff", "backup\tautomatic"));
    EXPECT_EQ(f.state.breaker("backup").state(), BreakerState::Closed);
}

TEST(SharedStateSync, EveryKeyIsReadInOneScriptOncePerIntervalAndNeverWhileTheLinkIsDown) {
    Fixture f;
    f.store.go(true);
    auto first = f.store.take("READ");
    ASSERT_EQ(first.size(), 1u) << "read at once when the link comes up";
    const std::vector<std::string> expected = {"EVAL",
                                               SharedStateSync::kReadScript,
                                               "7",
                                               "stormproof:trip:primary",
                                               "stormproof:force:primary",
                                               "stormproof:wait:primary:k0aaaaaaaaaaaaaa",
                                               "stormproof:wait:primary:k1bbbbbbbbbbbbbb",
                                               "stormproof:trip:backup",
                                               "stormproof:force:backup",
                                               "stormproof:wait:backup:k2cccccccccccccc",
                                               std::to_string(SharedStateSync::kMaxValueBytes)};
    EXPECT_EQ(first[0].argv, expected);
    for (int s = 0; s < 10; ++s) {
        f.time.advance_ms(f.config.read_interval_ms - 1);
        EXPECT_TRUE(f.store.take("READ").empty()) << "read before the interval was up";
        f.time.advance_ms(1);
        EXPECT_EQ(f.store.take("READ").size(), 1u);
    }
    f.store.go(false, "gone");
    f.time.advance_ms(5 * f.config.read_interval_ms);
    EXPECT_TRUE(f.store.take("READ").empty());
}

TEST(SharedStateSync, AReadAppliesTripsAndWaitsOfOtherProcessesThatPubSubMissed) {
    Fixture f;
    f.store.go(true);
    auto reads = f.store.take("READ");
    ASSERT_EQ(reads.size(), 1u);
    const std::int64_t until = f.time.steady_ms() + 4000;
    RedisReply all;
    all.type = RedisReply::Type::Array;
    all.elements.resize(7);
    all.elements[0].type = RedisReply::Type::String;  // trip:primary
    all.elements[0].str = std::to_string(f.epoch(until)) + "\tffffffffffffffff";
    all.elements[6].type = RedisReply::Type::String;  // wait:backup:k2
    all.elements[6].str = std::to_string(f.epoch(until)) + "\tffffffffffffffff";
    reads[0].done(all);
    EXPECT_EQ(f.state.breaker("primary").state(), BreakerState::Open);
    EXPECT_EQ(f.state.breaker("primary").open_until_ms(), until + SharedStateSync::kFollowerProbeDelayMs);
    EXPECT_EQ(f.state.blocked_until_ms("backup", 0, f.time.steady_ms()), until);
    EXPECT_EQ(f.sync->counters().reads, 1);
}

TEST(SharedStateSync, TheLinksUpsAndDownsAreAnnouncedOnceEachWithWhyItWentDown) {
    Fixture f;
    f.store.go(false, "connection refused");
    f.store.go(false, "connection refused");  // a reconnect that failed again: no second event
    f.store.go(true);
    f.store.go(false, "no reply within 250 ms");
    ASSERT_EQ(f.link_events.size(), 3u);
    EXPECT_FALSE(*f.link_events[0].ok);
    EXPECT_EQ(f.link_events[0].detail, "connection refused");
    EXPECT_TRUE(*f.link_events[1].ok);
    EXPECT_FALSE(*f.link_events[2].ok);
    EXPECT_EQ(f.link_events[2].detail, "no reply within 250 ms");
    EXPECT_FALSE(f.sync->up());
}

TEST(SharedStateSync, WhatThisProcessLearnedWhileRedisWasDownIsSentWhenItIsBack) {
    Fixture f;
    f.trip_locally("primary");
    f.state.note_server_wait("backup", 0, f.time.steady_ms() + 20000, f.time.steady_ms());
    EXPECT_TRUE(f.store.sent.empty()) << "nothing is queued while down";
    const std::int64_t away_ms = BreakerConfig::kDefaultOpenMs / 2;
    f.time.advance_ms(away_ms);
    f.store.go(true);
    const auto evals = f.store.take("EVAL");
    ASSERT_EQ(evals.size(), 2u);
    EXPECT_EQ(evals[0].argv[3], "stormproof:trip:primary");
    EXPECT_EQ(evals[0].argv[6],
              std::to_string(BreakerConfig::kDefaultOpenMs - away_ms + SharedStateSync::kKeyMarginMs));
    EXPECT_EQ(evals[1].argv[3], "stormproof:wait:backup:k2cccccccccccccc");
    // What is over by then is not sent.
    f.store.go(false, "gone");
    f.time.advance_ms(30000);
    f.store.go(true);
    EXPECT_TRUE(f.store.take("EVAL").empty());
}

}  // namespace
