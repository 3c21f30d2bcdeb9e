#pragma once

#include <QDialog>
#include <QTimer>
#include <nlohmann/json.hpp>
#include <optional>
#include <vector>

#include "PreviewPanel.h"
#include "SettingsServices.h"
#include "config/AppSettings.h"
#include "config/Policy.h"

class QLabel;
class QListWidget;
class QPushButton;
class QStackedWidget;

namespace stormproof {

class SettingsPage;
class SimulatorPage;

// Settings: a page per area, each in its own file, all editing one policy document and the app settings.
// Every edit is validated by the policy file's own validator (errors land on their fields, and nothing
// invalid can be applied); the live preview beside the retry, breaker, budget and deadline pages re-runs as
// you type. Apply hands the new policy to the application (new requests use it at once); Cancel discards.
class SettingsDialog final : public QDialog {
    Q_OBJECT

public:
    static constexpr int kPreviewDebounceMs = 120;  // a burst of keystrokes costs one preview

    SettingsDialog(const Policy& policy, const AppSettings& app, SettingsServices services,
                   QWidget* parent = nullptr);

    SettingsPage* page(const QString& title) const;
    // The page on screen, by its stable id ("retry"); the dialog opens on AppSettings::settings_page, and the
    // caller stores this one when the dialog closes (OK or Cancel alike) so it reopens where it was left.
    QString current_page_id() const;
    QStringList page_titles() const;
    void show_page(const QString& title);
    PreviewPanel* preview() const { return preview_; }
    SimulatorPage* simulator_page() const { return simulator_; }
    // Validates now (normally on every edit); the policy when valid.
    std::optional<Policy> validate();
    QString errors_text() const;
    bool can_apply() const;
    // Emits applied(); false when the settings are invalid.
    bool apply();
    // Runs the pending preview at once (tests, screenshots).
    void flush_preview();
    // Import a policy file (replacing the edited one when valid; errors otherwise, nothing changed).
    QString import_policy(const QString& path);
    // Exports: "policy" (docs/INTERFACES.md file), "litellm" (config.yaml), "portkey" (config JSON). Empty or
    // why not.
    QString export_as(const QString& kind, const QString& path, QString* notes = nullptr);
    const nlohmann::json& document() const { return doc_; }
    const AppSettings& app_settings() const { return app_; }

signals:
    void applied(const stormproof::Policy& policy, const stormproof::AppSettings& app);

private:
    void add_page(SettingsPage* page);
    int page_index(const QString& id) const;
    static PreviewChart chart_for(const QString& page_id);
    void on_edited();
    void run_preview();
    void show_export_menu();

    nlohmann::json doc_;
    Policy saved_;  // the policy in force (as opened, then as applied): the preview's "before"
    AppSettings app_;
    SettingsServices services_;
    std::vector<SettingsPage*> pages_;
    QListWidget* nav_ = nullptr;
    QStackedWidget* stack_ = nullptr;
    PreviewPanel* preview_ = nullptr;
    SimulatorPage* simulator_ = nullptr;
    QLabel* errors_ = nullptr;
    QPushButton* ok_ = nullptr;
    QPushButton* apply_ = nullptr;
    QPushButton* cancel_ = nullptr;
    QPushButton* export_ = nullptr;
    QTimer preview_timer_;
    std::optional<Policy> valid_;
    std::vector<ConfigError> errors_list_;
};

}  // namespace stormproof
