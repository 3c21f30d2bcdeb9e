#pragma once

#include <cstdint>

namespace stormproof {

struct WindowSnapshot {
    int calls = 0;
    int failures = 0;
    int slow_calls = 0;

    double failure_rate() const { return calls ? static_cast<double>(failures) / calls : 0.0; }
    double slow_call_rate() const { return calls ? static_cast<double>(slow_calls) / calls : 0.0; }
};

// The recent calls a circuit breaker judges by (resilience4j's count-based and time-based windows).
class SlidingWindow {
public:
    virtual ~SlidingWindow() = default;
    virtual void record(std::int64_t now_ms, bool failed, bool slow) = 0;
    virtual WindowSnapshot snapshot(std::int64_t now_ms) const = 0;
    virtual void clear() = 0;
};

}  // namespace stormproof
