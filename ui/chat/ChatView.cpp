#include "ChatView.h"

#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QScrollBar>
#include <QTimer>
#include <QVBoxLayout>
#include <algorithm>

#include "ChatSession.h"
#include "CompareRow.h"
#include "CompareText.h"
#include "MessageWidget.h"

namespace stormproof {

ChatView::ChatView(ChatSession& session, QWidget* parent) : QScrollArea(parent), session_(session) {
    setObjectName(QStringLiteral("chatView"));
    setWidgetResizable(true);
    setFrameShape(QFrame::NoFrame);
    column_ = new QWidget(this);
    auto* layout = new QVBoxLayout(column_);
    layout->setSpacing(8);
    layout->addStretch(1);
    setWidget(column_);
    auto* hint =
        new QLabel(tr("Ask anything. Replies come from the targets in the toolbar; every attempt, wait and "
                      "fallback shows under the reply."),
                   column_);
    hint->setWordWrap(true);
    hint->setAlignment(Qt::AlignCenter);
    empty_hint_ = hint;
    layout->insertWidget(0, hint);
    earlier_ = new QPushButton(column_);
    earlier_->setObjectName(QStringLiteral("showEarlier"));
    earlier_->setFlat(true);
    connect(earlier_, &QPushButton::clicked, this, &ChatView::show_earlier);
    layout->insertWidget(1, earlier_);
    earlier_->hide();

    connect(&session_, &ChatSession::reloaded, this, &ChatView::rebuild);
    connect(&session_, &ChatSession::message_appended, this, &ChatView::append);
    connect(&session_, &ChatSession::text_appended, this, [this](int index, const QString& delta) {
        if (auto* w = message(index))
            w->append_text(delta);
        scroll_to_end();
    });
    connect(&session_, &ChatSession::reasoning_appended, this, [this](int index, const QString& delta) {
        if (auto* w = message(index))
            w->append_reasoning(delta);
    });
    connect(&session_, &ChatSession::text_reset, this, [this](int index) {
        if (auto* w = message(index))
            w->reset_text();
    });
    connect(&session_, &ChatSession::message_changed, this, [this](int index) {
        if (auto* w = message(index)) {
            const StoredMessage& m = session_.messages()[static_cast<std::size_t>(index)];
            w->update_from(m, session_.in_flight(index));
            if (m.compare_of != 0)
                update_verdict(m.compare_of);
        }
        scroll_to_end();
    });
    connect(&session_, &ChatSession::waiting, this, [this](int index, const WaitInfo& info) {
        if (auto* w = message(index))
            w->show_waiting(info);
    });
    connect(&session_, &ChatSession::busy_changed, this, &ChatView::update_actions);
    confirm_ = [this](const QString& question) {
        return QMessageBox::question(this, tr("Stormproof"), question) == QMessageBox::Yes;
    };
    rebuild();
}

int ChatView::index_of(const MessageWidget* w) const {
    const auto it = std::find(widgets_.begin(), widgets_.end(), w);
    return it == widgets_.end() ? -1 : first_ + static_cast<int>(it - widgets_.begin());
}

void ChatView::update_actions() {
    for (MessageWidget* w : widgets_)
        w->set_actions_enabled(!session_.busy());
}

void ChatView::edit_message(int index) {
    if (index < first_)
        show_earlier();
    if (MessageWidget* w = message(index)) {
        ensureWidgetVisible(w);
        w->begin_edit();
    }
}

MessageWidget* ChatView::message(int index) const {
    const int live = index - first_;
    return live >= 0 && live < static_cast<int>(widgets_.size()) ? widgets_[static_cast<std::size_t>(live)]
                                                                 : nullptr;
}

void ChatView::rebuild() {
    for (MessageWidget* w : widgets_)
        w->deleteLater();
    widgets_.clear();
    for (auto& [id, row] : compare_rows_)
        row->deleteLater();
    compare_rows_.clear();
    if (session_.conversation_id() != shown_conversation_) {
        shown_conversation_ = session_.conversation_id();
        show_all_ = false;
    }
    const int n = static_cast<int>(session_.messages().size());
    first_ = show_all_ ? 0 : std::max(0, n - kLiveMessages);
    for (int i = first_; i < n; ++i)
        append(i);
    empty_hint_->setVisible(widgets_.empty());
    update_earlier();
}

void ChatView::show_earlier() {
    show_all_ = true;
    rebuild();
}

void ChatView::update_earlier() {
    earlier_->setText(tr("Show %n earlier message(s)", nullptr, first_));
    earlier_->setVisible(first_ > 0);
}

void ChatView::append(int index) {
    const StoredMessage& m = session_.messages()[static_cast<std::size_t>(index)];
    const bool in_flight = session_.in_flight(index);
    auto* w = new MessageWidget(m, in_flight || m.status == "streaming", column_);
    connect(w, &MessageWidget::retry_clicked, &session_, &ChatSession::regenerate);
    connect(w, &MessageWidget::retry_now_clicked, &session_, &ChatSession::retry_now);
    connect(w, &MessageWidget::cancel_clicked, &session_, &ChatSession::stop);
    connect(w, &MessageWidget::trace_clicked, this, &ChatView::trace_clicked);
    connect(w, &MessageWidget::edit_confirmed, this, [this, w](const QString& text, bool resend) {
        const int i = index_of(w);
        const int later = static_cast<int>(session_.messages().size()) - i - 2;  // beyond its answer
        if (resend && later > 0 &&
            !confirm_(tr("Asking again from here deletes the %n message(s) after this exchange. Go on?",
                         nullptr, later))) {
            return;
        }
        session_.edit_message(i, text, resend);
    });
    connect(w, &MessageWidget::delete_requested, this, [this, w] {
        const int i = index_of(w);
        if (i >= 0 && confirm_(tr("Delete this message?")))
            session_.delete_message(i);
    });
    connect(w, &MessageWidget::regenerate_requested, this, [this, w] {
        const int i = index_of(w);
        const int later = static_cast<int>(session_.messages().size()) - i - 1;
        if (i < 0 ||
            (later > 0 && !confirm_(tr("Regenerating this answer deletes the %n message(s) after it; "
                                       "this answer is kept as an earlier version. Go on?",
                                       nullptr, later)))) {
            return;
        }
        session_.regenerate_from(i);
    });
    connect(w, &MessageWidget::version_requested, this,
            [this, w](int step) { session_.show_version(index_of(w), step); });
    w->set_actions_enabled(!session_.busy());
    if (m.compare_of != 0) {
        place_in_compare_row(w, m);
    } else {
        auto* layout = static_cast<QVBoxLayout*>(column_->layout());
        layout->insertWidget(layout->count() - 1, w);
    }
    widgets_.push_back(w);
    empty_hint_->hide();
    if (!show_all_ && static_cast<int>(widgets_.size()) > kLiveMessages) {
        widgets_.front()->deleteLater();
        widgets_.erase(widgets_.begin());
        ++first_;
        update_earlier();
    }
    scroll_to_end();
}

void ChatView::reveal(int index) {
    if (index < first_)
        show_earlier();
    for (MessageWidget* w : widgets_)
        w->set_highlighted(false);
    MessageWidget* target = message(index);
    if (!target)
        return;
    target->set_highlighted(true);
    // After the layout has placed a freshly rebuilt column.
    QTimer::singleShot(0, this, [this, target] {
        if (std::find(widgets_.begin(), widgets_.end(), target) != widgets_.end())
            ensureWidgetVisible(target, 0, 40);
    });
}

void ChatView::place_in_compare_row(MessageWidget* w, const StoredMessage& m) {
    CompareRow*& row = compare_rows_[m.compare_of];
    if (!row) {
        row = new CompareRow(column_);
        auto* layout = static_cast<QVBoxLayout*>(column_->layout());
        layout->insertWidget(layout->count() - 1, row);
    }
    row->add_column(w);
    update_verdict(m.compare_of);
}

void ChatView::update_verdict(std::int64_t prompt_id) {
    const auto it = compare_rows_.find(prompt_id);
    if (it == compare_rows_.end())
        return;
    static const PriceTable kPrices = PriceTable::builtin();
    std::vector<CompareReply> replies;
    for (std::size_t i = 0; i < session_.messages().size(); ++i) {
        const StoredMessage& m = session_.messages()[i];
        if (m.compare_of != prompt_id)
            continue;
        CompareReply r = compare_reply_of(m, kPrices);
        if (session_.in_flight(static_cast<int>(i)))
            r.total_ms.reset();  // still running: neither fastest nor failed yet
        replies.push_back(std::move(r));
    }
    it->second->set_verdict(verdict_text(compare_verdict(replies), replies));
}

CompareRow* ChatView::compare_row(std::int64_t prompt_id) const {
    const auto it = compare_rows_.find(prompt_id);
    return it == compare_rows_.end() ? nullptr : it->second;
}

void ChatView::scroll_to_end() {
    QTimer::singleShot(0, this, [this] { verticalScrollBar()->setValue(verticalScrollBar()->maximum()); });
}

}  // namespace stormproof
