#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <utility>

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

    // A subscription owned by whoever holds it: destroying or resetting it unsubscribes. Move-only; the bus
    // must outlive it.
    class Subscription {
    public:
        Subscription() = default;
        Subscription(EventBus& bus, Subscriber subscriber)
            : bus_(&bus), id_(bus.subscribe(std::move(subscriber))) {}
        Subscription(Subscription&& other) noexcept : bus_(other.bus_), id_(std::exchange(other.id_, 0)) {}
        Subscription& operator=(Subscription&& other) noexcept {
            if (this != &other) {
                reset();
                bus_ = other.bus_;
                id_ = std::exchange(other.id_, 0);
            }
            return *this;
        }
        Subscription(const Subscription&) = delete;
        Subscription& operator=(const Subscription&) = delete;
        ~Subscription() { reset(); }
        void reset() {
            if (id_ != 0 && bus_ != nullptr)
                bus_->unsubscribe(id_);
            id_ = 0;
        }
        bool active() const { return id_ != 0; }

    private:
        EventBus* bus_ = nullptr;
        SubscriptionId id_ = 0;
    };
    Subscription subscription(Subscriber subscriber) { return Subscription(*this, std::move(subscriber)); }

private:
    std::map<SubscriptionId, Subscriber> subscribers_;
    SubscriptionId next_id_ = 1;
    std::uint64_t published_ = 0;
};

}  // namespace stormproof
