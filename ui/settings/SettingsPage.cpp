#include "SettingsPage.h"

#include <QFormLayout>
#include <QLabel>
#include <QVBoxLayout>

#include "PolicyForm.h"

namespace stormproof {

SettingsPage::SettingsPage(const QString& id, const QString& title, nlohmann::json& doc, AppSettings& app,
                           QWidget* parent)
    : QWidget(parent), id_(id), title_(title), doc_(doc), app_(app) {
    setObjectName(id + QStringLiteral("Page"));
    new QVBoxLayout(this);
}

QFormLayout* SettingsPage::add_form(const QString& intro) {
    auto* layout = static_cast<QVBoxLayout*>(this->layout());
    if (!intro.isEmpty()) {
        auto* label = new QLabel(intro, this);
        label->setWordWrap(true);
        layout->addWidget(label);
    }
    auto* form = new QFormLayout;
    layout->addLayout(form);
    layout->addStretch(1);
    form_ = new PolicyForm(doc_, form, this);
    connect(form_, &PolicyForm::edited, this, &SettingsPage::edited);
    return form;
}

void SettingsPage::reload() {
    if (form_)
        form_->reload();
}

int SettingsPage::mark_errors(const std::vector<ConfigError>& errors) {
    return form_ ? form_->mark_errors(errors) : 0;
}

bool SettingsPage::owns(const std::string& path) const {
    return form_ && form_->widget_for(QString::fromStdString(path));
}

std::vector<ConfigError> SettingsPage::entry_errors() const {
    return form_ ? form_->entry_errors() : std::vector<ConfigError>{};
}

}  // namespace stormproof
