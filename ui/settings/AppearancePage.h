#pragma once

#include "SettingsPage.h"

class QCheckBox;
class QComboBox;
class QSpinBox;

namespace stormproof {

// Settings > Appearance: theme, language (from the next start), text size, Enter to send, and the dashboard's
// alert thresholds (settings.json, not the policy).
class AppearancePage final : public SettingsPage {
    Q_OBJECT

public:
    AppearancePage(nlohmann::json& doc, AppSettings& app, QWidget* parent = nullptr);
    void reload() override;

private:
    QComboBox* theme_ = nullptr;
    QComboBox* language_ = nullptr;
    QSpinBox* scale_ = nullptr;
    QSpinBox* retry_alert_ = nullptr;
    QSpinBox* error_alert_ = nullptr;
    QCheckBox* send_on_enter_ = nullptr;
};

}  // namespace stormproof
