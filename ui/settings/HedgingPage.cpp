#include "HedgingPage.h"

#include <QFormLayout>

#include "PolicyForm.h"

namespace stormproof {

HedgingPage::HedgingPage(nlohmann::json& doc, AppSettings& app, QWidget* parent)
    : SettingsPage(tr("Hedging"), doc, app, parent) {
    add_form(
        tr("With no first token after the delay, the next target is raced; the first to answer wins and the "
           "other is cancelled. Faster tails, but a hedge can double the tokens paid for a slow request."));
    PolicyForm& f = *form_;
    f.boolean(QStringLiteral("hedging.enabled"), tr("Enabled"));
    f.integer(QStringLiteral("hedging.delay_ms"), tr("Race after"), 1, 600000, tr(" ms"));
    f.integer(QStringLiteral("hedging.max_hedges"), tr("At most"), 1, 10, tr(" hedges"));
    reload();
}

}  // namespace stormproof
