#include "RetryPage.h"

#include <QFormLayout>

#include "PolicyForm.h"

namespace stormproof {

RetryPage::RetryPage(nlohmann::json& doc, AppSettings& app, QWidget* parent)
    : SettingsPage(tr("Retry and backoff"), doc, app, parent) {
    add_form(
        tr("Attempts count per target, the first try included; each fallback target gets its own. The "
           "wait before a retry follows the curve below unless the server says how long to wait."));
    PolicyForm& f = *form_;
    f.integer(QStringLiteral("retry.max_attempts"), tr("Attempts per target"), 1, 20, {},
              tr("The official SDKs make 3; the deadline and the budget bound the whole chain"));
    f.choice(QStringLiteral("retry.backoff"), tr("Backoff"),
             {QStringLiteral("exponential"), QStringLiteral("linear"), QStringLiteral("constant")});
    f.choice(QStringLiteral("retry.jitter"), tr("Jitter"),
             {QStringLiteral("full"), QStringLiteral("equal"), QStringLiteral("decorrelated"),
              QStringLiteral("none")},
             tr("Full jitter spreads retries evenly: no thundering herd when many clients fail at once"));
    f.integer(QStringLiteral("retry.base_delay_ms"), tr("Base delay"), 0, 600000, tr(" ms"));
    f.integer(QStringLiteral("retry.max_delay_ms"), tr("Cap"), 0, 3600000, tr(" ms"));
    f.integer(QStringLiteral("retry.min_delay_ms"), tr("Floor"), 0, 600000, tr(" ms"),
              tr("Keeps full jitter from drawing a 0 ms retry that re-hits an overloaded server at once"));
    f.boolean(QStringLiteral("retry.honor_retry_after"), tr("Wait as long as the server says"),
              tr("Retry-After, retry-after-ms and the rate-limit reset headers"));
    f.integer(QStringLiteral("retry.max_retry_after_ms"), tr("Longest server-requested wait"), 0, 86400000,
              tr(" ms"));
    f.choice(QStringLiteral("retry.on_retry_after_above_max"), tr("When the server asks for longer"),
             {QStringLiteral("fallback"), QStringLiteral("fail"), QStringLiteral("wait_max")},
             tr("fallback: the next target at once; fail: give up; wait_max: wait the longest allowed"));
    f.boolean(QStringLiteral("retry.send_idempotency_key"), tr("Send an Idempotency-Key"),
              tr("The same key on every retry of a request, so a retry never bills twice"));
    reload();
}

}  // namespace stormproof
