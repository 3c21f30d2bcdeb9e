#include "ChainPickers.h"

#include <QComboBox>
#include <QLabel>
#include <QPointer>
#include <QToolBar>

#include "llm/ResilientClient.h"
#include "simulator/ScenarioLoader.h"

namespace stormproof {

ChainPickers::ChainPickers(ResilientClient& client, QToolBar* bar) : QObject(bar), client_(client) {
    bar->addWidget(new QLabel(tr(" Target: "), bar));
    target_ = new QComboBox(bar);
    target_->setObjectName(QStringLiteral("targetPicker"));
    target_->setToolTip(tr("The whole fallback chain, or one target on its own"));
    target_->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    target_->setMinimumContentsLength(16);
    bar->addWidget(target_);
    bar->addWidget(new QLabel(tr("  Model: "), bar));
    model_ = new QComboBox(bar);
    model_->setObjectName(QStringLiteral("modelPicker"));
    model_->setEditable(true);
    model_->setMinimumContentsLength(14);
    bar->addWidget(model_);
    bar->addWidget(new QLabel(tr("  Scenario: "), bar));
    scenario_ = new QComboBox(bar);
    scenario_->setObjectName(QStringLiteral("scenarioPicker"));
    scenario_->setToolTip(tr("What the built-in simulator plays: its faults, timing and phases"));
    bar->addWidget(scenario_);
    connect(target_, &QComboBox::currentIndexChanged, this, [this] {
        emit selection_changed();
        emit target_changed();
    });
    connect(scenario_, &QComboBox::currentTextChanged, this, [this] {
        emit selection_changed();
        emit target_changed();
    });
    connect(model_, &QComboBox::currentTextChanged, this, &ChainPickers::selection_changed);
}

void ChainPickers::fill(const Policy& policy, const QStringList& profile_scenarios) {
    const QSignalBlocker block_targets(target_);
    const QSignalBlocker block_scenarios(scenario_);
    const QString previous_target = target_->currentData().toString();
    target_->clear();
    if (policy.targets.size() > 1) {
        QStringList names;
        for (const auto& t : policy.targets)
            names << QString::fromStdString(t.name);
        const QString chain = names.join(QStringLiteral(" → "));
        target_->addItem(tr("Fallback chain: %1").arg(chain), QString());
        target_->setItemData(0, chain, Qt::ToolTipRole);
    }
    for (const auto& t : policy.targets) {
        target_->addItem(
            QStringLiteral("%1 (%2)").arg(QString::fromStdString(t.name),
                                          QString::fromStdString(std::string(to_string(t.provider)))),
            QString::fromStdString(t.name));
    }
    target_->setCurrentIndex(std::max(0, target_->findData(previous_target)));

    // Built-in scenarios and the profile's own (Settings > Simulator), by name.
    const QString previous_scenario = scenario_->currentText();
    scenario_->clear();
    for (const auto& name : ScenarioLoader::builtin_names())
        scenario_->addItem(QString::fromStdString(name), QString::fromStdString(name));
    for (const QString& name : profile_scenarios)
        scenario_->addItem(name, name);
    const std::string configured = configured_scenario(policy);
    if (!configured.empty())
        scenario_->setCurrentText(previous_scenario.isEmpty() ? QString::fromStdString(configured)
                                                              : previous_scenario);
    scenario_->setEnabled(!configured.empty());
    scenario_->setToolTip(configured.empty()
                              ? tr("No simulator target in the chain")
                              : tr("What the built-in simulator plays: its faults, timing and phases"));
}

ChainSelection ChainPickers::selection() const {
    ChainSelection s;
    s.only_target = target_->currentData().toString().toStdString();
    s.scenario = scenario_->currentText().toStdString();
    s.model = model_->currentText().toStdString();
    return s;
}

void ChainPickers::refresh_models(const Policy& policy) {
    const TargetConfig* target = first_target(policy, target_->currentData().toString().toStdString());
    if (!target)
        return;
    const QSignalBlocker block(model_);
    model_->clear();
    const bool simulator = target->provider == ProviderKind::Simulator;
    model_->addItem(simulator ? QStringLiteral("sim-") + scenario_->currentText()
                              : QString::fromStdString(target->model));
    model_->setEnabled(!simulator);
    if (simulator) {
        model_->setToolTip(tr("The simulator's model follows the scenario picker"));
        return;
    }
    model_->setToolTip(tr("The model the first target in use is asked for"));
    QPointer<QComboBox> picker(model_);
    const std::string current = target->model;
    client_.list_models(target->name, [picker, current](std::vector<std::string> ids, std::string error) {
        if (!picker)
            return;
        const QSignalBlocker inner(picker.data());
        if (!error.empty()) {
            picker->setToolTip(tr("Could not list models: %1").arg(QString::fromStdString(error)));
            return;
        }
        for (const auto& id : ids) {
            if (id != current)
                picker->addItem(QString::fromStdString(id));
        }
    });
}

}  // namespace stormproof
