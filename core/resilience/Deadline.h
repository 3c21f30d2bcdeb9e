#pragma once

#include <algorithm>
#include <cstdint>

namespace stormproof {

// One deadline for a whole user-facing request: every attempt, wait and fallback comes out of it (as Envoy's
// and gRPC's per-request deadlines do; the SDKs only time single attempts).
class Deadline {
public:
    Deadline(std::int64_t start_ms, std::int64_t budget_ms)
        : start_ms_(start_ms), end_ms_(start_ms + budget_ms) {}

    std::int64_t remaining_ms(std::int64_t now_ms) const {
        return std::max<std::int64_t>(0, end_ms_ - now_ms);
    }
    bool expired(std::int64_t now_ms) const { return now_ms >= end_ms_; }
    std::int64_t elapsed_ms(std::int64_t now_ms) const { return now_ms - start_ms_; }
    std::int64_t end_ms() const { return end_ms_; }

    // A per-attempt timeout clamped to what the request has left.
    std::int64_t clamp_ms(std::int64_t timeout_ms, std::int64_t now_ms) const {
        return std::min(timeout_ms, remaining_ms(now_ms));
    }

    // Whether waiting delay_ms and then making an attempt expected to need expected_attempt_ms still fits.
    bool leaves_room(std::int64_t now_ms, std::int64_t delay_ms, std::int64_t expected_attempt_ms) const {
        return now_ms + delay_ms + expected_attempt_ms < end_ms_;
    }

private:
    std::int64_t start_ms_;
    std::int64_t end_ms_;
};

}  // namespace stormproof
