#pragma once

#include "SettingsPage.h"

class QListWidget;

namespace stormproof {

// Settings > Fallback chain: the order targets are tried in, by drag and drop (or the buttons).
class FallbackPage final : public SettingsPage {
    Q_OBJECT

public:
    FallbackPage(nlohmann::json& doc, AppSettings& app, QWidget* parent = nullptr);
    void reload() override;
    QListWidget* list() const { return list_; }
    // Moves the target at from to position to, in the document; the list follows.
    void move(int from, int to);

private:
    void sync_from_list();
    QListWidget* list_ = nullptr;
};

}  // namespace stormproof
