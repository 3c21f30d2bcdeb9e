#pragma once

#include <cstdint>
#include <functional>

namespace stormproof {

using TimerId = std::uint64_t;

// One-shot timers on the owner's thread. Real code uses the Qt event loop (QtTimeSystem); tests and the
// policy preview use SimulatedTime, which fires timers only when virtual time is advanced.
class Scheduler {
public:
    virtual ~Scheduler() = default;

    // Runs callback once, no earlier than delay_ms from now (negative delays count as 0). Never runs it
    // inline.
    virtual TimerId schedule_after(std::int64_t delay_ms, std::function<void()> callback) = 0;

    // Returns true when the timer was pending and will now never run.
    virtual bool cancel(TimerId id) = 0;
};

}  // namespace stormproof
