#pragma once

#include <QScrollArea>
#include <vector>

namespace stormproof {

class ChatSession;
class MessageWidget;

// The conversation as a column of MessageWidgets, kept in step with a ChatSession's signals.
class ChatView final : public QScrollArea {
    Q_OBJECT

public:
    explicit ChatView(ChatSession& session, QWidget* parent = nullptr);
    MessageWidget* message(int index) const;
    int message_count() const { return static_cast<int>(widgets_.size()); }
    // Scrolls to a message and marks it until the next reveal or reload.
    void reveal(int index);

signals:
    void trace_clicked(const QString& trace_id);

private:
    void rebuild();
    void append(int index);
    void scroll_to_end();

    ChatSession& session_;
    QWidget* column_ = nullptr;
    std::vector<MessageWidget*> widgets_;
    QWidget* empty_hint_ = nullptr;
};

}  // namespace stormproof
