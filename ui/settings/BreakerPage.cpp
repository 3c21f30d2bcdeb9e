#include "BreakerPage.h"

#include <QFormLayout>

#include "PolicyForm.h"

namespace stormproof {

BreakerPage::BreakerPage(nlohmann::json& doc, AppSettings& app, QWidget* parent)
    : SettingsPage(tr("Circuit breaker"), doc, app, parent) {
    add_form(
        tr("A target that keeps failing is taken out of the chain (open) so requests fail over at once; "
           "after the open time a few probes decide whether it comes back (half-open)."));
    PolicyForm& f = *form_;
    f.boolean(QStringLiteral("circuit_breaker.enabled"), tr("Enabled"));
    f.integer(QStringLiteral("circuit_breaker.consecutive_failures"), tr("Open after consecutive failures"),
              0, 10000, {}, tr("0: off"));
    f.number(QStringLiteral("circuit_breaker.failure_rate_threshold_pct"), tr("…or a failure rate of"), 1,
             100, 0, tr(" %"));
    f.integer(QStringLiteral("circuit_breaker.minimum_calls"), tr("over at least"), 1, 10000, tr(" calls"));
    f.choice(QStringLiteral("circuit_breaker.window"), tr("Window"),
             {QStringLiteral("time"), QStringLiteral("count")});
    f.integer(QStringLiteral("circuit_breaker.window_ms"), tr("Time window"), 1000, 3600000, tr(" ms"));
    f.integer(QStringLiteral("circuit_breaker.window_calls"), tr("Count window"), 1, 10000, tr(" calls"));
    f.integer(QStringLiteral("circuit_breaker.slow_call_ms"), tr("A call is slow after"), 1, 3600000,
              tr(" ms"), tr("Time to first token, or the attempt's duration when there was none"));
    f.number(QStringLiteral("circuit_breaker.slow_call_rate_threshold_pct"),
             tr("Open at a slow-call rate of"), 1, 100, 0, tr(" %"));
    f.integer(QStringLiteral("circuit_breaker.open_ms"), tr("Open for"), 100, 3600000, tr(" ms"));
    f.number(QStringLiteral("circuit_breaker.open_multiplier"), tr("× on each failed probe"), 1, 10, 1);
    f.integer(QStringLiteral("circuit_breaker.max_open_ms"), tr("Longest open time"), 100, 86400000,
              tr(" ms"));
    f.integer(QStringLiteral("circuit_breaker.half_open_probes"), tr("Probes to close"), 1, 100);
    reload();
}

}  // namespace stormproof
