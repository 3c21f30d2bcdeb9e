#include "SimulatedTime.h"

#include <algorithm>

namespace stormproof {

SimulatedTime::SimulatedTime(std::int64_t system_epoch_ms) : system_epoch_ms_(system_epoch_ms) {}

TimerId SimulatedTime::schedule_after(std::int64_t delay_ms, std::function<void()> callback) {
    const TimerId id = next_id_++;
    const std::int64_t due = now_ms_ + std::max<std::int64_t>(0, delay_ms);
    timers_.emplace(std::make_pair(due, id), std::move(callback));
    due_by_id_.emplace(id, due);
    return id;
}

bool SimulatedTime::cancel(TimerId id) {
    const auto it = due_by_id_.find(id);
    if (it == due_by_id_.end()) {
        return false;
    }
    timers_.erase(std::make_pair(it->second, id));
    due_by_id_.erase(it);
    return true;
}

int SimulatedTime::advance_ms(std::int64_t delta_ms) {
    const std::int64_t target = now_ms_ + std::max<std::int64_t>(0, delta_ms);
    int fired = 0;
    while (!timers_.empty() && timers_.begin()->first.first <= target) {
        auto node = timers_.extract(timers_.begin());
        due_by_id_.erase(node.key().second);
        now_ms_ = node.key().first;
        node.mapped()();
        ++fired;
    }
    now_ms_ = target;
    return fired;
}

bool SimulatedTime::run_next() {
    if (timers_.empty()) {
        return false;
    }
    advance_ms(timers_.begin()->first.first - now_ms_);
    return true;
}

int SimulatedTime::run_until_idle(int max_timers) {
    int fired = 0;
    while (!timers_.empty() && fired < max_timers) {
        auto node = timers_.extract(timers_.begin());
        due_by_id_.erase(node.key().second);
        now_ms_ = node.key().first;
        node.mapped()();
        ++fired;
    }
    return fired;
}

}  // namespace stormproof
