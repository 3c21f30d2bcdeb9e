#include "BudgetPage.h"

#include <QFormLayout>

#include "PolicyForm.h"

namespace stormproof {

BudgetPage::BudgetPage(nlohmann::json& doc, AppSettings& app, QWidget* parent)
    : SettingsPage(QStringLiteral("budget"), tr("Retry budget"), doc, app, parent) {
    add_form(
        tr("Retries may add this share of the requests, plus a small floor: enough for stray errors, too "
           "little to double the load on a failing service (Finagle's and Envoy's retry budgets)."));
    for (const char* path : {"budget.enabled", "budget.scope", "budget.retry_ratio",
                             "budget.min_retries_per_s", "budget.window_ms"})
        form_->field(QString::fromLatin1(path));
    reload();
}

}  // namespace stormproof
