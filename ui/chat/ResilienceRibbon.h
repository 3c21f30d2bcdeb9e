#pragma once

#include <QElapsedTimer>
#include <QTimer>
#include <QWidget>

#include "llm/ChatCall.h"
#include "storage/ConversationStore.h"

class QBoxLayout;
class QLabel;
class QPushButton;
class QToolButton;

namespace stormproof {

// Under each assistant message: a coloured badge (answered first time / recovered after N retries (waited X
// s) / failed / stopped), which target and model answered, TTFT, total time, the reply's tokens in and out,
// and the trace link; "Attempts ▸" unfolds every attempt with its status, class, wait and the wait's source.
// While the request waits, a live line -- "retrying in 3.2 s — 503 server_error, backoff — attempt 2 of 5" --
// with Retry now and Cancel.
class ResilienceRibbon final : public QWidget {
    Q_OBJECT

public:
    explicit ResilienceRibbon(QWidget* parent = nullptr);

    void show_message(const StoredMessage& message, bool in_flight);
    void show_waiting(const WaitInfo& info);
    // Everything the ribbon says, the unfolded attempt list included.
    QString summary_text() const;
    QString badge_text() const;
    bool details_shown() const;
    void set_details_shown(bool shown);
    // Badge, summary and the attempts toggle one under the other (a compare's narrow column), or in a row.
    void set_stacked(bool stacked);

    // Plain-language summary of one message's path: who answered, every attempt, times and tokens.
    static QString describe(const StoredMessage& message);
    // The attempts alone, one per line.
    static QStringList attempt_lines(const StoredMessage& message);

signals:
    void retry_now_clicked();
    void cancel_clicked();
    void trace_clicked(const QString& trace_id);

private:
    void tick();

    QBoxLayout* top_ = nullptr;
    QLabel* badge_ = nullptr;
    QLabel* summary_ = nullptr;
    QToolButton* toggle_ = nullptr;
    QLabel* details_ = nullptr;
    QWidget* wait_row_ = nullptr;
    QLabel* wait_label_ = nullptr;
    QTimer countdown_;
    QElapsedTimer wait_clock_;
    WaitInfo wait_;
};

}  // namespace stormproof
