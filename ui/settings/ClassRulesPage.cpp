#include "ClassRulesPage.h"

#include <QCheckBox>
#include <QComboBox>
#include <QGridLayout>
#include <QLabel>
#include <QSpinBox>
#include <QVBoxLayout>

#include "PolicyForm.h"

namespace stormproof {

ClassRulesPage::ClassRulesPage(nlohmann::json& doc, AppSettings& app, QWidget* parent)
    : SettingsPage(tr("Per-class rules"), doc, app, parent) {
    auto* intro = new QLabel(tr("429 waits as told; 5xx and 529 back off; 400/401/403 are never retried. "
                                "Attempts 0 means the retry page's number."),
                             this);
    intro->setWordWrap(true);
    layout()->addWidget(intro);
    auto* grid = new QGridLayout;
    const QStringList headers = {tr("class"),     tr("retry"),          tr("attempts"),
                                 tr("obey hint"), tr("next key first"), tr("when exhausted")};
    for (int c = 0; c < headers.size(); ++c)
        grid->addWidget(new QLabel(QStringLiteral("<b>%1</b>").arg(headers[c]), this), 0, c);
    // A form with no layout of its own: the grid places its widgets.
    form_ = new PolicyForm(doc_, nullptr, this);
    connect(form_, &PolicyForm::edited, this, &SettingsPage::edited);
    int row = 1;
    const auto classes = doc_.value("/retry/classes"_json_pointer, nlohmann::json::object());
    for (const auto& [name, rule] : classes.items()) {
        const QString base = QStringLiteral("retry.classes.") + QString::fromStdString(name);
        grid->addWidget(new QLabel(QString::fromStdString(name), this), row, 0);
        grid->addWidget(form_->boolean(base + QStringLiteral(".retry"), {}), row, 1);
        grid->addWidget(form_->integer(base + QStringLiteral(".max_attempts"), {}, 0, 20), row, 2);
        grid->addWidget(form_->boolean(base + QStringLiteral(".use_server_hint"), {}), row, 3);
        grid->addWidget(form_->boolean(base + QStringLiteral(".rotate_key"), {}), row, 4);
        grid->addWidget(form_->choice(base + QStringLiteral(".on_exhausted"), {},
                                      {QStringLiteral("fallback"), QStringLiteral("stop")}),
                        row, 5);
        ++row;
    }
    static_cast<QVBoxLayout*>(layout())->addLayout(grid);
    static_cast<QVBoxLayout*>(layout())->addStretch(1);
    reload();
}

}  // namespace stormproof
