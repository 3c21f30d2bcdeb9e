#include "EventBus.h"

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
    // In id order, looked up again after each delivery, so a subscriber may unsubscribe itself or others
    // during delivery; one subscribed during delivery gets the next event, not this one. (No snapshot of the
    // ids: that was an allocation per event, four or more per request.)
    const SubscriptionId end_id = next_id_;
    for (auto it = subscribers_.begin(); it != subscribers_.end() && it->first < end_id;) {
        const SubscriptionId id = it->first;
        it->second(event);
        it = subscribers_.upper_bound(id);
    }
}

}  // namespace stormproof
