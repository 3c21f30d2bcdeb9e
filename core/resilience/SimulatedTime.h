#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <utility>

#include "Clock.h"
#include "Scheduler.h"

namespace stormproof {

// Virtual time for tests and Monte Carlo previews (Envoy's SimulatedTimeSystem): time stands still until
// advance_ms() moves it, and timers fire in due order, ties in the order they were scheduled.
class SimulatedTime final : public Clock, public Scheduler {
public:
    // 2026-01-01T00:00:00Z: a fixed, realistic epoch so HTTP-date hints in tests have stable meanings.
    static constexpr std::int64_t kDefaultSystemEpochMs = 1767225600000;

    explicit SimulatedTime(std::int64_t system_epoch_ms = kDefaultSystemEpochMs);

    std::int64_t steady_ms() const override { return now_ms_; }
    std::int64_t system_ms() const override { return system_epoch_ms_ + now_ms_; }

    TimerId schedule_after(std::int64_t delay_ms, std::function<void()> callback) override;
    bool cancel(TimerId id) override;

    // Moves time forward by delta_ms, firing every timer that falls due on the way (including timers that
    // callbacks schedule within the interval). Returns how many fired.
    int advance_ms(std::int64_t delta_ms);

    // Jumps to the next pending timer and fires everything due then; false when nothing is pending.
    bool run_next();

    // Fires timers until none is pending or max_timers fired (a guard against callbacks that re-arm forever).
    int run_until_idle(int max_timers = 100000);

    std::size_t pending() const { return timers_.size(); }

private:
    // Keyed by (due time, sequence): the sequence keeps scheduling order among timers due at the same moment.
    std::map<std::pair<std::int64_t, TimerId>, std::function<void()>> timers_;
    std::map<TimerId, std::int64_t> due_by_id_;
    std::int64_t now_ms_ = 0;
    std::int64_t system_epoch_ms_;
    TimerId next_id_ = 1;
};

}  // namespace stormproof
