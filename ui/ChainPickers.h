#pragma once

#include <QObject>
#include <QStringList>

#include "config/ChainSelection.h"
#include "config/Policy.h"

class QComboBox;
class QToolBar;

namespace stormproof {

class ResilientClient;

// The toolbar's three pickers -- target (the whole chain or one target), model, simulator scenario -- and
// what they select. Filling them reads no files: the profile's scenario names are handed in.
class ChainPickers final : public QObject {
    Q_OBJECT

public:
    ChainPickers(ResilientClient& client, QToolBar* bar);

    // Refills the pickers from a policy, keeping what was picked where it still exists.
    void fill(const Policy& policy, const QStringList& profile_scenarios);
    ChainSelection selection() const;
    // Asks the target in use for its models (a real provider's), into the model picker.
    void refresh_models(const Policy& policy);

    QComboBox& target() { return *target_; }
    QComboBox& scenario() { return *scenario_; }
    QComboBox& model() { return *model_; }

signals:
    // The person picked something else: the policy in force should follow.
    void selection_changed();
    // The target or scenario changed: the model list should follow too.
    void target_changed();

private:
    ResilientClient& client_;
    QComboBox* target_ = nullptr;
    QComboBox* model_ = nullptr;
    QComboBox* scenario_ = nullptr;
};

}  // namespace stormproof
