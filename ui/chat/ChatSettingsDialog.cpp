#include "ChatSettingsDialog.h"

#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QPlainTextEdit>
#include <QSpinBox>

namespace stormproof {

namespace {
// A spin box one step below its real range shows "provider default" (Qt's special value text).
constexpr double kUnsetBelowZero = -0.01;
// The largest max_tokens offered: above every current model's output limit.
constexpr int kMaxTokensCeiling = 200000;
}  // namespace

ChatSettingsDialog::ChatSettingsDialog(const ConversationInfo& info, QWidget* parent)
    : QDialog(parent), info_(info) {
    setWindowTitle(tr("Chat settings"));
    auto* form = new QFormLayout(this);
    system_ = new QPlainTextEdit(QString::fromStdString(info.system_prompt), this);
    system_->setObjectName(QStringLiteral("systemPrompt"));
    temperature_ = new QDoubleSpinBox(this);
    temperature_->setRange(kUnsetBelowZero, 2.0);
    temperature_->setSingleStep(0.1);
    temperature_->setSpecialValueText(tr("provider default"));
    temperature_->setValue(info.temperature.value_or(kUnsetBelowZero));
    top_p_ = new QDoubleSpinBox(this);
    top_p_->setRange(kUnsetBelowZero, 1.0);
    top_p_->setSingleStep(0.05);
    top_p_->setSpecialValueText(tr("provider default"));
    top_p_->setValue(info.top_p.value_or(kUnsetBelowZero));
    max_tokens_ = new QSpinBox(this);
    max_tokens_->setRange(0, kMaxTokensCeiling);
    max_tokens_->setSpecialValueText(tr("provider default"));
    max_tokens_->setValue(info.max_tokens.value_or(0));
    form->addRow(tr("System prompt:"), system_);
    form->addRow(tr("Temperature:"), temperature_);
    form->addRow(tr("top_p:"), top_p_);
    form->addRow(tr("Max tokens:"), max_tokens_);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    form->addRow(buttons);
}

ConversationInfo ChatSettingsDialog::edited() const {
    ConversationInfo info = info_;
    info.system_prompt = system_->toPlainText().toStdString();
    info.temperature =
        temperature_->value() < 0 ? std::nullopt : std::optional<double>(temperature_->value());
    info.top_p = top_p_->value() < 0 ? std::nullopt : std::optional<double>(top_p_->value());
    info.max_tokens = max_tokens_->value() == 0 ? std::nullopt : std::optional<int>(max_tokens_->value());
    return info;
}

}  // namespace stormproof
