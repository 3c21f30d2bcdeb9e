#pragma once

#include <QWidget>

class QPlainTextEdit;
class QPushButton;

namespace stormproof {

// Where the prompt is written: Ctrl+Enter sends, Esc stops, the button is Send or Stop.
class Composer final : public QWidget {
    Q_OBJECT

public:
    explicit Composer(QWidget* parent = nullptr);
    void set_busy(bool busy);
    void set_text(const QString& text);
    QString text() const;
    void focus();

signals:
    void send_requested(const QString& text);
    void stop_requested();

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void submit();

    QPlainTextEdit* edit_ = nullptr;
    QPushButton* button_ = nullptr;
    bool busy_ = false;
};

}  // namespace stormproof
