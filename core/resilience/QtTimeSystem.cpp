#include "QtTimeSystem.h"

#include <QDateTime>
#include <algorithm>
#include <limits>

namespace stormproof {

QtTimeSystem::QtTimeSystem(QObject* parent) : QObject(parent) { elapsed_.start(); }

QtTimeSystem::~QtTimeSystem() {
    for (auto& [id, timer] : timers_) {
        delete timer;
    }
}

std::int64_t QtTimeSystem::steady_ms() const { return elapsed_.elapsed(); }

std::int64_t QtTimeSystem::system_ms() const { return QDateTime::currentMSecsSinceEpoch(); }

TimerId QtTimeSystem::schedule_after(std::int64_t delay_ms, std::function<void()> callback) {
    const TimerId id = next_id_++;
    auto* timer = new QTimer(this);
    timer->setSingleShot(true);
    // PreciseTimer: a 20 ms Retry-After must not become 25 ms through coarse-timer slack.
    timer->setTimerType(Qt::PreciseTimer);
    const auto clamped = std::clamp<std::int64_t>(delay_ms, 0, std::numeric_limits<int>::max());
    connect(timer, &QTimer::timeout, this, [this, id, cb = std::move(callback)]() {
        const auto it = timers_.find(id);
        if (it == timers_.end()) {
            return;
        }
        it->second->deleteLater();
        timers_.erase(it);
        cb();
    });
    timers_.emplace(id, timer);
    timer->start(static_cast<int>(clamped));
    return id;
}

bool QtTimeSystem::cancel(TimerId id) {
    const auto it = timers_.find(id);
    if (it == timers_.end()) {
        return false;
    }
    it->second->stop();
    it->second->deleteLater();
    timers_.erase(it);
    return true;
}

}  // namespace stormproof
