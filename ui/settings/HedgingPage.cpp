#include "HedgingPage.h"

#include <QFormLayout>

#include "PolicyForm.h"

namespace stormproof {

HedgingPage::HedgingPage(nlohmann::json& doc, AppSettings& app, QWidget* parent)
    : SettingsPage(QStringLiteral("hedging"), tr("Hedging"), doc, app, parent) {
    add_form(
        tr("With no first token after the delay, the next target is raced; the first to answer wins and the "
           "other is cancelled. Faster tails, but a hedge can double the tokens paid for a slow request."));
    for (const char* path : {"hedging.enabled", "hedging.delay_ms", "hedging.max_hedges"})
        form_->field(QString::fromLatin1(path));
    reload();
}

}  // namespace stormproof
