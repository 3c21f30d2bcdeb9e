#include "TransitionGate.h"

#include <utility>

#include "telemetry/EventBus.h"

namespace stormproof {

void TransitionGate::publish(TelemetryEvent event) {
    if (holds_ > 0)
        held_.push_back(std::move(event));
    else
        bus_.publish(event);
}

void TransitionGate::hold() {
    ++holds_;
}

void TransitionGate::release() {
    if (holds_ > 0 && --holds_ == 0) {
        auto held = std::exchange(held_, {});
        for (const TelemetryEvent& e : held)
            bus_.publish(e);
    }
}

}  // namespace stormproof
