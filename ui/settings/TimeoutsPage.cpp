#include "TimeoutsPage.h"

#include <QFormLayout>

#include "PolicyForm.h"

namespace stormproof {

TimeoutsPage::TimeoutsPage(nlohmann::json& doc, AppSettings& app, QWidget* parent)
    : SettingsPage(QStringLiteral("timeouts"), tr("Timeouts and deadline"), doc, app, parent) {
    add_form(
        tr("Each attempt has four timeouts, clamped to what the request's deadline leaves. As the deadline "
           "nears, waits shrink and retries stop: the preview shows where it cuts."));
    for (const char* path : {"timeouts.connect_ms", "timeouts.first_token_ms", "timeouts.idle_ms",
                             "timeouts.attempt_ms", "timeouts.deadline_ms"})
        form_->field(QString::fromLatin1(path));
    reload();
}

}  // namespace stormproof
