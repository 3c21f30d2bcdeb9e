#pragma once

#include "SettingsPage.h"

namespace stormproof {

// Settings > Retry budget: the share of traffic retries may add, so an outage is not multiplied by the
// retries.
class BudgetPage final : public SettingsPage {
    Q_OBJECT

public:
    BudgetPage(nlohmann::json& doc, AppSettings& app, QWidget* parent = nullptr);
    bool wants_preview() const override { return true; }
};

}  // namespace stormproof
