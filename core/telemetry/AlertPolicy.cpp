#include "AlertPolicy.h"

#include "DashboardSeries.h"

namespace stormproof {

RateStatus retry_rate_status(const MetricsSnapshot& window, const AlertThresholds& thresholds) {
    return {window.retry_rate(), window.attempts, kMinAttemptsForRetryAlert, thresholds.retry_rate_pct};
}

RateStatus error_rate_status(const MetricsSnapshot& window, const AlertThresholds& thresholds) {
    return {window.error_rate(), window.finished(), kMinRequestsForErrorAlert, thresholds.error_rate_pct};
}

std::vector<Alert> evaluate_alerts(const MetricsSnapshot& window,
                                   const std::map<std::string, BreakerView>& breakers,
                                   const AlertThresholds& thresholds) {
    std::vector<Alert> alerts;
    if (const RateStatus retry = retry_rate_status(window, thresholds); retry.firing()) {
        alerts.push_back({AlertKind::RetryRate, retry.rate, retry.threshold_pct, retry.sample, {}, {}, {}});
    }
    if (const RateStatus error = error_rate_status(window, thresholds); error.firing()) {
        alerts.push_back({AlertKind::ErrorRate, error.rate, error.threshold_pct, error.sample, {}, {}, {}});
    }
    for (const auto& [target, view] : breakers) {  // a std::map: by target name
        if (breaker_rejects(view.state))
            alerts.push_back({AlertKind::BreakerOpen, 0, 0, 0, target, view.state, view.reason});
    }
    return alerts;
}

}  // namespace stormproof
