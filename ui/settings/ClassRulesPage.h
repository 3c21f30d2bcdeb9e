#pragma once

#include "SettingsPage.h"

namespace stormproof {

// Settings > Per-class rules: for each error class, whether it is retried, how often, whether the server's
// hint is obeyed, whether the next API key is tried first, and what happens when its attempts run out.
class ClassRulesPage final : public SettingsPage {
    Q_OBJECT

public:
    ClassRulesPage(nlohmann::json& doc, AppSettings& app, QWidget* parent = nullptr);
    bool wants_preview() const override { return true; }
};

}  // namespace stormproof
