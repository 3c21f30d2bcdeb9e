#pragma once

#include <QElapsedTimer>
#include <QObject>
#include <QTimer>
#include <cstdint>
#include <functional>
#include <map>
#include <unordered_map>
#include <utility>

#include "resilience/Clock.h"
#include "resilience/Scheduler.h"

namespace stormproof {

// The real clock and scheduler, on the Qt event loop of the thread that owns this object. One precise QTimer
// drives an ordered queue of callbacks: scheduling and cancelling are map operations, not QTimer objects
// (a request arms three or four timeouts, most of them cancelled long before they fire).
class QtTimeSystem final : public QObject, public Clock, public Scheduler {
public:
    explicit QtTimeSystem(QObject* parent = nullptr);
    ~QtTimeSystem() override;

    std::int64_t steady_ms() const override;
    std::int64_t system_ms() const override;

    TimerId schedule_after(std::int64_t delay_ms, std::function<void()> callback) override;
    bool cancel(TimerId id) override;

    std::size_t pending() const { return queue_.size(); }

private:
    void rearm();
    void fire_due();

    QElapsedTimer elapsed_;
    QTimer timer_;
    std::map<std::pair<std::int64_t, TimerId>, std::function<void()>> queue_;
    std::unordered_map<TimerId, std::int64_t> due_by_id_;
    TimerId next_id_ = 1;
    std::int64_t armed_for_ = -1;
};

}  // namespace stormproof
