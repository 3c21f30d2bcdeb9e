#include "Composer.h"

#include <QHBoxLayout>
#include <QKeyEvent>
#include <QPlainTextEdit>
#include <QPushButton>

namespace stormproof {

Composer::Composer(QWidget* parent) : QWidget(parent) {
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 6);
    edit_ = new QPlainTextEdit(this);
    edit_->setObjectName(QStringLiteral("composer"));
    edit_->setPlaceholderText(tr("Message (Ctrl+Enter to send, Esc to stop)"));
    edit_->setFixedHeight(edit_->fontMetrics().lineSpacing() * 4 + 12);
    edit_->installEventFilter(this);
    button_ = new QPushButton(tr("Send"), this);
    button_->setObjectName(QStringLiteral("sendButton"));
    connect(button_, &QPushButton::clicked, this, [this] {
        if (busy_) {
            emit stop_requested();
        } else {
            submit();
        }
    });
    layout->addWidget(edit_, 1);
    layout->addWidget(button_, 0, Qt::AlignBottom);
}

bool Composer::eventFilter(QObject* watched, QEvent* event) {
    if (watched == edit_ && event->type() == QEvent::KeyPress) {
        const auto* key = static_cast<QKeyEvent*>(event);
        if ((key->key() == Qt::Key_Return || key->key() == Qt::Key_Enter) &&
            (key->modifiers() & Qt::ControlModifier)) {
            submit();
            return true;
        }
        if (key->key() == Qt::Key_Escape && busy_) {
            emit stop_requested();
            return true;
        }
    }
    return QWidget::eventFilter(watched, event);
}

void Composer::submit() {
    if (busy_)
        return;
    const QString text = edit_->toPlainText();
    if (text.trimmed().isEmpty())
        return;
    edit_->clear();
    emit send_requested(text);
}

void Composer::set_busy(bool busy) {
    busy_ = busy;
    button_->setText(busy ? tr("Stop") : tr("Send"));
}

void Composer::set_text(const QString& text) {
    edit_->setPlainText(text);
    edit_->moveCursor(QTextCursor::End);
}

QString Composer::text() const {
    return edit_->toPlainText();
}

void Composer::focus() {
    edit_->setFocus();
}

}  // namespace stormproof
