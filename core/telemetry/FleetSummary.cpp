#include "FleetSummary.h"

#include <algorithm>

#include "DashboardSeries.h"

namespace stormproof {

namespace {
BreakerState state_of(const std::map<std::string, BreakerView>& breakers, const std::string& target) {
    const auto it = breakers.find(target);
    if (it == breakers.end())
        return BreakerState::Closed;
    return it->second.state;
}
}  // namespace

BreakerCounts count_breakers(const std::map<std::string, BreakerView>& breakers,
                             const std::vector<std::string>& targets) {
    BreakerCounts counts;
    const auto add = [&counts](BreakerState state) {
        switch (breaker_level(state)) {
            case BreakerLevel::Open:
                ++counts.open;
                break;
            case BreakerLevel::HalfOpen:
                ++counts.half_open;
                break;
            case BreakerLevel::Closed:
                ++counts.closed;
                break;
        }
    };
    for (const auto& [target, view] : breakers)
        add(state_of(breakers, target));
    for (const std::string& t : targets) {
        if (!breakers.count(t))
            add(BreakerState::Closed);
    }
    return counts;
}

FleetHeader fleet_header(const MetricsSnapshot& range, int range_s, const BreakerCounts& breakers,
                         int in_flight) {
    FleetHeader h;
    h.breakers = breakers;
    if (range.finished() > 0)
        h.success_rate = range.success_rate();
    h.requests_per_s = static_cast<double>(range.requests) / std::max(1, range_s);
    h.in_flight = in_flight;
    return h;
}

TargetTile target_tile(const std::string& target, const MetricsSnapshot& s,
                       const std::vector<MetricsSnapshot>& last_seconds,
                       const std::map<std::string, BreakerView>& breakers,
                       const std::map<std::string, Headroom>& headroom) {
    TargetTile tile;
    tile.target = target;
    tile.state = state_of(breakers, target);
    tile.attempts = s.attempts;
    int failures = 0;
    for (const auto& [cls, count] : s.attempt_failures)
        failures += count;
    if (s.attempts > 0)
        tile.error_pct = 100.0 * failures / s.attempts;
    tile.p50_ms = s.latency.percentile_ms(50);
    tile.p90_ms = s.latency.percentile_ms(90);
    tile.p99_ms = s.latency.percentile_ms(99);
    tile.ttft_p50_ms = s.ttft.percentile_ms(50);
    if (const auto it = headroom.find(target); it != headroom.end()) {
        tile.remaining_requests = it->second.remaining_requests;
        tile.limit_requests = it->second.limit_requests;
    }
    int top = 1;
    for (const MetricsSnapshot& r : last_seconds)
        top = std::max(top, r.attempts);
    for (const MetricsSnapshot& r : last_seconds)
        tile.trend.push_back(std::min(kTrendLevels - 1, r.attempts * (kTrendLevels - 1) / top));
    return tile;
}

}  // namespace stormproof
