#include "resilience/SimulatedTime.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace stormproof {
namespace {

TEST(SimulatedTime, TimeStandsStillUntilAdvanced) {
    SimulatedTime time;
    EXPECT_EQ(time.steady_ms(), 0);
    EXPECT_EQ(time.system_ms(), SimulatedTime::kDefaultSystemEpochMs);
    time.advance_ms(1500);
    EXPECT_EQ(time.steady_ms(), 1500);
    EXPECT_EQ(time.system_ms(), SimulatedTime::kDefaultSystemEpochMs + 1500);
}

TEST(SimulatedTime, FiresTimersInDueOrderWithTiesInSchedulingOrder) {
    SimulatedTime time;
    std::vector<std::string> fired;
    time.schedule_after(30, [&] { fired.push_back("c30"); });
    time.schedule_after(10, [&] { fired.push_back("a10"); });
    time.schedule_after(10, [&] { fired.push_back("b10"); });
    EXPECT_EQ(time.advance_ms(9), 0);
    EXPECT_TRUE(fired.empty());
    EXPECT_EQ(time.advance_ms(21), 3);
    EXPECT_EQ(fired, (std::vector<std::string>{"a10", "b10", "c30"}));
}

TEST(SimulatedTime, CallbackSeesItsOwnDueTimeAndCanScheduleWithinTheInterval) {
    SimulatedTime time;
    std::vector<std::int64_t> seen;
    time.schedule_after(5, [&] {
        seen.push_back(time.steady_ms());
        time.schedule_after(5, [&] { seen.push_back(time.steady_ms()); });
    });
    time.advance_ms(100);
    EXPECT_EQ(seen, (std::vector<std::int64_t>{5, 10}));
    EXPECT_EQ(time.steady_ms(), 100);
}

TEST(SimulatedTime, CancelledTimerNeverFires) {
    SimulatedTime time;
    bool fired = false;
    const TimerId id = time.schedule_after(10, [&] { fired = true; });
    EXPECT_TRUE(time.cancel(id));
    EXPECT_FALSE(time.cancel(id));
    time.advance_ms(50);
    EXPECT_FALSE(fired);
    EXPECT_EQ(time.pending(), 0U);
}

TEST(SimulatedTime, NegativeDelayIsZeroAndNeverRunsInline) {
    SimulatedTime time;
    bool fired = false;
    time.schedule_after(-100, [&] { fired = true; });
    EXPECT_FALSE(fired);
    time.advance_ms(0);
    EXPECT_TRUE(fired);
}

TEST(SimulatedTime, RunNextJumpsToTheNextTimer) {
    SimulatedTime time;
    int count = 0;
    time.schedule_after(1000, [&] { ++count; });
    time.schedule_after(60000, [&] { ++count; });
    EXPECT_TRUE(time.run_next());
    EXPECT_EQ(time.steady_ms(), 1000);
    EXPECT_EQ(time.run_until_idle(), 1);
    EXPECT_EQ(time.steady_ms(), 60000);
    EXPECT_EQ(count, 2);
    EXPECT_FALSE(time.run_next());
}

TEST(SimulatedTime, RunUntilIdleStopsARunawayTimerChain) {
    SimulatedTime time;
    std::function<void()> rearm = [&] { time.schedule_after(1, rearm); };
    time.schedule_after(1, rearm);
    EXPECT_EQ(time.run_until_idle(50), 50);
    EXPECT_EQ(time.pending(), 1U);
}

}  // namespace
}  // namespace stormproof

namespace stormproof {
namespace {

TEST(TimerHandle, DestroyingOrReassigningTheHandleCancelsItsTimerAndMovingHandsItOver) {
    SimulatedTime time;
    std::vector<std::string> fired;
    {
        Timer dropped(time, 10, [&] { fired.push_back("dropped"); });
    }
    Timer replaced(time, 10, [&] { fired.push_back("replaced"); });
    replaced = Timer(time, 20, [&] { fired.push_back("replacement"); });
    Timer moved_from(time, 30, [&] { fired.push_back("moved"); });
    Timer moved_to = std::move(moved_from);
    EXPECT_FALSE(moved_from.armed());
    EXPECT_TRUE(moved_to.armed());
    Timer self_aware;
    self_aware = Timer(time, 40, [&] {
        self_aware.fired();
        fired.push_back(self_aware.armed() ? "still armed" : "fired");
    });
    time.advance_ms(100);
    EXPECT_EQ(fired, (std::vector<std::string>{"replacement", "moved", "fired"}));
}

}  // namespace
}  // namespace stormproof
