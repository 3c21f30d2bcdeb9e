#pragma once

#include "SettingsPage.h"

namespace stormproof {

// Settings > Hedging: racing a second target when the first is slow to answer.
class HedgingPage final : public SettingsPage {
    Q_OBJECT

public:
    HedgingPage(nlohmann::json& doc, AppSettings& app, QWidget* parent = nullptr);
    bool wants_preview() const override { return true; }
};

}  // namespace stormproof
