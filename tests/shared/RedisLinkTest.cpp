// The link and the sync against a real redis-server (started here on a free loopback port): two "processes"
// (two clients' states, two links) sharing a trip, a wait and a forcing; Redis killed, paused and restarted
// under them. Real time (QtTimeSystem): Redis's sockets are real.
#include <gtest/gtest.h>

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QTcpSocket>
#include <QThread>
#include <functional>

#include "RedisServer.h"
#include "platform/QtTimeSystem.h"
#include "resilience/ResilienceState.h"
#include "resilience/SeededRandom.h"
#include "shared/RedisLink.h"
#include "shared/SharedStateSync.h"
#include "support/EventLoopWait.h"
#include "telemetry/EventBus.h"

using namespace stormproof;
using stormproof::test::RedisServer;
using stormproof::test::wait_until;

namespace {

struct Process {
    QtTimeSystem& time;
    SeededRandom random;
    EventBus bus;
    ResilienceState state;
    SharedStateConfig config;
    std::unique_ptr<RedisLink> link;
    std::unique_ptr<SharedStateSync> sync;
    std::vector<TelemetryEvent> link_events;
    EventBus::Subscription sub;

    Process(QtTimeSystem& t, const QString& url, std::uint64_t seed) : time(t), random(seed) {
        config.redis_url = url.toStdString();
        config.key_prefix = "linktest:";
        sub = bus.subscription([this](const TelemetryEvent& e) {
            if (e.event == EventKind::SharedStateChanged)
                link_events.push_back(e);
        });
        link = std::make_unique<RedisLink>(time, time, random, parse_redis_url(config.redis_url).value(),
                                           config);
        sync = std::make_unique<SharedStateSync>(time, time, random, bus, state, *link, config);
        sync->set_targets({{"primary", {"k0"}}, {"backup", {"k1"}}});
        sync->start();
    }
    void trip(const std::string& target) {
        CircuitBreaker& b = state.breaker(target);
        for (int i = 0; i < BreakerConfig::kDefaultConsecutiveFailures; ++i)
            b.on_result(b.try_acquire(time.steady_ms()), CallResult::Failure, 1, time.steady_ms());
    }
};

class RedisLinkTest : public ::testing::Test {
protected:
    void SetUp() override {
        QString error;
        ASSERT_TRUE(redis.start(&error)) << error.toStdString();
    }
    QtTimeSystem time;
    RedisServer redis;
};

TEST_F(RedisLinkTest, ATripInOneProcessOpensTheOthersBreakerByPubSubBeforeAnyRead) {
    Process a(time, redis.url(), 1), b(time, redis.url(), 2);
    ASSERT_TRUE(wait_until([&] { return a.sync->up() && b.sync->up(); })) << "the links never came up";
    const std::int64_t tripped_at = time.steady_ms();
    a.trip("primary");
    ASSERT_TRUE(wait_until([&] { return b.state.breaker("primary").state() == BreakerState::Open; }));
    const std::int64_t learned_ms = time.steady_ms() - tripped_at;
    // Pushed (pub/sub) at once; whether or not a periodic read also saw it, it was applied once.
    EXPECT_EQ(b.sync->counters().trips_applied, 1);
    EXPECT_LT(learned_ms, 1000) << "the other process short-circuits within a second of the trip";
    // What is left of the trip is counted here from when the message arrived: no later than that after A's.
    const std::int64_t a_until = a.state.breaker("primary").open_until_ms();
    EXPECT_GE(b.state.breaker("primary").open_until_ms(), a_until + SharedStateSync::kFollowerProbeDelayMs);
    EXPECT_LE(b.state.breaker("primary").open_until_ms(),
              a_until + SharedStateSync::kFollowerProbeDelayMs + learned_ms);
    EXPECT_EQ(a.sync->counters().trips_published, 1);
    // The deadline is in Redis too, for a process that starts later.
    Process c(time, redis.url(), 3);
    ASSERT_TRUE(wait_until([&] { return c.state.breaker("primary").state() == BreakerState::Open; }))
        << "a process started after the trip never read it";
}

TEST_F(RedisLinkTest, TheScriptKeepsTheLaterDeadlineOnRedisClockWhateverOrderTheWritesArriveIn) {
    Process a(time, redis.url(), 1);
    ASSERT_TRUE(wait_until([&] { return a.sync->up(); }));
    QTcpSocket listener;  // a subscriber of our own, to see what the script publishes
    listener.connectToHost("127.0.0.1", static_cast<quint16>(redis.port()));
    ASSERT_TRUE(listener.waitForConnected(5000));
    listener.write("SUBSCRIBE linktest:events\r\n");
    QByteArray heard;
    ASSERT_TRUE(wait_until([&] {
        heard += listener.readAll();
        return heard.contains("linktest:events");
    }));
    heard.clear();
    std::vector<std::int64_t> results;
    const auto eval = [&](const std::string& remaining_ms) {
        a.link->command({"EVAL", SharedStateSync::kLaterWinsScript, "1", "linktest:k", remaining_ms, "300000",
                         "x", "linktest:events", "trip\tx\tprimary"},
                        [&](Result<RedisReply> r) {
                            ASSERT_TRUE(r) << r.error().to_string();
                            ASSERT_FALSE(r.value().is_error()) << r.value().str;
                            results.push_back(r.value().integer);
                        });
    };
    eval("100000");
    eval("50000");   // earlier: refused
    eval("200000");  // later: kept
    ASSERT_TRUE(wait_until([&] { return results.size() == 3; }));
    EXPECT_EQ(results, (std::vector<std::int64_t>{1, 0, 1}));
    // Held: the deadline on Redis' clock (its TIME plus 200 s), and the TTL given.
    std::vector<RedisReply> replies;
    for (const char* c : {"GET", "TIME", "PTTL"}) {
        std::vector<std::string> argv = {c};
        if (std::string(c) != "TIME")
            argv.push_back("linktest:k");
        a.link->command(argv, [&](Result<RedisReply> r) { replies.push_back(r ? r.value() : RedisReply{}); });
    }
    ASSERT_TRUE(wait_until([&] { return replies.size() == 3; }));
    ASSERT_EQ(replies[1].elements.size(), 2u);
    const std::int64_t redis_now_ms =
        std::stoll(replies[1].elements[0].str) * 1000 + std::stoll(replies[1].elements[1].str) / 1000;
    const auto tab = replies[0].str.find('\t');
    ASSERT_NE(tab, std::string::npos) << replies[0].str;
    EXPECT_EQ(replies[0].str.substr(tab), "\tx");
    const std::int64_t held_ms = std::stoll(replies[0].str.substr(0, tab));
    EXPECT_LE(held_ms - redis_now_ms, 200000);
    EXPECT_GT(held_ms - redis_now_ms, 190000);
    EXPECT_GT(replies[2].integer, 290000);
    EXPECT_LE(replies[2].integer, 300000);
    // Published: how long from now, for the two that were kept.
    ASSERT_TRUE(wait_until([&] {
        heard += listener.readAll();
        return heard.contains("trip\tx\tprimary\t200000");
    })) << heard.toStdString();
    EXPECT_TRUE(heard.contains("trip\tx\tprimary\t100000"));
    EXPECT_FALSE(heard.contains("trip\tx\tprimary\t50000"));
}

TEST_F(RedisLinkTest, AForcingByHandReachesTheOtherProcessAndItsReleaseToo) {
    Process a(time, redis.url(), 1), b(time, redis.url(), 2);
    ASSERT_TRUE(wait_until([&] { return a.sync->up() && b.sync->up(); }));
    a.state.set_override("backup", BreakerOverride::ForceOpen, time.steady_ms());
    ASSERT_TRUE(wait_until([&] { return b.state.breaker("backup").state() == BreakerState::ForcedOpen; }));
    a.state.set_override("backup", BreakerOverride::Automatic, time.steady_ms());
    ASSERT_TRUE(wait_until([&] { return b.state.breaker("backup").state() == BreakerState::Closed; }));
}

TEST_F(RedisLinkTest, RedisKilledTheLinkSaysSoAtOnceNothingWaitsAndSharingResumesWhenItIsBack) {
    Process a(time, redis.url(), 1), b(time, redis.url(), 2);
    ASSERT_TRUE(wait_until([&] { return a.sync->up() && b.sync->up(); }));
    redis.kill();
    ASSERT_TRUE(wait_until([&] { return !a.sync->up() && !b.sync->up(); })) << "the link never noticed";
    ASSERT_FALSE(a.link_events.empty());
    EXPECT_FALSE(*a.link_events.back().ok);
    EXPECT_FALSE(a.link_events.back().detail.empty()) << "down, and why";
    // A command while down is answered at once (an error), never queued behind a dead Redis.
    bool answered = false;
    a.link->command({"PING"}, [&](Result<RedisReply> r) {
        answered = true;
        EXPECT_FALSE(r);
    });
    EXPECT_TRUE(answered);
    // What a learns meanwhile stays local...
    a.trip("primary");
    EXPECT_EQ(a.state.breaker("primary").state(), BreakerState::Open);
    EXPECT_EQ(b.state.breaker("primary").state(), BreakerState::Closed);
    // ...until Redis is back (empty: nothing saved): a reconnects, sends its trip again, b applies it.
    QString error;
    ASSERT_TRUE(redis.start(&error)) << error.toStdString();
    ASSERT_TRUE(wait_until([&] { return a.sync->up() && b.sync->up(); })) << "never reconnected";
    EXPECT_TRUE(*a.link_events.back().ok);
    ASSERT_TRUE(wait_until([&] { return b.state.breaker("primary").state() == BreakerState::Open; }))
        << "sharing did not resume";
}

TEST_F(RedisLinkTest, AStuckRedisIsCalledDownAfterTheCommandTimeoutAndNothingHangs) {
    Process a(time, redis.url(), 1);
    ASSERT_TRUE(wait_until([&] { return a.sync->up(); }));
    redis.pause();
    const std::int64_t paused_at = time.steady_ms();
    bool answered = false;
    a.link->command({"PING"}, [&](Result<RedisReply> r) {
        answered = true;
        EXPECT_FALSE(r);
    });
    ASSERT_TRUE(wait_until([&] { return answered; })) << "a command to a stuck Redis was never answered";
    EXPECT_GE(time.steady_ms() - paused_at, a.config.command_timeout_ms);
    ASSERT_TRUE(wait_until([&] { return !a.sync->up(); }));
    redis.resume();
    ASSERT_TRUE(wait_until([&] { return a.sync->up(); })) << "never came back after Redis resumed";
}

// One value too big to read (2 MiB under a shared key: a broken or older process, or anyone with write access
// to Redis) must not take the link down. Before, the periodic read fetched it whole, the reply crossed the
// reader's 1 MiB bound, the connection was closed, and after every reconnect the same read closed it again:
// the link went up and down about once a second for as long as the key lived (28 times in 12 s against a
// real gateway), and no process learned anything by reading. The read now fetches at most kMaxValueBytes of
// each value.
TEST_F(RedisLinkTest, AValueTooBigToReadIsIgnoredAndTheLinkStaysUp) {
    Process writer(time, redis.url(), 1);
    ASSERT_TRUE(wait_until([&] { return writer.sync->up(); }));
    bool written = false;
    writer.link->command({"SET", "linktest:trip:backup", "1\t" + std::string(2 << 20, 'x')},
                         [&](Result<RedisReply> r) { written = r && !r.value().is_error(); });
    // A trip of another process that pub/sub never announced: only a read can find it.
    const std::string until = std::to_string(time.system_ms() + 60000);
    writer.link->command({"SET", "linktest:trip:primary", until + "\tffffffffffffffff"},
                         [&](Result<RedisReply> r) { written = written && r && !r.value().is_error(); });
    ASSERT_TRUE(wait_until([&] { return written; }));
    Process reader(time, redis.url(), 2);
    ASSERT_TRUE(wait_until([&] { return reader.state.breaker("primary").state() == BreakerState::Open; }))
        << "the read never applied the trip beside the oversized value";
    // Three more reads (read_interval_ms apart), the link up all along.
    const int reads = reader.sync->counters().reads;
    ASSERT_TRUE(wait_until([&] { return reader.sync->counters().reads >= reads + 3; }));
    EXPECT_EQ(reader.link->connections(), 1);
    ASSERT_EQ(reader.link_events.size(), 1u);
    EXPECT_TRUE(*reader.link_events[0].ok);
    EXPECT_EQ(reader.state.breaker("backup").state(), BreakerState::Closed);
}

TEST_F(RedisLinkTest, NoRedisAtAllAtStartupLeavesTheProcessWorkingAndSaysWhy) {
    const int dead_port = test::free_loopback_port();
    Process a(time, QString("redis://127.0.0.1:%1/0").arg(dead_port), 1);
    ASSERT_TRUE(wait_until([&] { return !a.link_events.empty(); }));
    EXPECT_FALSE(*a.link_events[0].ok);
    EXPECT_NE(a.link_events[0].detail.find(std::to_string(dead_port)), std::string::npos)
        << a.link_events[0].detail;
    a.trip("primary");  // local state works as ever
    EXPECT_EQ(a.state.breaker("primary").state(), BreakerState::Open);
}

}  // namespace
