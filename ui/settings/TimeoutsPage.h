#pragma once

#include "SettingsPage.h"

namespace stormproof {

// Settings > Timeouts and deadline: the four per-attempt timeouts and the one deadline of a whole request.
class TimeoutsPage final : public SettingsPage {
    Q_OBJECT

public:
    TimeoutsPage(nlohmann::json& doc, AppSettings& app, QWidget* parent = nullptr);
    bool wants_preview() const override { return true; }
};

}  // namespace stormproof
