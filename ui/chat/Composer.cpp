#include "Composer.h"

#include <QEvent>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QToolButton>
#include <QVBoxLayout>

namespace stormproof {

namespace {
// The box shows this many lines before it scrolls.
constexpr int kVisibleLines = 4;
// A queued message is shown on one line, cut to this many characters.
constexpr int kQueuedPreviewChars = 80;
}  // namespace

Composer::Composer(QWidget* parent) : QWidget(parent) {
    auto* outer = new QVBoxLayout(this);
    outer->setContentsMargins(6, 6, 6, 6);
    outer->setSpacing(4);
    queue_ = new QWidget(this);
    queue_->setObjectName(QStringLiteral("sendQueue"));
    queue_layout_ = new QVBoxLayout(queue_);
    queue_layout_->setContentsMargins(0, 0, 0, 0);
    queue_layout_->setSpacing(2);
    outer->addWidget(queue_);
    queue_->hide();

    auto* row = new QHBoxLayout;
    edit_ = new QPlainTextEdit(this);
    edit_->setObjectName(QStringLiteral("composer"));
    edit_->installEventFilter(this);
    edit_->setTabChangesFocus(true);
    button_ = new QPushButton(tr("Send"), this);
    button_->setObjectName(QStringLiteral("sendButton"));
    connect(button_, &QPushButton::clicked, this, [this] {
        if (busy_ && edit_->toPlainText().trimmed().isEmpty()) {
            emit stop_requested();
        } else {
            submit();
        }
    });
    connect(edit_, &QPlainTextEdit::textChanged, this, [this] {
        if (busy_)
            button_->setText(edit_->toPlainText().trimmed().isEmpty() ? tr("Stop") : tr("Queue"));
    });
    row->addWidget(edit_, 1);
    row->addWidget(button_, 0, Qt::AlignBottom);
    outer->addLayout(row);
    update_placeholder();
    fit_height();
}

void Composer::fit_height() {
    edit_->setFixedHeight(edit_->fontMetrics().lineSpacing() * kVisibleLines + 12);
}

void Composer::changeEvent(QEvent* event) {
    if (event->type() == QEvent::FontChange)
        fit_height();
    QWidget::changeEvent(event);
}

void Composer::update_placeholder() {
    edit_->setPlaceholderText(send_on_enter_ ? tr("Message (Enter to send, Shift+Enter for a new line)")
                                             : tr("Message (Ctrl+Enter to send)"));
}

bool Composer::eventFilter(QObject* watched, QEvent* event) {
    if (watched == edit_ && event->type() == QEvent::FontChange)
        fit_height();  // the text scale changed: the box keeps its four lines
    if (watched == edit_ && event->type() == QEvent::KeyPress) {
        const auto* key = static_cast<QKeyEvent*>(event);
        if (key->key() == Qt::Key_Return || key->key() == Qt::Key_Enter) {
            const auto mods = key->modifiers() & ~Qt::KeypadModifier;
            const bool sends = (mods & Qt::ControlModifier) || (send_on_enter_ && mods == Qt::NoModifier);
            if (sends) {
                submit();
                return true;
            }
            if (mods & Qt::ShiftModifier) {
                edit_->insertPlainText(QStringLiteral("\n"));
                return true;
            }
        }
    }
    return QWidget::eventFilter(watched, event);
}

void Composer::submit() {
    const QString text = edit_->toPlainText();
    if (text.trimmed().isEmpty())
        return;
    edit_->clear();
    emit send_requested(text);
}

void Composer::set_busy(bool busy) {
    busy_ = busy;
    button_->setText(!busy                                      ? tr("Send")
                     : edit_->toPlainText().trimmed().isEmpty() ? tr("Stop")
                                                                : tr("Queue"));
    button_->setToolTip(busy ? tr("Stop the reply (Esc), or queue what you typed to send after it")
                             : tr("Send"));
}

void Composer::set_send_on_enter(bool on) {
    send_on_enter_ = on;
    update_placeholder();
}

void Composer::show_queue(const QStringList& queued) {
    while (QLayoutItem* item = queue_layout_->takeAt(0)) {
        delete item->widget();
        delete item;
    }
    for (int i = 0; i < queued.size(); ++i) {
        auto* line = new QWidget(queue_);
        auto* h = new QHBoxLayout(line);
        h->setContentsMargins(0, 0, 0, 0);
        QString preview = queued[i].simplified();
        if (preview.size() > kQueuedPreviewChars)
            preview = preview.left(kQueuedPreviewChars - 1) + QChar(0x2026);
        auto* label = new QLabel(tr("Queued — sends when this reply ends: %1").arg(preview), line);
        label->setObjectName(QStringLiteral("queuedMessage"));
        label->setTextFormat(Qt::PlainText);
        label->setToolTip(queued[i]);
        auto* take_back = new QToolButton(line);
        take_back->setText(tr("Edit"));
        take_back->setToolTip(tr("Take it back into the box (it is not sent)"));
        connect(take_back, &QToolButton::clicked, this, [this, i] { emit unqueue_requested(i); });
        h->addWidget(label, 1);
        h->addWidget(take_back);
        queue_layout_->addWidget(line);
        line->show();
    }
    queue_->setVisible(!queued.isEmpty());
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
