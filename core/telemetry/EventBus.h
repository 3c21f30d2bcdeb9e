#pragma once

#include <cstdint>
#include <functional>
#include <map>

#include "TelemetryEvent.h"

namespace stormproof {

// Publishes telemetry events to every subscriber, synchronously, on the publisher's thread. Subscribers may
// unsubscribe (themselves included) while an event is being delivered.
class EventBus {
public:
    using Subscriber = std::function<void(const TelemetryEvent&)>;
    using SubscriptionId = std::uint64_t;

    SubscriptionId subscribe(Subscriber subscriber);
    void unsubscribe(SubscriptionId id);
    void publish(const TelemetryEvent& event);
    std::size_t subscribers() const { return subscribers_.size(); }
    std::uint64_t published() const { return published_; }

private:
    std::map<SubscriptionId, Subscriber> subscribers_;
    SubscriptionId next_id_ = 1;
    std::uint64_t published_ = 0;
};

}  // namespace stormproof
