#include "CompareDialog.h"

#include <QDialogButtonBox>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QVBoxLayout>

#include "llm/Comparison.h"

namespace stormproof {

namespace {
// Ticked at first: the chain's first targets, as many as make a compare of three (the README's picture).
constexpr int kTickedAtFirst = 3;
}  // namespace

CompareDialog::CompareDialog(const Policy& policy, const QString& prompt, QWidget* parent) : QDialog(parent) {
    setObjectName(QStringLiteral("compareDialog"));
    setWindowTitle(tr("Compare"));
    auto* layout = new QVBoxLayout(this);
    auto* intro = new QLabel(tr("Send one prompt to 2–4 targets at once and see each reply, with its "
                                "attempts, waits, times, tokens and cost, side by side."),
                             this);
    intro->setWordWrap(true);
    layout->addWidget(intro);
    prompt_ = new QPlainTextEdit(prompt, this);
    prompt_->setObjectName(QStringLiteral("comparePrompt"));
    prompt_->setPlaceholderText(tr("The prompt every column gets"));
    prompt_->setMaximumHeight(120);
    layout->addWidget(prompt_);
    layout->addWidget(new QLabel(tr("Targets (each alone, without its fallbacks):"), this));
    targets_ = new QListWidget(this);
    targets_->setObjectName(QStringLiteral("compareTargets"));
    int n = 0;
    for (const TargetConfig& t : policy.targets) {
        auto* item = new QListWidgetItem(QString::fromStdString(t.name), targets_);
        item->setFlags(item->flags() | Qt::ItemIsUserCheckable);
        item->setCheckState(n++ < kTickedAtFirst ? Qt::Checked : Qt::Unchecked);
    }
    layout->addWidget(targets_);
    auto* versus_row = new QHBoxLayout;
    versus_ = new QLineEdit(this);
    versus_->setObjectName(QStringLiteral("compareVersusPolicy"));
    versus_->setPlaceholderText(tr("optional: also run them under this policy file"));
    auto* browse = new QPushButton(tr("Browse…"), this);
    connect(browse, &QPushButton::clicked, this, [this] {
        const QString path =
            QFileDialog::getOpenFileName(this, tr("Second policy"), QString(), tr("Policy files (*.json)"));
        if (!path.isEmpty())
            versus_->setText(path);
    });
    versus_row->addWidget(new QLabel(tr("Second policy:"), this));
    versus_row->addWidget(versus_, 1);
    versus_row->addWidget(browse);
    layout->addLayout(versus_row);
    note_ = new QLabel(this);
    note_->setObjectName(QStringLiteral("compareNote"));
    note_->setWordWrap(true);
    layout->addWidget(note_);
    buttons_ = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    buttons_->button(QDialogButtonBox::Ok)->setText(tr("Compare"));
    connect(buttons_, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons_, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons_);
    connect(targets_, &QListWidget::itemChanged, this, &CompareDialog::update_state);
    connect(versus_, &QLineEdit::textChanged, this, &CompareDialog::update_state);
    connect(prompt_, &QPlainTextEdit::textChanged, this, &CompareDialog::update_state);
    update_state();
}

QString CompareDialog::prompt() const {
    return prompt_->toPlainText();
}

QStringList CompareDialog::targets() const {
    QStringList names;
    for (int i = 0; i < targets_->count(); ++i) {
        if (targets_->item(i)->checkState() == Qt::Checked)
            names << targets_->item(i)->text();
    }
    return names;
}

void CompareDialog::set_targets(const QStringList& names) {
    for (int i = 0; i < targets_->count(); ++i)
        targets_->item(i)->setCheckState(names.contains(targets_->item(i)->text()) ? Qt::Checked
                                                                                   : Qt::Unchecked);
}

QString CompareDialog::versus_policy_file() const {
    return versus_->text().trimmed();
}

void CompareDialog::set_versus_policy_file(const QString& path) {
    versus_->setText(path);
}

int CompareDialog::columns() const {
    return static_cast<int>(targets().size()) * (versus_policy_file().isEmpty() ? 1 : 2);
}

void CompareDialog::update_state() {
    const int n = columns();
    const bool ok = n >= kMinCompareColumns && n <= kMaxCompareColumns && !prompt().trimmed().isEmpty();
    buttons_->button(QDialogButtonBox::Ok)->setEnabled(ok);
    if (prompt().trimmed().isEmpty())
        note_->setText(tr("Type the prompt to compare."));
    else if (n < kMinCompareColumns)
        note_->setText(tr("Tick at least two targets, or one with a second policy."));
    else if (n > kMaxCompareColumns)
        note_->setText(tr("At most %1 columns side by side: this makes %2.").arg(kMaxCompareColumns).arg(n));
    else
        note_->setText(tr("%1 columns side by side.").arg(n));
}

}  // namespace stormproof
