// SharedStateSync on the simulated clock with a fake store: what goes out when this process learns something,
// what is applied when another process did, how often Redis is read, and what the link's ups and downs say.
// (The same logic against a real Redis, and between real processes: RedisLinkTest, SharedProcessesTest.)
#include <gtest/gtest.h>

#include <deque>
#include <map>

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

    // Another process: another clock (its system time at start), another seed (another origin id).
    explicit Fixture(std::int64_t system_epoch_ms = SimulatedTime::kDefaultSystemEpochMs,
                     std::uint64_t seed = 42)
        : time(system_epoch_ms), random(seed) {
        config.redis_url = "redis://127.0.0.1:6379/0";
        sync = std::make_unique<SharedStateSync>(time, time, random, bus, state, store, config);
        sync->set_targets(
            {{"primary", {"k0aaaaaaaaaaaaaa", "k1bbbbbbbbbbbbbb"}}, {"backup", {"k2cccccccccccccc"}}});
        sync->start();
    }
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
    // How long it lasts from now, never a time of day (Redis puts it on its own clock).
    EXPECT_EQ(a[1], SharedStateSync::kLaterWinsScript);
    EXPECT_EQ(a[2], "1");
    EXPECT_EQ(a[3], "stormproof:trip:primary");
    EXPECT_EQ(a[4], std::to_string(BreakerConfig::kDefaultOpenMs));
    EXPECT_EQ(a[5], std::to_string(BreakerConfig::kDefaultOpenMs + SharedStateSync::kKeyMarginMs));  // TTL
    EXPECT_EQ(a[6], f.sync->origin());
    EXPECT_EQ(a[7], "stormproof:events");
    EXPECT_EQ(a[8], "trip\t" + f.sync->origin() + "\tprimary");  // the script adds how long
    evals[0].done(integer(1));
    EXPECT_EQ(f.sync->counters().trips_published, 1);
}

TEST(SharedStateSync, AnotherProcesssTripOpensTheBreakerHereUntilItsDeadlinePlusTheFollowerDelay) {
    Fixture f;
    f.store.go(true);
    std::vector<BreakerTransition> seen;
    f.state.set_transition_listener([&](const BreakerTransition& t) { seen.push_back(t); });
    const std::int64_t until = f.time.steady_ms() + 7000;
    f.store.on_message(f.message("trip", "ffffffffffffffff", "primary\t7000"));
    const CircuitBreaker& b = f.state.breaker("primary");
    EXPECT_EQ(b.state(), BreakerState::Open);
    EXPECT_EQ(b.open_until_ms(), until + SharedStateSync::kFollowerProbeDelayMs);
    ASSERT_EQ(seen.size(), 1u);
    EXPECT_EQ(seen[0].reason, TransitionReason::SharedTrip);
    EXPECT_EQ(f.sync->counters().trips_applied, 1);
    // Not sent back out: a shared trip is not news.
    EXPECT_TRUE(f.store.take("EVAL").empty());
    // An earlier deadline changes nothing; a later one extends it without a second transition.
    f.store.on_message(f.message("trip", "ffffffffffffffff", "primary\t6990"));
    EXPECT_EQ(b.open_until_ms(), until + SharedStateSync::kFollowerProbeDelayMs);
    f.store.on_message(f.message("trip", "eeeeeeeeeeeeeeee", "primary\t12000"));
    EXPECT_EQ(b.open_until_ms(), until + 5000 + SharedStateSync::kFollowerProbeDelayMs);
    EXPECT_EQ(seen.size(), 1u);
    // Requests here now short-circuit: no permit until the deadline.
    EXPECT_FALSE(f.state.breaker("primary").try_acquire(f.time.steady_ms()).permitted);
}

struct IgnoredMessage {
    const char* name;
    std::string payload;  // {UNTIL} is replaced by 5 s (how long it lasts from now)
};

class IgnoredMessages : public ::testing::TestWithParam<IgnoredMessage> {};

TEST_P(IgnoredMessages, LeaveEveryBreakerAsItWas) {
    Fixture f;
    f.store.go(true);
    std::string payload = GetParam().payload;
    const std::string until = "5000";
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
    ::testing::Values(
        IgnoredMessage{"own_echo", "trip\t{ME}\tprimary\t{UNTIL}"},
        IgnoredMessage{"unknown_target", "trip\tffffffffffffffff\tnosuch\t{UNTIL}"},
        IgnoredMessage{"over_already", "trip\tffffffffffffffff\tprimary\t0"},
        IgnoredMessage{"negative", "trip\tffffffffffffffff\tprimary\t-5000"},
        IgnoredMessage{"beyond_a_day", "trip\tffffffffffffffff\tprimary\t86400001"},
        IgnoredMessage{"wait_beyond_a_day", "wait\tffffffffffffffff\tprimary\tk0aaaaaaaaaaaaaa\t86400001"},
        IgnoredMessage{"a_time_of_day", "trip\tffffffffffffffff\tprimary\t1767225605000"},
        IgnoredMessage{"not_a_number", "trip\tffffffffffffffff\tprimary\t12ab"},
        IgnoredMessage{"missing_field", "trip\tffffffffffffffff\tprimary"},
        IgnoredMessage{"unknown_kind", "nuke\tffffffffffffffff\tprimary\t{UNTIL}"},
        IgnoredMessage{"unknown_key", "wait\tffffffffffffffff\tprimary\tzzzz\t{UNTIL}"},
        IgnoredMessage{"unknown_mode", "force\tffffffffffffffff\tprimary\texplode"},
        IgnoredMessage{"oversized", "trip\tffffffffffffffff\tprimary\t{UNTIL}" + std::string(600, ' ')}),
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
    EXPECT_EQ(evals[0].argv[4], "8000");
    EXPECT_EQ(evals[0].argv[8], "wait\t" + f.sync->origin() + "\tprimary\tk1bbbbbbbbbbbbbb");
    // Elsewhere: key 0's wait arrives; only key 0 is blocked, until exactly then (no follower delay for
    // waits).
    const std::int64_t other = f.time.steady_ms() + 3000;
    f.store.on_message(f.message("wait", "ffffffffffffffff", "primary\tk0aaaaaaaaaaaaaa\t3000"));
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
    // Redis' time, then every key: nil but force:backup, which holds what was just sent.
    all.elements.resize(reads[0].argv.size() - 3);
    all.elements[0] = integer(f.time.system_ms());
    all.elements[6].type = RedisReply::Type::String;
    all.elements[6].str = "force_closed\t" + f.sync->origin();
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
    // Redis' clock is its own: deadlines on it, 4 s after its time of the read.
    const std::int64_t redis_now_ms = 1900000000000;
    RedisReply all;
    all.type = RedisReply::Type::Array;
    all.elements.resize(8);
    all.elements[0] = integer(redis_now_ms);
    all.elements[1].type = RedisReply::Type::String;  // trip:primary
    all.elements[1].str = std::to_string(redis_now_ms + 4000) + "\tffffffffffffffff";
    all.elements[7].type = RedisReply::Type::String;  // wait:backup:k2
    all.elements[7].str = std::to_string(redis_now_ms + 4000) + "\tffffffffffffffff";
    all.elements[3].type = RedisReply::Type::String;  // wait:primary:k0, over on Redis' clock
    all.elements[3].str = std::to_string(redis_now_ms) + "\tffffffffffffffff";
    reads[0].done(all);
    EXPECT_EQ(f.state.breaker("primary").state(), BreakerState::Open);
    EXPECT_EQ(f.state.breaker("primary").open_until_ms(), until + SharedStateSync::kFollowerProbeDelayMs);
    EXPECT_EQ(f.state.blocked_until_ms("backup", 0, f.time.steady_ms()), until);
    EXPECT_EQ(f.state.blocked_until_ms("primary", 0, f.time.steady_ms()), 0);
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
    EXPECT_EQ(evals[0].argv[4], std::to_string(BreakerConfig::kDefaultOpenMs - away_ms));
    EXPECT_EQ(evals[0].argv[5],
              std::to_string(BreakerConfig::kDefaultOpenMs - away_ms + SharedStateSync::kKeyMarginMs));
    EXPECT_EQ(evals[1].argv[3], "stormproof:wait:backup:k2cccccccccccccc");
    // What is over by then is not sent.
    f.store.go(false, "gone");
    f.time.advance_ms(30000);
    f.store.go(true);
    EXPECT_TRUE(f.store.take("EVAL").empty());
}

// A wait received is believed for at most retry.max_retry_after_ms plus one read interval: still above the
// cap (requests here fall back, as for the whole wait, rather than wait out the cap and earn a 429), renewed
// by each read while Redis holds the wait, and over within about a minute once Redis no longer confirms it.
TEST(SharedStateSync, AWaitLongerThanMaxRetryAfterIsCappedJustAboveItAndRenewedByEachRead) {
    Fixture f;
    f.store.go(true);
    f.store.take("READ");
    const std::int64_t cap_ms = f.policy.retry.max_retry_after_ms + f.config.read_interval_ms;
    f.store.on_message(f.message("wait", "ffffffffffffffff", "primary\tk0aaaaaaaaaaaaaa\t600000"));
    EXPECT_EQ(f.state.blocked_until_ms("primary", 0, f.time.steady_ms()), f.time.steady_ms() + cap_ms);
    EXPECT_GT(cap_ms, f.policy.retry.max_retry_after_ms);
    // A read a second later finds 599 s left in Redis: the cap counts from now again.
    f.time.advance_ms(f.config.read_interval_ms);
    auto reads = f.store.take("READ");
    ASSERT_EQ(reads.size(), 1u);
    RedisReply all;
    all.type = RedisReply::Type::Array;
    all.elements.resize(8);
    all.elements[0] = integer(1900000000000);
    all.elements[3].type = RedisReply::Type::String;  // wait:primary:k0
    all.elements[3].str = std::to_string(1900000000000 + 599000) + "\tffffffffffffffff";
    reads[0].done(all);
    EXPECT_EQ(f.state.blocked_until_ms("primary", 0, f.time.steady_ms()), f.time.steady_ms() + cap_ms);
    // Redis goes away: nothing renews it, and it ends at the cap.
    f.store.go(false, "gone");
    f.time.advance_ms(cap_ms);
    EXPECT_EQ(f.state.blocked_until_ms("primary", 0, f.time.steady_ms()), 0);
}

// What a Redis does with the scripts, on a clock of its own (not any process's): a stand-in for the real one
// (RedisLinkTest runs the real scripts against a real redis-server).
struct FakeRedis {
    std::int64_t now_ms = 0;  // Redis' TIME, in Unix ms
    std::map<std::string, std::string> values;

    // Runs a later-wins EVAL as the script would; returns what it publishes ('' when it refuses).
    // argv: EVAL, script, 1, key, remaining ms, TTL ms, origin, channel, message head.
    std::string eval(const std::vector<std::string>& a) {
        EXPECT_EQ(a[1], SharedStateSync::kLaterWinsScript);
        const std::int64_t until = now_ms + std::stoll(a[4]);
        const auto it = values.find(a[3]);
        if (it != values.end() && std::stoll(it->second) >= until)
            return {};
        values[a[3]] = std::to_string(until) + "\t" + a[6];
        return a[8] + "\t" + a[4];
    }
    // The periodic read's reply to a read EVAL.
    RedisReply read(const std::vector<std::string>& a) const {
        RedisReply all;
        all.type = RedisReply::Type::Array;
        all.elements.push_back(integer(now_ms));
        const std::size_t keys = std::stoul(a[2]);
        for (std::size_t i = 0; i < keys; ++i) {
            RedisReply v;
            const auto it = values.find(a[3 + i]);
            if (it != values.end()) {
                v.type = RedisReply::Type::String;
                v.str = it->second;
            }
            all.elements.push_back(v);
        }
        return all;
    }
};

// Two processes whose system clocks are an hour apart (NTP broken on one host) share a 30 s Retry-After and a
// breaker trip through one Redis whose clock agrees with neither. Each must honour what the other learned for
// as long as it lasts there: not an hour longer (the one behind), not not at all (the one ahead).
TEST(SharedStateSync, ClockSkewBetweenProcessesNeitherStretchesNorErasesASharedWaitOrTrip) {
    constexpr std::int64_t kHourMs = 60LL * 60 * 1000;
    constexpr std::int64_t kWaitMs = 30000;
    FakeRedis redis;
    redis.now_ms = SimulatedTime::kDefaultSystemEpochMs + 17 * 60 * 1000;
    Fixture ahead;
    Fixture behind(SimulatedTime::kDefaultSystemEpochMs - kHourMs, 43);
    ahead.store.go(true);
    behind.store.go(true);
    ahead.store.take("READ");
    behind.store.take("READ");
    struct Direction {
        const char* name;
        Fixture& writer;
        Fixture& reader;
        int key;
    };
    for (Direction d :
         {Direction{"ahead_to_behind", ahead, behind, 0}, Direction{"behind_to_ahead", behind, ahead, 1}}) {
        const std::int64_t w0 = d.writer.time.steady_ms();
        d.writer.state.note_server_wait("primary", d.key, w0 + kWaitMs, w0);
        auto evals = d.writer.store.take("EVAL");
        ASSERT_EQ(evals.size(), 1u) << d.name;
        const std::string message = redis.eval(evals[0].argv);
        ASSERT_FALSE(message.empty()) << d.name;
        // By pub/sub: blocked for the 30 s here too.
        d.reader.store.on_message(message);
        const std::int64_t r0 = d.reader.time.steady_ms();
        EXPECT_EQ(d.reader.state.blocked_until_ms("primary", d.key, r0) - r0, kWaitMs)
            << d.name << ": the wait received by pub/sub";
    }
    // A process that missed the messages learns both by reading Redis, 2 s later on every clock.
    redis.now_ms += 2000;
    Fixture late(SimulatedTime::kDefaultSystemEpochMs + 3 * kHourMs, 44);
    late.store.go(true);
    auto reads = late.store.take("READ");
    ASSERT_EQ(reads.size(), 1u);
    reads[0].done(redis.read(reads[0].argv));
    const std::int64_t l0 = late.time.steady_ms();
    EXPECT_EQ(late.state.blocked_until_ms("primary", 0, l0) - l0, kWaitMs - 2000)
        << "the wait read from Redis";
    EXPECT_EQ(late.state.blocked_until_ms("primary", 1, l0) - l0, kWaitMs - 2000)
        << "the wait read from Redis";
    // A trip: the one behind trips; the one ahead opens for as long as it, plus the follower delay.
    behind.trip_locally("backup");
    auto evals = behind.store.take("EVAL");
    ASSERT_EQ(evals.size(), 1u);
    ahead.store.on_message(redis.eval(evals[0].argv));
    EXPECT_EQ(ahead.state.breaker("backup").state(), BreakerState::Open) << "the trip was erased";
    EXPECT_EQ(ahead.state.breaker("backup").open_until_ms() - ahead.time.steady_ms(),
              BreakerConfig::kDefaultOpenMs + SharedStateSync::kFollowerProbeDelayMs);
}

}  // namespace
