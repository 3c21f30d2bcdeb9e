#pragma once

#include <cstdint>
#include <functional>
#include <utility>

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

// A pending timer owned by whoever holds this handle: destroying it, assigning another timer to it or calling
// cancel() cancels it (Envoy's TimerPtr), so a callback that captures its owner can never outlive it.
// Move-only; the scheduler must outlive the handle. A callback that runs should call fired() first, so that
// the owner can ask armed() whether another is pending.
class Timer {
public:
    Timer() = default;
    Timer(Scheduler& scheduler, std::int64_t delay_ms, std::function<void()> callback)
        : scheduler_(&scheduler), id_(scheduler.schedule_after(delay_ms, std::move(callback))) {}
    Timer(Timer&& other) noexcept : scheduler_(other.scheduler_), id_(std::exchange(other.id_, 0)) {}
    Timer& operator=(Timer&& other) noexcept {
        if (this != &other) {
            cancel();
            scheduler_ = other.scheduler_;
            id_ = std::exchange(other.id_, 0);
        }
        return *this;
    }
    Timer(const Timer&) = delete;
    Timer& operator=(const Timer&) = delete;
    ~Timer() { cancel(); }

    void cancel() {
        if (id_ != 0 && scheduler_ != nullptr)
            scheduler_->cancel(id_);
        id_ = 0;
    }
    void fired() { id_ = 0; }
    bool armed() const { return id_ != 0; }

private:
    Scheduler* scheduler_ = nullptr;
    TimerId id_ = 0;
};

}  // namespace stormproof
