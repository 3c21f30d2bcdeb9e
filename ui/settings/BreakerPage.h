#pragma once

#include "SettingsPage.h"

namespace stormproof {

// Settings > Circuit breaker: when a target is taken out of the chain, for how long, and how it is probed
// back.
class BreakerPage final : public SettingsPage {
    Q_OBJECT

public:
    BreakerPage(nlohmann::json& doc, AppSettings& app, QWidget* parent = nullptr);
    bool wants_preview() const override { return true; }
};

}  // namespace stormproof
