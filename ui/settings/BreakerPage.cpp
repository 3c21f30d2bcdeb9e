#include "BreakerPage.h"

#include <QFormLayout>

#include "PolicyForm.h"

namespace stormproof {

BreakerPage::BreakerPage(nlohmann::json& doc, AppSettings& app, QWidget* parent)
    : SettingsPage(QStringLiteral("breaker"), tr("Circuit breaker"), doc, app, parent) {
    add_form(
        tr("A target that keeps failing is taken out of the chain (open) so requests fail over at once; "
           "after the open time a few probes decide whether it comes back (half-open)."));
    for (const char* path :
         {"circuit_breaker.enabled", "circuit_breaker.consecutive_failures",
          "circuit_breaker.failure_rate_threshold_pct", "circuit_breaker.minimum_calls",
          "circuit_breaker.window", "circuit_breaker.window_ms", "circuit_breaker.window_calls",
          "circuit_breaker.slow_call_ms", "circuit_breaker.slow_call_rate_threshold_pct",
          "circuit_breaker.open_ms", "circuit_breaker.open_multiplier", "circuit_breaker.max_open_ms",
          "circuit_breaker.half_open_probes"})
        form_->field(QString::fromLatin1(path));
    reload();
}

}  // namespace stormproof
