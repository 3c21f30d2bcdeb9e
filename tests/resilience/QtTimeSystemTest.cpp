// The real clock and scheduler on a Qt event loop. Integration-level: short real timers, waits for events.
#include "platform/QtTimeSystem.h"

#include <gtest/gtest.h>

#include <QCoreApplication>
#include <vector>

namespace stormproof {
namespace {

QCoreApplication& app() {
    static int argc = 1;
    static char name[] = "qt_time_system_test";
    static char* argv[] = {name, nullptr};
    static QCoreApplication instance(argc, argv);
    return instance;
}

// Processes events until done(), waking for each event (a timer firing is one): no bound on the wall time, so
// a slow machine never fails the test; ctest's timeout ends a real hang.
template <typename Done>
bool spin_until(Done done) {
    while (!done())
        QCoreApplication::processEvents(QEventLoop::AllEvents | QEventLoop::WaitForMoreEvents);
    return done();
}

TEST(QtTimeSystem, FiresInOrderAndHonoursCancel) {
    app();
    QtTimeSystem time;
    std::vector<int> fired;
    time.schedule_after(20, [&] { fired.push_back(2); });
    time.schedule_after(0, [&] { fired.push_back(1); });
    const TimerId cancelled = time.schedule_after(5, [&] { fired.push_back(99); });
    EXPECT_TRUE(time.cancel(cancelled));
    EXPECT_FALSE(time.cancel(cancelled));
    EXPECT_TRUE(fired.empty()) << "a timer must never run inline";
    ASSERT_TRUE(spin_until([&] { return fired.size() == 2; }));
    EXPECT_EQ(fired, (std::vector<int>{1, 2}));
}

TEST(QtTimeSystem, ClocksMoveForward) {
    app();
    QtTimeSystem time;
    const auto start = time.steady_ms();
    bool fired = false;
    time.schedule_after(15, [&] { fired = true; });
    ASSERT_TRUE(spin_until([&] { return fired; }));
    EXPECT_GE(time.steady_ms() - start, 15);
    EXPECT_GT(time.system_ms(), 1700000000000);  // after 2023: a real Unix-ms clock
}

}  // namespace
}  // namespace stormproof
