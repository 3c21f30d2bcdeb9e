#include "TimeoutsPage.h"

#include <QFormLayout>

#include "PolicyForm.h"

namespace stormproof {

TimeoutsPage::TimeoutsPage(nlohmann::json& doc, AppSettings& app, QWidget* parent)
    : SettingsPage(tr("Timeouts and deadline"), doc, app, parent) {
    add_form(
        tr("Each attempt has four timeouts, clamped to what the request's deadline leaves. As the deadline "
           "nears, waits shrink and retries stop: the preview shows where it cuts."));
    PolicyForm& f = *form_;
    f.integer(QStringLiteral("timeouts.connect_ms"), tr("Connect"), 1, 600000, tr(" ms"));
    f.integer(QStringLiteral("timeouts.first_token_ms"), tr("First token"), 1, 3600000, tr(" ms"),
              tr("Until the first content token (or the whole body when not streaming)"));
    f.integer(QStringLiteral("timeouts.idle_ms"), tr("Idle inside a stream"), 1, 3600000, tr(" ms"));
    f.integer(QStringLiteral("timeouts.attempt_ms"), tr("Whole attempt"), 1, 3600000, tr(" ms"));
    f.integer(QStringLiteral("timeouts.deadline_ms"), tr("Deadline of a request"), 1, 86400000, tr(" ms"),
              tr("Retries, waits and fallbacks included"));
    reload();
}

}  // namespace stormproof
