#include "RetryPage.h"

#include <QFormLayout>

#include "PolicyForm.h"

namespace stormproof {

RetryPage::RetryPage(nlohmann::json& doc, AppSettings& app, QWidget* parent)
    : SettingsPage(QStringLiteral("retry"), tr("Retry and backoff"), doc, app, parent) {
    add_form(
        tr("Attempts count per target, the first try included; each fallback target gets its own. The "
           "wait before a retry follows the curve below unless the server says how long to wait."));
    for (const char* path :
         {"retry.max_attempts", "retry.backoff", "retry.jitter", "retry.base_delay_ms", "retry.max_delay_ms",
          "retry.min_delay_ms", "retry.honor_retry_after", "retry.max_retry_after_ms",
          "retry.on_retry_after_above_max", "retry.send_idempotency_key"})
        form_->field(QString::fromLatin1(path));
    reload();
}

}  // namespace stormproof
