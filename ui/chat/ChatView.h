#pragma once

#include <QPushButton>
#include <QScrollArea>
#include <cstdint>
#include <functional>
#include <map>
#include <vector>

namespace stormproof {

struct StoredMessage;
class ChatSession;
class CompareRow;
class MessageWidget;

// The conversation as a column of MessageWidgets, kept in step with a ChatSession's signals.
class ChatView final : public QScrollArea {
    Q_OBJECT

public:
    // The newest messages a conversation keeps as widgets; earlier ones come back on "Show earlier messages".
    // A message widget costs ~100 KB (its document, layout and ribbon): a 1,000-message conversation -- the
    // soak's demo after 30 minutes -- grew the app by 70 MB before the view was windowed.
    static constexpr int kLiveMessages = 60;

    explicit ChatView(ChatSession& session, QWidget* parent = nullptr);
    // The widget of message index, or null while it is scrolled out of the window.
    MessageWidget* message(int index) const;
    int message_count() const { return first_ + static_cast<int>(widgets_.size()); }
    int first_live() const { return first_; }
    void show_earlier();
    // Scrolls to a message and marks it until the next reveal or reload.
    void reveal(int index);
    // Asks the person before something is deleted (a message; the messages after a regenerated answer).
    // Tests replace it; the default is a question box.
    void set_confirm(std::function<bool(const QString& question)> confirm) { confirm_ = std::move(confirm); }
    // Opens the in-place editor on a message (the "Edit last message" action).
    void edit_message(int index);
    // The row showing the compare whose prompt is message id `prompt_id` (null when it is not shown).
    CompareRow* compare_row(std::int64_t prompt_id) const;

signals:
    void trace_clicked(const QString& trace_id);

private:
    void rebuild();
    void append(int index);
    int index_of(const MessageWidget* w) const;
    void update_actions();
    void scroll_to_end();
    // A compare's columns side by side in one row, its verdict above them.
    void place_in_compare_row(MessageWidget* w, const StoredMessage& m);
    void update_verdict(std::int64_t prompt_id);
    std::map<std::int64_t, CompareRow*> compare_rows_;  // by the compare's prompt id

    ChatSession& session_;
    QWidget* column_ = nullptr;
    std::vector<MessageWidget*> widgets_;  // messages first_ .. first_ + size - 1
    int first_ = 0;
    bool show_all_ = false;  // "Show earlier messages" was used: no window until the next conversation
    std::int64_t shown_conversation_ = -1;
    QPushButton* earlier_ = nullptr;
    void update_earlier();
    QWidget* empty_hint_ = nullptr;
    std::function<bool(const QString&)> confirm_;
};

}  // namespace stormproof
