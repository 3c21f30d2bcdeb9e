#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "MetricsAggregator.h"
#include "config/AppSettings.h"
#include "resilience/CircuitBreaker.h"

namespace stormproof {

// When the dashboard raises an alert. The thresholds a person sets live in AppSettings (settings.json,
// "alerts"); this is the one place that decides with them. Pure: it reads a window's sums and the breaker
// views, nothing else.
struct AlertThresholds {
    // The range a threshold may take (AppSettings' loader checks the same 1..100).
    static constexpr int kMinPct = 1;
    static constexpr int kMaxPct = 100;

    int retry_rate_pct = AppSettings{}.alert_retry_rate_pct;
    int error_rate_pct = AppSettings{}.alert_error_rate_pct;

    static AlertThresholds from(const AppSettings& settings) {
        return {settings.alert_retry_rate_pct, settings.alert_error_rate_pct};
    }
    bool operator==(const AlertThresholds&) const = default;
};

// The window the rate alerts look at: long enough to hold a real sample at a person's pace, short enough
// that an alert clears soon after the trouble does.
inline constexpr int kAlertWindowS = 30;
// A rate alert needs a real sample: below 20, one unlucky request moves a rate by 5 points or more (3 of
// 10 is 30%), so a person chatting slowly would see alerts for noise. 20 keeps one request's weight at 5%,
// under the default error threshold of 10%, so a single failure can never raise it alone.
inline constexpr int kMinAttemptsForRetryAlert = 20;
inline constexpr int kMinRequestsForErrorAlert = 20;

enum class AlertKind { RetryRate, ErrorRate, BreakerOpen };

struct Alert {
    AlertKind kind = AlertKind::RetryRate;
    double rate = 0;  // RetryRate, ErrorRate: 0..1
    int threshold_pct = 0;
    int sample = 0;      // attempts (retry) or finished requests (error) in the window
    std::string target;  // BreakerOpen
    BreakerState state = BreakerState::Open;
    std::optional<TransitionReason> reason;  // BreakerOpen: why it opened
    bool operator==(const Alert&) const = default;
};

// How a rate alert stands: firing or not, and if not, whether for lack of a sample.
struct RateStatus {
    double rate = 0;
    int sample = 0;
    int min_sample = 0;
    int threshold_pct = 0;
    bool enough_sample() const { return sample >= min_sample; }
    bool firing() const { return enough_sample() && rate * 100.0 > threshold_pct; }
};
RateStatus retry_rate_status(const MetricsSnapshot& window, const AlertThresholds& thresholds);
RateStatus error_rate_status(const MetricsSnapshot& window, const AlertThresholds& thresholds);

// Every alert in force, in a stable order: retry rate, error rate, then open breakers by target name.
std::vector<Alert> evaluate_alerts(const MetricsSnapshot& window,
                                   const std::map<std::string, BreakerView>& breakers,
                                   const AlertThresholds& thresholds);

}  // namespace stormproof
