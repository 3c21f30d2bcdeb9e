#pragma once

#include <array>
#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "MetricsAggregator.h"
#include "resilience/CircuitBreaker.h"
#include "resilience/ServerHints.h"

namespace stormproof {

// The numbers behind the dashboard's four charts, computed from MetricsAggregator's per-second series and
// transitions. Pure: no clock (callers pass "now"), no widgets; the view only copies the points into its
// series. x is seconds relative to now (the newest second is 0), y is the chart's unit.
struct ChartPoint {
    double x_s = 0;
    double y = 0;
    bool operator==(const ChartPoint&) const = default;
};
using ChartLine = std::vector<ChartPoint>;

// ---- Outcomes per second, stacked ---------------------------------------------------------------------
enum class Outcome { Success, Retry, Fallback, Failed, ShortCircuited, BudgetDenied };
inline constexpr std::array<Outcome, 6> kOutcomes = {Outcome::Success,        Outcome::Retry,
                                                     Outcome::Fallback,       Outcome::Failed,
                                                     Outcome::ShortCircuited, Outcome::BudgetDenied};
std::string_view to_string(Outcome outcome);  // the legend's words
int outcome_count(const MetricsSnapshot& second, Outcome outcome);

struct OutcomeStacks {
    // upper[i] is the running sum of outcomes 0..i at each second: the top edge of area i.
    std::array<ChartLine, kOutcomes.size()> upper;
    double peak = 0;  // the highest total in a second
};
OutcomeStacks outcome_stacks(const std::vector<MetricsSnapshot>& series);

// ---- Rates over a trailing window ----------------------------------------------------------------------
// A single second is too noisy at a person's traffic (one request a second swings a rate 0 <-> 100%); ten
// seconds is long enough to read and short enough to show a breaker's reaction.
inline constexpr int kRateWindowS = 10;
struct RateLines {
    ChartLine retry_pct;           // retries / attempts
    ChartLine failure_pct;         // failed attempts / attempts (what the breaker's failure rule counts)
    ChartLine slow_pct;            // calls slower than slow_call_ms / calls (the breaker's slow rule)
    ChartLine ok_after_retry_pct;  // successes that needed a retry / successes
};
// A point only where its window has a denominator: no 0% drawn for "nothing happened".
RateLines rate_lines(const std::vector<MetricsSnapshot>& series, int window_s, std::int64_t slow_call_ms);

// ---- Breaker states as steps ---------------------------------------------------------------------------
// The three levels a person reads on the axis. Forced open counts as open; disabled (forced closed) as
// closed: the chart answers "does this target take traffic".
enum class BreakerLevel { Closed = 0, HalfOpen = 1, Open = 2 };
inline constexpr std::array<BreakerLevel, 3> kBreakerLevels = {BreakerLevel::Closed, BreakerLevel::HalfOpen,
                                                               BreakerLevel::Open};
BreakerLevel breaker_level(BreakerState state);
std::string_view to_string(BreakerLevel level);  // "closed", "half-open", "open": the axis labels
// A breaker state's logged name back to the enum (nullopt for a name it does not know): for text that
// comes back from the screen, such as a tile's cell.
std::optional<BreakerState> breaker_state_from_text(std::string_view text);
// Open or forced open: a breaker that turns traffic away.
bool breaker_rejects(BreakerState state);

// A step line per target over [now - range_s, now]: flat at its level before the window, a vertical step
// at each transition inside it. Targets with no transition (listed in `targets`) get a flat closed line.
std::map<std::string, ChartLine> breaker_steps(const std::deque<BreakerChange>& changes,
                                               const std::vector<std::string>& targets, std::int64_t now_ms,
                                               int range_s);

// ---- Scheduled waits by source -------------------------------------------------------------------------
struct WaitPoints {
    std::map<DelaySource, ChartLine> by_source;  // y: the wait in ms, at least 1 (the axis is logarithmic)
    double max_delay_ms = 0;                     // of every wait, plotted or not
};
// At most max_points markers (every k-th, newest kept): thousands cost a frame each and read no better.
WaitPoints wait_points(const std::vector<DelayPoint>& delays, std::int64_t now_ms, std::size_t max_points);

}  // namespace stormproof
