#include "MessageWidget.h"

#include <QAbstractTextDocumentLayout>
#include <QApplication>
#include <QClipboard>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QRegularExpression>
#include <QTextBrowser>
#include <QTextCursor>
#include <QVBoxLayout>

#include "ResilienceRibbon.h"

namespace stormproof {

MessageWidget::MessageWidget(const StoredMessage& message, bool in_flight, QWidget* parent)
    : QFrame(parent), assistant_(message.role == "assistant") {
    setObjectName(assistant_ ? QStringLiteral("assistantMessage") : QStringLiteral("userMessage"));
    setFrameShape(QFrame::StyledPanel);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(10, 6, 10, 6);
    role_ = new QLabel(assistant_ ? tr("Assistant") : tr("You"), this);
    QFont bold = role_->font();
    bold.setBold(true);
    role_->setFont(bold);
    layout->addWidget(role_);

    body_ = new QTextBrowser(this);
    body_->setObjectName(QStringLiteral("messageBody"));
    body_->setFrameShape(QFrame::NoFrame);
    body_->setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    body_->setHorizontalScrollBarPolicy(Qt::ScrollBarAsNeeded);
    body_->setOpenExternalLinks(true);
    body_->viewport()->setAutoFillBackground(false);
    connect(body_->document()->documentLayout(), &QAbstractTextDocumentLayout::documentSizeChanged, this,
            [this] { fit_height(); });
    layout->addWidget(body_);

    code_buttons_ = new QWidget(this);
    code_layout_ = new QHBoxLayout(code_buttons_);
    code_layout_->setContentsMargins(0, 0, 0, 0);
    code_layout_->addStretch(1);
    layout->addWidget(code_buttons_);
    code_buttons_->hide();

    error_ = new QLabel(this);
    error_->setObjectName(QStringLiteral("messageError"));
    error_->setWordWrap(true);
    error_->setTextFormat(Qt::PlainText);
    retry_ = new QPushButton(tr("Retry"), this);
    retry_->setObjectName(QStringLiteral("retryButton"));
    connect(retry_, &QPushButton::clicked, this, &MessageWidget::retry_clicked);
    auto* error_row = new QHBoxLayout;
    error_row->addWidget(error_, 1);
    error_row->addWidget(retry_, 0, Qt::AlignTop);
    layout->addLayout(error_row);
    error_->hide();
    retry_->hide();

    ribbon_ = new ResilienceRibbon(this);
    connect(ribbon_, &ResilienceRibbon::retry_now_clicked, this, &MessageWidget::retry_now_clicked);
    connect(ribbon_, &ResilienceRibbon::cancel_clicked, this, &MessageWidget::cancel_clicked);
    connect(ribbon_, &ResilienceRibbon::trace_clicked, this, &MessageWidget::trace_clicked);
    layout->addWidget(ribbon_);
    ribbon_->setVisible(assistant_);

    update_from(message, in_flight);
}

void MessageWidget::fit_height() {
    const int h = static_cast<int>(std::ceil(body_->document()->size().height())) + 4;
    body_->setFixedHeight(std::max(h, body_->fontMetrics().height() + 6));
}

void MessageWidget::append_text(const QString& delta) {
    if (!streaming_) {
        streaming_ = true;
        body_->setPlainText(QString());
    }
    // Insert at the end only: the cost of a token is the token, not the reply so far.
    QTextCursor cursor(body_->document());
    cursor.movePosition(QTextCursor::End);
    cursor.insertText(delta);
}

void MessageWidget::reset_text() {
    body_->setPlainText(QString());
    streaming_ = true;
}

QString MessageWidget::plain_text() const {
    return body_->toPlainText();
}

void MessageWidget::render_final(const StoredMessage& m) {
    const QString markdown = QString::fromStdString(m.content);
    if (m.role == "user") {
        body_->setPlainText(markdown);
    } else {
        body_->setMarkdown(markdown);
    }
    // A copy button per fenced code block.
    while (code_layout_->count() > 1) {
        QLayoutItem* item = code_layout_->takeAt(0);
        delete item->widget();
        delete item;
    }
    static const QRegularExpression kFence(QStringLiteral("```[^\\n]*\\n(.*?)```"),
                                           QRegularExpression::DotMatchesEverythingOption);
    int n = 0;
    for (auto it = kFence.globalMatch(markdown); it.hasNext();) {
        const QString code = it.next().captured(1);
        auto* button = new QPushButton(tr("Copy code %1").arg(++n), code_buttons_);
        button->setObjectName(QStringLiteral("copyCode"));
        connect(button, &QPushButton::clicked, this, [code] { QApplication::clipboard()->setText(code); });
        code_layout_->insertWidget(code_layout_->count() - 1, button);
    }
    code_buttons_->setVisible(n > 0);
}

void MessageWidget::update_from(const StoredMessage& m, bool in_flight) {
    if (!in_flight) {
        streaming_ = false;
        render_final(m);
    } else if (!streaming_ && !m.content.empty()) {
        append_text(QString::fromStdString(m.content));
    }
    if (assistant_) {
        ribbon_->show_message(m, in_flight);
        const bool failed = !in_flight && (m.status == "failed" || m.status == "partial");
        if (failed) {
            QString text = tr("%1: %2").arg(QString::fromStdString(m.error_class),
                                            QString::fromStdString(m.error_message));
            if (m.status == "partial")
                text += tr(" (the text above is what arrived before it failed)");
            if (!m.error_hint.empty())
                text += QStringLiteral("\n") + QString::fromStdString(m.error_hint);
            error_->setText(text);
        }
        error_->setVisible(failed);
        retry_->setVisible(failed);
    }
}

void MessageWidget::show_waiting(const WaitInfo& info) {
    ribbon_->show_waiting(info);
}

void MessageWidget::set_highlighted(bool on) {
    highlighted_ = on;
    // Scoped to this frame by object name, so the children keep their own look.
    setStyleSheet(
        on ? QStringLiteral("#%1 { border: 2px solid #4a7fd6; border-radius: 4px; }").arg(objectName())
           : QString());
}

}  // namespace stormproof
