#include "QtTimeSystem.h"

#include <QDateTime>
#include <algorithm>
#include <limits>

namespace stormproof {

QtTimeSystem::QtTimeSystem(QObject* parent) : QObject(parent) {
    elapsed_.start();
    timer_.setSingleShot(true);
    // PreciseTimer: a 20 ms Retry-After must not become 25 ms through coarse-timer slack (or fire early).
    timer_.setTimerType(Qt::PreciseTimer);
    connect(&timer_, &QTimer::timeout, this, [this] { fire_due(); });
}

QtTimeSystem::~QtTimeSystem() = default;

std::int64_t QtTimeSystem::steady_ms() const {
    return elapsed_.elapsed();
}

std::int64_t QtTimeSystem::system_ms() const {
    return QDateTime::currentMSecsSinceEpoch();
}

TimerId QtTimeSystem::schedule_after(std::int64_t delay_ms, std::function<void()> callback) {
    const TimerId id = next_id_++;
    const std::int64_t due = steady_ms() + std::max<std::int64_t>(0, delay_ms);
    queue_.emplace(std::make_pair(due, id), std::move(callback));
    due_by_id_.emplace(id, due);
    if (armed_for_ < 0 || due < armed_for_)
        rearm();
    return id;
}

bool QtTimeSystem::cancel(TimerId id) {
    const auto it = due_by_id_.find(id);
    if (it == due_by_id_.end())
        return false;
    queue_.erase(std::make_pair(it->second, id));
    due_by_id_.erase(it);
    // A cancelled earliest timer leaves the QTimer armed early; fire_due() then simply finds nothing due and
    // re-arms. Cheaper than re-arming on every cancel.
    return true;
}

void QtTimeSystem::rearm() {
    if (queue_.empty()) {
        timer_.stop();
        armed_for_ = -1;
        return;
    }
    const std::int64_t due = queue_.begin()->first.first;
    const std::int64_t wait = std::clamp<std::int64_t>(due - steady_ms(), 0, std::numeric_limits<int>::max());
    armed_for_ = due;
    timer_.start(static_cast<int>(wait));
}

void QtTimeSystem::fire_due() {
    armed_for_ = -1;
    const std::int64_t now = steady_ms();
    // Only what is due now: callbacks that schedule with delay 0 run on the next turn of the event loop, so
    // socket events interleave and a zero-delay reschedule cannot starve the loop.
    const TimerId first_new = next_id_;  // scheduled from inside a callback: not this turn
    while (!queue_.empty() && queue_.begin()->first.first <= now &&
           queue_.begin()->first.second < first_new) {
        auto node = queue_.extract(queue_.begin());
        due_by_id_.erase(node.key().second);
        node.mapped()();
    }
    if (armed_for_ < 0)
        rearm();
}

}  // namespace stormproof
