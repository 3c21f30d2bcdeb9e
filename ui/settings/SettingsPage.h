#pragma once

#include <QWidget>
#include <nlohmann/json.hpp>
#include <vector>

#include "config/AppSettings.h"
#include "config/ConfigError.h"

class QFormLayout;
class QLabel;

namespace stormproof {

class PolicyForm;

// One page of the settings dialog. Every page edits the same two things the dialog owns -- the policy
// document (the policy file's JSON, validated as a whole by PolicyLoader) and the AppSettings -- and says
// when it did.
class SettingsPage : public QWidget {
    Q_OBJECT

public:
    // id: stable across languages and versions ("retry"); the dialog remembers the last page by it.
    SettingsPage(const QString& id, const QString& title, nlohmann::json& doc, AppSettings& app,
                 QWidget* parent = nullptr);

    const QString& id() const { return id_; }
    const QString& title() const { return title_; }
    // Whether the live preview belongs beside this page (the knobs that change what a request does).
    virtual bool wants_preview() const { return false; }
    // Re-reads the widgets from the document and the settings (after import or a change elsewhere).
    virtual void reload();
    // Marks the fields with errors; returns how many of the errors are this page's.
    virtual int mark_errors(const std::vector<ConfigError>& errors);
    // Whether the field at path is on this page (an error there is this page's).
    virtual bool owns(const std::string& path) const;
    // Fields holding text that is no value at all (see PolicyForm::entry_errors).
    virtual std::vector<ConfigError> entry_errors() const;
    PolicyForm* form() const { return form_; }

signals:
    void edited();

protected:
    // A form on this page, bound to the policy document, under an optional explanation.
    QFormLayout* add_form(const QString& intro = {});

    QString id_;
    QString title_;
    nlohmann::json& doc_;
    AppSettings& app_;
    PolicyForm* form_ = nullptr;
};

}  // namespace stormproof
