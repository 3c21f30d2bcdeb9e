#include "CompareRow.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QVBoxLayout>

#include "MessageWidget.h"

namespace stormproof {

CompareRow::CompareRow(QWidget* parent) : QFrame(parent) {
    setObjectName(QStringLiteral("compareRow"));
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(4);
    auto* top = new QHBoxLayout;
    title_ = new QLabel(this);
    title_->setObjectName(QStringLiteral("compareTitle"));
    QFont bold;  // only the weight: the size follows the text scale
    bold.setBold(true);
    title_->setFont(bold);
    verdict_ = new QLabel(this);
    verdict_->setObjectName(QStringLiteral("compareVerdict"));
    verdict_->setWordWrap(true);
    verdict_->setTextFormat(Qt::PlainText);
    verdict_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    top->addWidget(title_, 0, Qt::AlignTop);
    top->addWidget(verdict_, 1);
    layout->addLayout(top);
    columns_ = new QHBoxLayout;
    columns_->setSpacing(6);
    layout->addLayout(columns_);
    set_verdict(QString());
}

void CompareRow::add_column(MessageWidget* column) {
    column->setParent(this);
    // The columns share the row's width equally, whatever their text would ask for.
    column->setSizePolicy(QSizePolicy::Ignored, column->sizePolicy().verticalPolicy());
    column->setMinimumWidth(0);
    columns_->addWidget(column, 1, Qt::AlignTop);
    title_->setText(tr("Compare · %1 columns").arg(columns_->count()));
}

int CompareRow::column_count() const {
    return columns_->count();
}

void CompareRow::set_verdict(const QString& text) {
    verdict_->setText(text.isEmpty() ? tr("replies coming in side by side…") : text);
}

QString CompareRow::verdict() const {
    return verdict_->text();
}

}  // namespace stormproof
