#pragma once

#include <vector>

#include "telemetry/TelemetryEvent.h"

namespace stormproof {

class EventBus;

// Publishes breaker transitions, or holds them while an attempt's own events are being published, so the log
// reads "attempt_finished, then the breaker_transition it caused". A ChatCall holds it around reporting one
// attempt (hold/release nest).
class TransitionGate {
public:
    explicit TransitionGate(EventBus& bus) : bus_(bus) {}

    void publish(TelemetryEvent event);
    void hold();
    void release();

    // Holds the gate for one scope.
    class Hold {
    public:
        explicit Hold(TransitionGate& gate) : gate_(gate) { gate_.hold(); }
        ~Hold() { gate_.release(); }
        Hold(const Hold&) = delete;
        Hold& operator=(const Hold&) = delete;

    private:
        TransitionGate& gate_;
    };

private:
    EventBus& bus_;
    int holds_ = 0;
    std::vector<TelemetryEvent> held_;
};

}  // namespace stormproof
