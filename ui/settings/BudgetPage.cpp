#include "BudgetPage.h"

#include <QFormLayout>

#include "PolicyForm.h"

namespace stormproof {

BudgetPage::BudgetPage(nlohmann::json& doc, AppSettings& app, QWidget* parent)
    : SettingsPage(tr("Retry budget"), doc, app, parent) {
    add_form(
        tr("Retries may add this share of the requests, plus a small floor: enough for stray errors, too "
           "little to double the load on a failing service (Finagle's and Envoy's retry budgets)."));
    PolicyForm& f = *form_;
    f.boolean(QStringLiteral("budget.enabled"), tr("Enabled"));
    f.choice(QStringLiteral("budget.scope"), tr("Counted per"),
             {QStringLiteral("target"), QStringLiteral("global"), QStringLiteral("conversation")});
    f.number(QStringLiteral("budget.retry_ratio"), tr("Retries per request"), 0, 10, 2, {},
             tr("0.2: retries may add 20% to the traffic"));
    f.number(QStringLiteral("budget.min_retries_per_s"), tr("Floor"), 0, 1000, 1, tr(" retries/s"));
    f.integer(QStringLiteral("budget.window_ms"), tr("Window"), 1000, 3600000, tr(" ms"));
    reload();
}

}  // namespace stormproof
