#include "EventBus.h"

#include <vector>

namespace stormproof {

EventBus::SubscriptionId EventBus::subscribe(Subscriber subscriber) {
    const SubscriptionId id = next_id_++;
    subscribers_.emplace(id, std::move(subscriber));
    return id;
}

void EventBus::unsubscribe(SubscriptionId id) {
    subscribers_.erase(id);
}

void EventBus::publish(const TelemetryEvent& event) {
    ++published_;
    // Iterate over a snapshot of ids so a subscriber may unsubscribe during delivery.
    std::vector<SubscriptionId> ids;
    ids.reserve(subscribers_.size());
    for (const auto& [id, unused] : subscribers_)
        ids.push_back(id);
    for (SubscriptionId id : ids) {
        const auto it = subscribers_.find(id);
        if (it != subscribers_.end())
            it->second(event);
    }
}

}  // namespace stormproof
