#pragma once

#include <QFrame>

class QHBoxLayout;
class QLabel;

namespace stormproof {

class MessageWidget;

// A compare in the chat: its columns' replies side by side (each a MessageWidget with its ribbon) under a
// one-line verdict. It only displays: ChatView puts the columns in and hands it the verdict's words.
class CompareRow final : public QFrame {
    Q_OBJECT

public:
    explicit CompareRow(QWidget* parent = nullptr);

    void add_column(MessageWidget* column);
    int column_count() const;
    void set_verdict(const QString& text);
    QString verdict() const;

private:
    QLabel* title_ = nullptr;
    QLabel* verdict_ = nullptr;
    QHBoxLayout* columns_ = nullptr;
};

}  // namespace stormproof
