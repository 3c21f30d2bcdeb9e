#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "LatencyHistogram.h"
#include "PriceTable.h"
#include "TelemetryEvent.h"
#include "resilience/Clock.h"

namespace stormproof {

// Sums of one time range (or one second), overall or for one target.
struct MetricsSnapshot {
    int requests = 0;  // started
    int succeeded = 0;
    int succeeded_after_retry = 0;  // resilience4j's successful_with_retry
    int failed = 0;
    int failed_after_retry = 0;  // failed_with_retry
    int attempts = 0;
    int retries = 0;    // attempts beyond their request's first (retries, key rotations, fallbacks, hedges)
    int cancelled = 0;  // stopped by the person: neither succeeded nor failed
    int fallbacks = 0;  // requests answered by a target other than their chain's first
    int short_circuited = 0;  // targets skipped because their breaker was open
    int budget_denied = 0;
    int hedges = 0;
    std::int64_t wait_ms = 0;       // time spent in scheduled waits: the latency resilience added
    std::int64_t input_tokens = 0;  // of delivered replies
    std::int64_t output_tokens = 0;
    // Tokens the provider billed (or likely billed) for attempts that delivered nothing: streams cut after
    // tokens, hedges cancelled mid-reply. The token cost of resilience.
    std::int64_t wasted_input_tokens = 0;
    std::int64_t wasted_output_tokens = 0;
    double cost_usd = 0;                         // delivered replies, at the price table's rates
    double wasted_cost_usd = 0;                  // the wasted tokens above
    std::map<ErrorClass, int> attempt_failures;  // by error class
    LatencyHistogram latency;                    // whole requests
    LatencyHistogram ttft;
    // Every finished attempt, measured as the breaker measures slow calls: time to first token where there
    // was one, else the attempt's duration. count_above(policy's slow_call_ms) is the slow-call count.
    LatencyHistogram call_time;

    int finished() const { return succeeded + failed; }
    double success_rate() const { return finished() ? static_cast<double>(succeeded) / finished() : 0.0; }
    double error_rate() const { return finished() ? static_cast<double>(failed) / finished() : 0.0; }
    // Share of attempts that were retries.
    double retry_rate() const { return attempts ? static_cast<double>(retries) / attempts : 0.0; }
    // Of the requests that succeeded, the share that needed a retry to do so.
    double success_after_retry_rate() const {
        return succeeded ? static_cast<double>(succeeded_after_retry) / succeeded : 0.0;
    }
    void merge(const MetricsSnapshot& other);
};

struct DelayPoint {
    std::int64_t ts_ms = 0;
    std::int64_t delay_ms = 0;
    DelaySource source = DelaySource::Backoff;
    std::string target;
};

struct BreakerView {
    BreakerState state = BreakerState::Closed;
    std::int64_t since_ms = 0;
    std::optional<TransitionReason> reason;  // none until its first transition
    int transitions = 0;
};

struct BreakerChange {
    std::int64_t ts_ms = 0;
    std::string target;
    BreakerState from_state = BreakerState::Closed;
    BreakerState to_state = BreakerState::Closed;
    TransitionReason reason = TransitionReason::Reset;
};

struct Headroom {
    std::optional<std::int64_t> remaining_requests, limit_requests, remaining_tokens, limit_tokens;
    std::int64_t ts_ms = 0;
};

// The dashboard's numbers, computed in core from telemetry events alone (no widgets): rolling one-second
// buckets with ten minutes of history, overall and per target, plus breaker states, scheduled waits and
// rate-limit headroom. Bounded memory whatever the event rate.
class MetricsAggregator {
public:
    static constexpr int kHistorySeconds = 600;
    static constexpr std::size_t kMaxDelayPoints = 5000;
    // Model names kept for the cost line (priced and unpriced): bounded, a model name per request would
    // otherwise grow them.
    static constexpr std::size_t kMaxModelsTracked = 100;

    explicit MetricsAggregator(const Clock& clock) : clock_(clock) {}

    void record(const TelemetryEvent& event);
    void reset();
    // Rates for the cost estimate, from the next event on (what was counted keeps the rates of its time).
    void set_prices(PriceTable prices) { prices_ = std::move(prices); }
    const PriceTable& prices() const { return prices_; }
    // Models seen with tokens but missing from the price table (their cost reads $0).
    const std::set<std::string>& unpriced_models() const { return unpriced_; }
    // Models seen with tokens and priced by the table (the cost line names them and their rates).
    const std::set<std::string>& priced_models() const { return priced_; }

    // Sums over the last range_s seconds (including the current one); target empty = overall.
    MetricsSnapshot snapshot(int range_s, const std::string& target = {}) const;
    // One snapshot per second, oldest first, range_s long (seconds with no events are empty snapshots).
    std::vector<MetricsSnapshot> series(int range_s, const std::string& target = {}) const;
    std::vector<std::string> targets() const;
    std::vector<DelayPoint> delays(int range_s) const;
    const std::map<std::string, BreakerView>& breakers() const { return breakers_; }
    // Every breaker transition still inside the history, oldest first (the dashboard's step timeline).
    const std::deque<BreakerChange>& breaker_changes() const { return breaker_changes_; }
    const std::map<std::string, Headroom>& headroom() const { return headroom_; }
    int in_flight() const { return in_flight_; }

private:
    struct Second {
        std::int64_t epoch_s = -1;
        MetricsSnapshot sums;
    };
    using Ring = std::vector<Second>;
    MetricsSnapshot& bucket(Ring& ring, std::int64_t ts_ms);
    Ring& ring_of(const std::string& target);
    template <typename Apply>
    void each(const TelemetryEvent& e, const std::string& target, Apply apply);
    double cost_of(const std::string& model, std::int64_t input_tokens, std::int64_t output_tokens);

    const Clock& clock_;
    Ring overall_ = Ring(kHistorySeconds);
    std::map<std::string, Ring> per_target_;
    std::deque<DelayPoint> delays_;
    std::map<std::string, BreakerView> breakers_;
    std::deque<BreakerChange> breaker_changes_;
    std::map<std::string, Headroom> headroom_;
    std::map<std::string, int> attempts_of_trace_;
    int in_flight_ = 0;
    PriceTable prices_;
    std::set<std::string> unpriced_;
    std::set<std::string> priced_;
};

}  // namespace stormproof
