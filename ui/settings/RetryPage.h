#pragma once

#include "SettingsPage.h"

namespace stormproof {

// Settings > Retry and backoff: attempts per target, the backoff curve and its jitter, and how server hints
// (Retry-After, retry-after-ms, rate-limit resets) are obeyed.
class RetryPage final : public SettingsPage {
    Q_OBJECT

public:
    RetryPage(nlohmann::json& doc, AppSettings& app, QWidget* parent = nullptr);
    bool wants_preview() const override { return true; }
};

}  // namespace stormproof
