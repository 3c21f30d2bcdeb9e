#pragma once

#include <QFrame>

#include "storage/ConversationStore.h"

class QLabel;
class QPushButton;
class QTextBrowser;
class QHBoxLayout;

namespace stormproof {

class ResilienceRibbon;
struct WaitInfo;

// One message. While a reply streams in, text is appended at the end of the document (no re-layout of what is
// already there); when it is complete, it is rendered once as Markdown, with a copy button per code block.
class MessageWidget final : public QFrame {
    Q_OBJECT

public:
    explicit MessageWidget(const StoredMessage& message, bool in_flight, QWidget* parent = nullptr);

    void append_text(const QString& delta);
    void reset_text();
    void update_from(const StoredMessage& message, bool in_flight);
    void show_waiting(const WaitInfo& info);
    QString plain_text() const;
    // Marks the message the user came to from the event log (a coloured frame), or clears the mark.
    void set_highlighted(bool on);
    bool highlighted() const { return highlighted_; }
    ResilienceRibbon* ribbon() const { return ribbon_; }

signals:
    void retry_clicked();
    void retry_now_clicked();
    void cancel_clicked();
    void trace_clicked(const QString& trace_id);

private:
    void render_final(const StoredMessage& message);
    void fit_height();

    QLabel* role_ = nullptr;
    QTextBrowser* body_ = nullptr;
    ResilienceRibbon* ribbon_ = nullptr;
    QLabel* error_ = nullptr;
    QPushButton* retry_ = nullptr;
    QWidget* code_buttons_ = nullptr;
    QHBoxLayout* code_layout_ = nullptr;
    bool assistant_ = false;
    bool highlighted_ = false;
    bool streaming_ = false;
};

}  // namespace stormproof
