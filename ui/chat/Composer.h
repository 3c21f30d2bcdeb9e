#pragma once

#include <QStringList>
#include <QWidget>

class QLabel;
class QPlainTextEdit;
class QPushButton;
class QVBoxLayout;

namespace stormproof {

// Where the prompt is written. Enter sends and Shift+Enter starts a new line (or, with send-on-Enter off,
// Enter is a new line and Ctrl+Enter sends); Ctrl+Enter always sends. While a reply is coming the button is
// Stop, and what is sent meanwhile waits in a visible queue above the box (each can be taken back).
class Composer final : public QWidget {
    Q_OBJECT

public:
    explicit Composer(QWidget* parent = nullptr);
    void set_busy(bool busy);
    void set_send_on_enter(bool on);
    bool send_on_enter() const { return send_on_enter_; }
    void set_text(const QString& text);
    QString text() const;
    void focus();
    // The messages queued behind the reply in flight, shown above the box.
    void show_queue(const QStringList& queued);
    QPlainTextEdit* editor() const { return edit_; }

signals:
    void send_requested(const QString& text);
    void stop_requested();
    void unqueue_requested(int index);

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;
    void changeEvent(QEvent* event) override;

private:
    void submit();
    void fit_height();
    void update_placeholder();

    QPlainTextEdit* edit_ = nullptr;
    QPushButton* button_ = nullptr;
    QWidget* queue_ = nullptr;
    QVBoxLayout* queue_layout_ = nullptr;
    bool busy_ = false;
    bool send_on_enter_ = true;
};

}  // namespace stormproof
