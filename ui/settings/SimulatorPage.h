#pragma once

#include <optional>

#include "SettingsPage.h"
#include "SettingsServices.h"
#include "simulator/Scenario.h"

class QComboBox;
class QLabel;
class QPlainTextEdit;

namespace stormproof {

// Settings > Simulator and scenarios: which scenario the live preview plays against, and a scenario editor
// (its fault mix, phases and reply shape as the scenario file's JSON, validated as you type, saved to the
// profile as a new scenario the simulator and the toolbar offer).
class SimulatorPage final : public SettingsPage {
    Q_OBJECT

public:
    SimulatorPage(nlohmann::json& doc, AppSettings& app, SettingsServices services,
                  QWidget* parent = nullptr);
    void reload() override;

    // The scenario as edited (when valid): what the preview plays.
    const std::optional<Scenario>& scenario() const { return scenario_; }
    QPlainTextEdit* editor() const { return editor_; }
    QString problem() const;
    // Saves the edited scenario as profile/scenarios/NAME.json; empty on success, else why.
    QString save_as(const QString& name);
    void choose(const QString& name);
    static QString custom_dir(const QString& profile_dir);

signals:
    void scenario_changed();

private:
    void load_selected();
    void validate();
    SettingsServices services_;
    QComboBox* picker_ = nullptr;
    QPlainTextEdit* editor_ = nullptr;
    QLabel* problem_ = nullptr;
    QLabel* about_ = nullptr;  // the chosen scenario's description
    std::optional<Scenario> scenario_;
};

}  // namespace stormproof
