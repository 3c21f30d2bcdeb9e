#include "DashboardSeries.h"

#include <algorithm>

namespace stormproof {

std::string_view to_string(Outcome outcome) {
    switch (outcome) {
        case Outcome::Success:
            return "success";
        case Outcome::Retry:
            return "retry";
        case Outcome::Fallback:
            return "fallback";
        case Outcome::Failed:
            return "failed";
        case Outcome::ShortCircuited:
            return "short-circuited";
        case Outcome::BudgetDenied:
            return "budget-denied";
    }
    return "success";
}

int outcome_count(const MetricsSnapshot& s, Outcome outcome) {
    switch (outcome) {
        case Outcome::Success:
            return s.succeeded;
        case Outcome::Retry:
            return s.retries;
        case Outcome::Fallback:
            return s.fallbacks;
        case Outcome::Failed:
            return s.failed;
        case Outcome::ShortCircuited:
            return s.short_circuited;
        case Outcome::BudgetDenied:
            return s.budget_denied;
    }
    return 0;
}

OutcomeStacks outcome_stacks(const std::vector<MetricsSnapshot>& series) {
    OutcomeStacks out;
    const auto n = static_cast<std::int64_t>(series.size());
    for (auto& line : out.upper)
        line.reserve(series.size());
    for (std::int64_t t = 0; t < n; ++t) {
        double sum = 0;
        for (std::size_t o = 0; o < kOutcomes.size(); ++o) {
            sum += outcome_count(series[static_cast<std::size_t>(t)], kOutcomes[o]);
            out.upper[o].push_back({static_cast<double>(t - n + 1), sum});
        }
        out.peak = std::max(out.peak, sum);
    }
    return out;
}

RateLines rate_lines(const std::vector<MetricsSnapshot>& series, int window_s, std::int64_t slow_call_ms) {
    // Running sums of plain counters, then one subtraction per point: merging whole snapshots (histograms,
    // maps) per point cost a frame.
    struct Counts {
        long attempts = 0, retries = 0, failures = 0, succeeded = 0, after_retry = 0, calls = 0, slow = 0;
    };
    const std::size_t n = series.size();
    const std::size_t window = static_cast<std::size_t>(std::max(1, window_s));
    std::vector<Counts> prefix(n + 1);
    for (std::size_t t = 0; t < n; ++t) {
        const MetricsSnapshot& m = series[t];
        Counts c = prefix[t];
        c.attempts += m.attempts;
        c.retries += m.retries;
        for (const auto& [cls, count] : m.attempt_failures)
            c.failures += count;
        c.succeeded += m.succeeded;
        c.after_retry += m.succeeded_after_retry;
        c.calls += static_cast<long>(m.call_time.count());
        c.slow += static_cast<long>(m.call_time.count_above(slow_call_ms));
        prefix[t + 1] = c;
    }
    const auto pct = [](long part, long whole) {
        return 100.0 * static_cast<double>(part) / static_cast<double>(whole);
    };
    RateLines out;
    for (std::size_t t = 0; t < n; ++t) {
        const Counts& hi = prefix[t + 1];
        const Counts& lo = prefix[t + 1 >= window ? t + 1 - window : 0];
        const double x = static_cast<double>(t) - static_cast<double>(n) + 1;
        if (const long attempts = hi.attempts - lo.attempts; attempts > 0) {
            out.retry_pct.push_back({x, pct(hi.retries - lo.retries, attempts)});
            out.failure_pct.push_back({x, pct(hi.failures - lo.failures, attempts)});
        }
        if (const long calls = hi.calls - lo.calls; calls > 0)
            out.slow_pct.push_back({x, pct(hi.slow - lo.slow, calls)});
        if (const long succeeded = hi.succeeded - lo.succeeded; succeeded > 0)
            out.ok_after_retry_pct.push_back({x, pct(hi.after_retry - lo.after_retry, succeeded)});
    }
    return out;
}

BreakerLevel breaker_level(BreakerState state) {
    switch (state) {
        case BreakerState::Open:
        case BreakerState::ForcedOpen:
            return BreakerLevel::Open;
        case BreakerState::HalfOpen:
            return BreakerLevel::HalfOpen;
        case BreakerState::Closed:
        case BreakerState::Disabled:
            return BreakerLevel::Closed;
    }
    return BreakerLevel::Closed;
}

std::string_view to_string(BreakerLevel level) {
    switch (level) {
        case BreakerLevel::Closed:
            return "closed";
        case BreakerLevel::HalfOpen:
            return "half-open";
        case BreakerLevel::Open:
            return "open";
    }
    return "closed";
}

std::optional<BreakerState> breaker_state_from_text(std::string_view text) {
    for (BreakerState s : {BreakerState::Closed, BreakerState::Open, BreakerState::HalfOpen,
                           BreakerState::ForcedOpen, BreakerState::Disabled}) {
        if (to_string(s) == text)
            return s;
    }
    return std::nullopt;
}

bool breaker_rejects(BreakerState state) {
    return state == BreakerState::Open || state == BreakerState::ForcedOpen;
}

namespace {
double level_of(BreakerState state) {
    return static_cast<double>(breaker_level(state));
}
}  // namespace

std::map<std::string, ChartLine> breaker_steps(const std::deque<BreakerChange>& changes,
                                               const std::vector<std::string>& targets, std::int64_t now_ms,
                                               int range_s) {
    std::map<std::string, double> level;
    for (const std::string& t : targets)
        level[t] = static_cast<double>(BreakerLevel::Closed);
    std::map<std::string, ChartLine> steps;
    const double from_s = -static_cast<double>(range_s);
    for (const BreakerChange& c : changes) {
        level.try_emplace(c.target, static_cast<double>(BreakerLevel::Closed));
        const double x = static_cast<double>(c.ts_ms - now_ms) / 1000.0;
        if (x < from_s) {
            level[c.target] = level_of(c.to_state);
            continue;
        }
        ChartLine& line = steps[c.target];
        if (line.empty())
            line.push_back({from_s, level[c.target]});
        line.push_back({x, level[c.target]});
        level[c.target] = level_of(c.to_state);
        line.push_back({x, level[c.target]});
    }
    for (const auto& [target, value] : level) {
        ChartLine& line = steps[target];
        if (line.empty())
            line.push_back({from_s, value});
        line.push_back({0, value});
    }
    return steps;
}

WaitPoints wait_points(const std::vector<DelayPoint>& delays, std::int64_t now_ms, std::size_t max_points) {
    WaitPoints out;
    if (delays.empty())
        return out;
    for (const DelayPoint& d : delays)
        out.max_delay_ms = std::max(out.max_delay_ms, static_cast<double>(d.delay_ms));
    const std::size_t cap = std::max<std::size_t>(1, max_points);
    const std::size_t stride = std::max<std::size_t>(1, (delays.size() + cap - 1) / cap);
    // Every stride-th wait, counted back from the newest so the latest one is always drawn.
    for (std::size_t i = (delays.size() - 1) % stride; i < delays.size(); i += stride) {
        const DelayPoint& d = delays[i];
        out.by_source[d.source].push_back(
            {static_cast<double>(d.ts_ms - now_ms) / 1000.0, std::max(1.0, static_cast<double>(d.delay_ms))});
    }
    return out;
}

}  // namespace stormproof
