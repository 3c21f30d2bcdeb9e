#pragma once

#include <QElapsedTimer>
#include <QObject>
#include <QPointer>
#include <QTimer>
#include <cstdint>
#include <functional>
#include <unordered_map>

#include "Clock.h"
#include "Scheduler.h"

namespace stormproof {

// The real clock and scheduler: QElapsedTimer for monotonic time, single-shot QTimers on the thread that owns
// this object. Lives in resilience because Qt Core is the one runtime this layer may use.
class QtTimeSystem final : public QObject, public Clock, public Scheduler {
public:
    explicit QtTimeSystem(QObject* parent = nullptr);
    ~QtTimeSystem() override;

    std::int64_t steady_ms() const override;
    std::int64_t system_ms() const override;

    TimerId schedule_after(std::int64_t delay_ms, std::function<void()> callback) override;
    bool cancel(TimerId id) override;

private:
    QElapsedTimer elapsed_;
    std::unordered_map<TimerId, QTimer*> timers_;
    TimerId next_id_ = 1;
};

}  // namespace stormproof
