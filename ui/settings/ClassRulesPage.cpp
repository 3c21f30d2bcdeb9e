#include "ClassRulesPage.h"

#include <QCheckBox>
#include <QComboBox>
#include <QGridLayout>
#include <QLabel>
#include <QSpinBox>
#include <QVBoxLayout>

#include "IdentifierWords.h"
#include "PolicyForm.h"
#include "config/PolicyFields.h"

namespace stormproof {

ClassRulesPage::ClassRulesPage(nlohmann::json& doc, AppSettings& app, QWidget* parent)
    : SettingsPage(QStringLiteral("class_rules"), tr("Per-class rules"), doc, app, parent) {
    auto* intro = new QLabel(tr("429 waits as told; 5xx and 529 back off; 400/401/403 are never retried. "
                                "Attempts 0 means the retry page's number."),
                             this);
    intro->setWordWrap(true);
    layout()->addWidget(intro);
    auto* grid = new QGridLayout;
    // The columns are the keys of a class rule, in the policy table's order and words.
    const auto keys = PolicyFields::section("retry.classes.*");
    grid->addWidget(new QLabel(QStringLiteral("<b>%1</b>").arg(tr("Class")), this), 0, 0);
    for (std::size_t c = 0; c < keys.size(); ++c) {
        auto* header =
            new QLabel(QStringLiteral("<b>%1</b>").arg(PolicyForm::field_words(keys[c]->label)), this);
        header->setToolTip(PolicyForm::field_words(keys[c]->help));
        grid->addWidget(header, 0, static_cast<int>(c) + 1);
    }
    // A form with no layout of its own: the grid places its widgets.
    form_ = new PolicyForm(doc_, nullptr, this);
    connect(form_, &PolicyForm::edited, this, &SettingsPage::edited);
    int row = 1;
    const auto classes = doc_.value("/retry/classes"_json_pointer, nlohmann::json::object());
    for (const auto& [name, rule] : classes.items()) {
        const QString base = QStringLiteral("retry.classes.") + QString::fromStdString(name);
        // The class in the interface's words.
        auto* class_label = new QLabel(identifier_words(name), this);
        grid->addWidget(class_label, row, 0);
        for (std::size_t c = 0; c < keys.size(); ++c) {
            const QString path =
                base + QLatin1Char('.') + QString::fromUtf8(keys[c]->key().data(), keys[c]->key().size());
            grid->addWidget(form_->field(path), row, static_cast<int>(c) + 1);
        }
        ++row;
    }
    static_cast<QVBoxLayout*>(layout())->addLayout(grid);
    static_cast<QVBoxLayout*>(layout())->addStretch(1);
    reload();
}

}  // namespace stormproof
