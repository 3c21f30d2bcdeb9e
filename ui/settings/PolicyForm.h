#pragma once

#include <QObject>
#include <QString>
#include <map>
#include <nlohmann/json.hpp>
#include <string_view>
#include <utility>
#include <vector>

#include "config/ConfigError.h"

class QComboBox;
class QFormLayout;
class QWidget;

namespace stormproof {

// Binds form widgets to paths of a policy document (the policy file's JSON, "retry.max_attempts"): a widget
// shows the value at its path and writes it back as the user edits. Each field is built from its row in the
// policy table (core/config/PolicyFields: type, range, unit, label, help), so the form cannot drift from
// the file. Validation is then the policy file's own (PolicyLoader on the whole document), and its errors --
// which carry those same paths -- land on the very widget that holds the bad value, in the form's words.
class PolicyForm final : public QObject {
    Q_OBJECT

public:
    PolicyForm(nlohmann::json& doc, QFormLayout* layout, QObject* parent = nullptr);

    // The field of path ("retry.max_attempts", "targets[1].model"): a spin box with the key's unit that
    // takes any number typed (out of range is kept, shown and reported, never clamped), a check box, the
    // key's choices, or a line of text. In a form with a layout it gets a row labelled in the table's words.
    QWidget* field(const QString& path);
    // A choice among items (the value written, a description for its tooltip) for a key the table holds
    // as text (a target's scenario). Any other text the document holds is kept as an extra item.
    QComboBox* choice(const QString& path, const std::vector<std::pair<QString, QString>>& items);

    // Re-reads every bound widget from the document (after an import, a reorder, a reset).
    void reload();
    // Marks the widgets whose path has an error (red frame, the message in the form's words as tooltip);
    // clears the others. Returns how many errors fell on this form.
    int mark_errors(const std::vector<ConfigError>& errors);
    // Fields whose text is no number at all (emptied, a lone "-"): the document still holds the previous
    // value, so these are errors of their own, which block Apply like the validator's.
    std::vector<ConfigError> entry_errors() const;
    QWidget* widget_for(const QString& path) const;

    // "targets[1].api_keys[0].env" -> "/targets/1/api_keys/0/env"
    static nlohmann::json::json_pointer pointer(const QString& path);
    // A label, help text or unit suffix of core/config/PolicyFields in the interface's language (they are
    // marked there for lupdate in the context "PolicyFields").
    static QString field_words(std::string_view text);

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
    std::map<QString, bool> not_a_number_;
    bool loading_ = false;
};

}  // namespace stormproof
