#pragma once

#include <QObject>
#include <QString>
#include <map>
#include <nlohmann/json.hpp>
#include <vector>

#include "config/ConfigError.h"

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QFormLayout;
class QLineEdit;
class QSpinBox;
class QWidget;

namespace stormproof {

// Binds form widgets to paths of a policy document (the policy file's JSON, "retry.max_attempts"): a widget
// shows the value at its path and writes it back as the user edits. Validation is then the policy file's own
// (PolicyLoader on the whole document), and its errors -- which carry those same paths -- land on the very
// widget that holds the bad value. One validator for the file, the CLI and the dialog.
class PolicyForm final : public QObject {
    Q_OBJECT

public:
    PolicyForm(nlohmann::json& doc, QFormLayout* layout, QObject* parent = nullptr);

    QSpinBox* integer(const QString& path, const QString& label, int lo, int hi, const QString& suffix = {},
                      const QString& tip = {});
    QDoubleSpinBox* number(const QString& path, const QString& label, double lo, double hi, int decimals,
                           const QString& suffix = {}, const QString& tip = {});
    QCheckBox* boolean(const QString& path, const QString& label, const QString& tip = {});
    QComboBox* choice(const QString& path, const QString& label, const QStringList& choices,
                      const QString& tip = {});
    QLineEdit* text(const QString& path, const QString& label, const QString& tip = {});

    // Re-reads every bound widget from the document (after an import, a reorder, a reset).
    void reload();
    // Marks the widgets whose path has an error (red frame, the message as tooltip); clears the others.
    // Returns how many errors fell on this form.
    int mark_errors(const std::vector<ConfigError>& errors);
    QWidget* widget_for(const QString& path) const;

    // "targets[1].api_keys[0].env" -> "/targets/1/api_keys/0/env"
    static nlohmann::json::json_pointer pointer(const QString& path);

signals:
    void edited();

private:
    struct Binding {
        QWidget* widget;
        QString tip;
    };
    void bind(const QString& path, QWidget* widget, const QString& label, const QString& tip);
    nlohmann::json value(const QString& path) const;
    void set(const QString& path, nlohmann::json v);

    nlohmann::json& doc_;
    QFormLayout* layout_;
    std::map<QString, Binding> bindings_;
    bool loading_ = false;
};

}  // namespace stormproof
