#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "MetricsAggregator.h"
#include "resilience/CircuitBreaker.h"

namespace stormproof {

// The dashboard's header and per-target tiles, as numbers. Pure: from the aggregator's sums and views.

struct BreakerCounts {
    int closed = 0;  // closed or forced closed: taking traffic
    int open = 0;    // open or forced open
    int half_open = 0;
    bool operator==(const BreakerCounts&) const = default;
};
// Every known target counted once: those with a breaker view by its state, the rest as closed.
BreakerCounts count_breakers(const std::map<std::string, BreakerView>& breakers,
                             const std::vector<std::string>& targets);

struct FleetHeader {
    BreakerCounts breakers;
    std::optional<double> success_rate;  // none while nothing finished
    double requests_per_s = 0;
    int in_flight = 0;
};
FleetHeader fleet_header(const MetricsSnapshot& range, int range_s, const BreakerCounts& breakers,
                         int in_flight);

// A target's tile. The trend is its attempts in each of the last kTrendSeconds, as levels 0..kTrendLevels-1
// of the busiest of them (a text sparkline).
inline constexpr int kTrendSeconds = 20;
inline constexpr int kTrendLevels = 8;
struct TargetTile {
    std::string target;
    BreakerState state = BreakerState::Closed;
    int attempts = 0;
    std::optional<double> error_pct;  // failed attempts / attempts; none without attempts
    std::int64_t p50_ms = 0, p90_ms = 0, p99_ms = 0, ttft_p50_ms = 0;
    std::optional<std::int64_t> remaining_requests, limit_requests;  // rate-limit headroom
    std::vector<int> trend;
};
TargetTile target_tile(const std::string& target, const MetricsSnapshot& range,
                       const std::vector<MetricsSnapshot>& last_seconds,
                       const std::map<std::string, BreakerView>& breakers,
                       const std::map<std::string, Headroom>& headroom);

}  // namespace stormproof
