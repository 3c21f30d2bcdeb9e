#pragma once

#include <cstdint>

namespace stormproof {

// The only way resilience code learns the time. Injected everywhere (Envoy's TimeSource) so that tests and
// the settings preview can run whole retry sequences on simulated time in microseconds.
class Clock {
public:
    virtual ~Clock() = default;

    // Monotonic milliseconds since an arbitrary origin: every duration and deadline uses this, so a
    // wall-clock jump never shortens or stretches a wait.
    virtual std::int64_t steady_ms() const = 0;

    // Unix epoch milliseconds: only for absolute server hints (HTTP-date, RFC 3339 resets) and log stamps.
    virtual std::int64_t system_ms() const = 0;
};

}  // namespace stormproof
