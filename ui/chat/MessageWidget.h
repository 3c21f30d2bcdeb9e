#pragma once

#include <QFrame>

#include "storage/ConversationStore.h"

class QLabel;
class QPlainTextEdit;
class QPushButton;
class QTextBrowser;
class QToolButton;
class QHBoxLayout;

namespace stormproof {

class ResilienceRibbon;
struct WaitInfo;

// One message: a header (who, when, the answer's versions ‹ 1/2 ›, and Copy / Edit / Delete / Regenerate),
// the text, and for a reply its outcome and ribbon. While a reply streams in, text is appended at the end of
// the document (no re-layout of what is already there); when it is complete, it is rendered once as Markdown
// (the person's messages too), with a copy button per code block. Edit happens in place: the text stays as it
// was until Save.
class MessageWidget final : public QFrame {
    Q_OBJECT

public:
    explicit MessageWidget(const StoredMessage& message, bool in_flight, QWidget* parent = nullptr);

    void append_text(const QString& delta);
    // The model's reasoning, shown folded above the answer ("Reasoning ▸"), never inside it.
    void append_reasoning(const QString& delta);
    QString reasoning_text() const { return reasoning_text_; }
    bool reasoning_shown() const;
    void set_reasoning_shown(bool shown);
    // A compare's column: its ribbon's figures in one line (attempts, waits, TTFT, total, tokens, cost).
    QString figures() const;
    void reset_text();
    void update_from(const StoredMessage& message, bool in_flight);
    void show_waiting(const WaitInfo& info);
    QString plain_text() const;
    // Marks the message the user came to from the event log (a coloured frame), or clears the mark.
    void set_highlighted(bool on);
    bool highlighted() const { return highlighted_; }
    // Whether it is drawn as a failure (red edge and sentence): a failed reply, never a stopped one.
    bool failed_look() const { return failed_; }
    ResilienceRibbon* ribbon() const { return ribbon_; }
    // Whether the actions that change the conversation (edit, delete, regenerate, versions) are offered: not
    // while a reply is coming.
    void set_actions_enabled(bool enabled);

    // In-place edit: opens the editor on the current text; the message is unchanged until Save.
    void begin_edit();
    bool editing() const;
    QPlainTextEdit* editor() const { return editor_; }

signals:
    void retry_clicked();
    void retry_now_clicked();
    void cancel_clicked();
    void trace_clicked(const QString& trace_id);
    void edit_confirmed(const QString& text, bool resend);
    void delete_requested();
    void regenerate_requested();
    void version_requested(int step);

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;
    void changeEvent(QEvent* event) override;
    void paintEvent(QPaintEvent* event) override;

private:
    void render_final(const StoredMessage& message);
    void show_reasoning(const QString& text, bool in_flight);
    void fit_height();
    void end_edit();
    void apply_style();
    QColor border_colour() const;

    QLabel* role_ = nullptr;
    QLabel* time_ = nullptr;
    QWidget* versions_ = nullptr;
    QLabel* version_label_ = nullptr;
    QToolButton* version_prev_ = nullptr;
    QToolButton* version_next_ = nullptr;
    QWidget* actions_ = nullptr;
    QToolButton* edit_button_ = nullptr;
    QToolButton* delete_button_ = nullptr;
    QToolButton* regenerate_button_ = nullptr;
    QToolButton* reasoning_toggle_ = nullptr;
    QLabel* reasoning_ = nullptr;
    QString reasoning_text_;
    QLabel* figures_ = nullptr;
    bool compare_ = false;
    QTextBrowser* body_ = nullptr;
    QWidget* edit_box_ = nullptr;
    QPlainTextEdit* editor_ = nullptr;
    ResilienceRibbon* ribbon_ = nullptr;
    QLabel* error_ = nullptr;
    QLabel* error_detail_ = nullptr;
    QPushButton* retry_ = nullptr;
    QWidget* code_buttons_ = nullptr;
    QHBoxLayout* code_layout_ = nullptr;
    QString content_;
    bool assistant_ = false;
    bool highlighted_ = false;
    bool streaming_ = false;
    bool failed_ = false;
    bool in_flight_ = false;
    bool restyling_ = false;
};

}  // namespace stormproof
