#pragma once

#include <QObject>
#include <QPointer>
#include <QTimer>
#include <cstdint>
#include <vector>

#include "llm/ChatCall.h"
#include "storage/ConversationStore.h"

namespace stormproof {

class ResilientClient;

// One open conversation: its messages, the request in flight, and persistence. The widgets render it; the
// logic lives here so tests can drive it without a screen.
class ChatSession final : public QObject {
    Q_OBJECT

public:
    // While streaming, the partial reply is saved at most this often: a kill loses at most this much text.
    static constexpr int kSaveIntervalMs = 500;

    ChatSession(ResilientClient& client, ConversationStore& store, QObject* parent = nullptr);
    ~ChatSession() override;

    void open(std::int64_t conversation_id);
    std::int64_t conversation_id() const { return conversation_id_; }
    const std::vector<StoredMessage>& messages() const { return messages_; }
    bool busy() const { return call_ != nullptr; }
    const std::string& trace_in_flight() const { return trace_in_flight_; }

    // Sends text as the next user message (creating a conversation if none is open).
    void send(const QString& text);
    void stop();
    void retry_now();
    // Replaces the last assistant reply with a new one for the same history (also "Retry" after a failure).
    void regenerate();
    // Edit-and-resend: removes the last user message and what followed it, and returns its text.
    QString take_last_user_message();

signals:
    void reloaded();
    void message_appended(int index);
    void message_changed(int index);
    void text_appended(int index, const QString& delta);
    void text_reset(int index);
    void waiting(int index, const stormproof::WaitInfo& info);
    void busy_changed(bool busy);
    void conversations_changed();

private:
    void start_reply();
    void on_finished(const ChatResult& result);
    void save_partial();

    ResilientClient& client_;
    ConversationStore& store_;
    std::int64_t conversation_id_ = 0;
    std::vector<StoredMessage> messages_;
    QPointer<ChatCall> call_;
    int reply_index_ = -1;
    std::string trace_in_flight_;
    QTimer save_timer_;
    bool dirty_ = false;
};

}  // namespace stormproof
