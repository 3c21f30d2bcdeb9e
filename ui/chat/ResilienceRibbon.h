#pragma once

#include <QElapsedTimer>
#include <QTimer>
#include <QWidget>

#include "llm/ChatCall.h"
#include "storage/ConversationStore.h"

class QLabel;
class QPushButton;

namespace stormproof {

// Under each assistant message: which target and model answered (and whether that was a fallback), every
// attempt with its status, class, wait and the wait's source, TTFT, total time, tokens. While the request
// waits, a live line -- "retrying in 3.2 s — 503 server_error, backoff — attempt 2 of 5" -- with Retry now
// and Cancel.
class ResilienceRibbon final : public QWidget {
    Q_OBJECT

public:
    explicit ResilienceRibbon(QWidget* parent = nullptr);

    void show_message(const StoredMessage& message, bool in_flight);
    void show_waiting(const WaitInfo& info);
    QString summary_text() const;

    // Plain-language summary of one message's path, shared by the ribbon and exports.
    static QString describe(const StoredMessage& message);

signals:
    void retry_now_clicked();
    void cancel_clicked();
    void trace_clicked(const QString& trace_id);

private:
    void tick();

    QLabel* summary_ = nullptr;
    QWidget* wait_row_ = nullptr;
    QLabel* wait_label_ = nullptr;
    QTimer countdown_;
    QElapsedTimer wait_clock_;
    WaitInfo wait_;
};

}  // namespace stormproof
