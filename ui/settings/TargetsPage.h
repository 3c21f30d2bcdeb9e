#pragma once

#include "SettingsPage.h"
#include "SettingsServices.h"
#include "config/ProviderPresets.h"

class QComboBox;
class QLabel;
class QListWidget;
class QPushButton;
class QVBoxLayout;

namespace stormproof {

// Settings > Targets and keys: each target's provider, base URL, model and API keys (environment variables,
// or the keyring -- or, with no keyring, keys held for this session only), and a button that tries the
// connection.
class TargetsPage final : public SettingsPage {
    Q_OBJECT

public:
    TargetsPage(nlohmann::json& doc, AppSettings& app, SettingsServices services, QWidget* parent = nullptr);
    void reload() override;
    int mark_errors(const std::vector<ConfigError>& errors) override;
    bool owns(const std::string& path) const override { return path.rfind("targets", 0) == 0; }

    QListWidget* targets() const { return list_; }
    QListWidget* keys() const { return keys_; }
    void select(int index);
    int add_target(const QString& provider);
    // A target filled from a provider preset (resources/provider-presets.json): provider kind, base URL, key
    // header, an example model and the key's usual environment variable; selected, with the preset's notes
    // and source shown. Returns its index.
    int add_target_from_preset(const ProviderPreset& preset);
    // "Add from preset…" and one item per preset; picking one adds its target.
    QComboBox* preset_picker() const { return presets_picker_; }
    const std::vector<ProviderPreset>& presets() const { return presets_; }
    void add_env_key(const QString& variable);
    // Stores the secret (keyring or session) under label and references it from the selected target; returns
    // the message shown to the person.
    QString add_keyring_key(const QString& label, const QString& secret);
    void test_connection();
    QString connection_result() const;
    QString keyring_status() const;
    QComboBox* scenario_picker() const { return scenario_; }

private:
    void build_editor();
    void refresh_keys();
    std::vector<std::pair<QString, QString>> scenario_items() const;
    // A scenario only means something to a simulator target: the picker says so for the others.
    void update_scenario_picker();
    int current_ = -1;
    SettingsServices services_;
    QListWidget* list_ = nullptr;
    QWidget* editor_ = nullptr;
    QVBoxLayout* editor_layout_ = nullptr;
    QWidget* content_ = nullptr;  // everything the selected target's editor shows
    QListWidget* keys_ = nullptr;
    QComboBox* scenario_ = nullptr;
    QComboBox* presets_picker_ = nullptr;
    std::vector<ProviderPreset> presets_;
    QLabel* scenario_about_ = nullptr;
    QLabel* keyring_ = nullptr;
    QLabel* result_ = nullptr;
    std::vector<ConfigError> last_errors_;
};

}  // namespace stormproof
