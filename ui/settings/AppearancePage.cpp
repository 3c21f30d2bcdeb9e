#include "AppearancePage.h"

#include <QCheckBox>

#include <QComboBox>
#include <QFormLayout>
#include <QSpinBox>
#include <QVBoxLayout>

namespace stormproof {

AppearancePage::AppearancePage(nlohmann::json& doc, AppSettings& app, QWidget* parent)
    : SettingsPage(QStringLiteral("appearance"), tr("Appearance"), doc, app, parent) {
    auto* form = new QFormLayout;
    theme_ = new QComboBox(this);
    theme_->setObjectName(QStringLiteral("appearance.theme"));
    // In AppSettings::Theme's order.
    theme_->addItems({tr("System"), tr("Light"), tr("Dark")});
    language_ = new QComboBox(this);
    language_->setObjectName(QStringLiteral("appearance.language"));
    // In AppSettings::Language's order; each language named in its own words, as language pickers do.
    language_->addItems({tr("System language"), QStringLiteral("English"), QStringLiteral("Tiếng Việt")});
    language_->setToolTip(tr("Applies the next time Stormproof starts"));
    scale_ = new QSpinBox(this);
    scale_->setObjectName(QStringLiteral("appearance.font_scale_pct"));
    scale_->setRange(80, 200);
    scale_->setSuffix(QStringLiteral(" %"));
    retry_alert_ = new QSpinBox(this);
    retry_alert_->setRange(1, 100);
    retry_alert_->setSuffix(QStringLiteral(" %"));
    error_alert_ = new QSpinBox(this);
    error_alert_->setRange(1, 100);
    error_alert_->setSuffix(QStringLiteral(" %"));
    form->addRow(tr("Theme"), theme_);
    form->addRow(tr("Language"), language_);
    form->addRow(tr("Text size"), scale_);
    send_on_enter_ = new QCheckBox(
        tr("Enter sends the message (Shift+Enter for a new line; Ctrl+Enter always sends)"), this);
    send_on_enter_->setObjectName(QStringLiteral("chat.send_on_enter"));
    form->addRow(tr("Composer"), send_on_enter_);
    form->addRow(tr("Alert at a retry rate above"), retry_alert_);
    form->addRow(tr("Alert at an error rate above"), error_alert_);
    static_cast<QVBoxLayout*>(layout())->addLayout(form);
    static_cast<QVBoxLayout*>(layout())->addStretch(1);
    reload();
    connect(theme_, &QComboBox::currentIndexChanged, this, [this](int i) {
        app_.theme = static_cast<AppSettings::Theme>(i);
        emit edited();
    });
    connect(language_, &QComboBox::currentIndexChanged, this, [this](int i) {
        app_.language = static_cast<AppSettings::Language>(i);
        emit edited();
    });
    connect(scale_, &QSpinBox::valueChanged, this, [this](int v) {
        app_.font_scale_pct = v;
        emit edited();
    });
    connect(send_on_enter_, &QCheckBox::toggled, this, [this](bool on) {
        app_.send_on_enter = on;
        emit edited();
    });
    connect(retry_alert_, &QSpinBox::valueChanged, this, [this](int v) {
        app_.alert_retry_rate_pct = v;
        emit edited();
    });
    connect(error_alert_, &QSpinBox::valueChanged, this, [this](int v) {
        app_.alert_error_rate_pct = v;
        emit edited();
    });
}

void AppearancePage::reload() {
    const QSignalBlocker a(theme_), b(scale_), c(retry_alert_), d(error_alert_), e(send_on_enter_),
        f(language_);
    language_->setCurrentIndex(static_cast<int>(app_.language));
    send_on_enter_->setChecked(app_.send_on_enter);
    theme_->setCurrentIndex(static_cast<int>(app_.theme));
    scale_->setValue(app_.font_scale_pct);
    retry_alert_->setValue(app_.alert_retry_rate_pct);
    error_alert_->setValue(app_.alert_error_rate_pct);
}

}  // namespace stormproof
