#pragma once

#include <QObject>
#include <QPointer>
#include <QStringList>
#include <QTimer>
#include <cstdint>
#include <vector>

#include "llm/ChatCall.h"
#include "storage/ConversationStore.h"

namespace stormproof {

class ResilientClient;

// One open conversation: its messages, the request in flight, the messages queued behind it, answer versions,
// and persistence. The widgets render it; the logic lives here so tests can drive it without a screen.
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

    // Sends text as the next user message (creating a conversation if none is open). While a reply is coming,
    // the text is queued instead and sent when the reply ends (never dropped, never merged with another).
    void send(const QString& text);
    // Messages waiting for the reply in flight, oldest first.
    const QStringList& queued() const { return queued_; }
    // Takes a queued message back (to edit it in the composer); empty when there is none at that index.
    QString unqueue(int index);
    void stop();
    void retry_now();
    // A new version of the last reply for the same history (also "Retry" after a failure). The reply it
    // replaces stays as an earlier version, unless it failed with nothing in it.
    void regenerate();
    // A new version of the reply at index; the messages after it are deleted (the caller asks first).
    void regenerate_from(int index);
    // Shows the previous (-1) or next (+1) version of the answer at index.
    void show_version(int index, int step);
    // Replaces a message's text (the person confirmed an edit). With resend, for a user message: its answer
    // is asked again (the old answer stays as a version; later messages are deleted -- the caller asks
    // first).
    void edit_message(int index, const QString& text, bool resend);
    void delete_message(int index);
    // Edit-and-resend, the old way: removes the last user message and what followed it, and returns its text.
    QString take_last_user_message();
    // Whether there is a reply to regenerate / a user message to edit.
    bool can_regenerate() const;
    int last_user_index() const;

    // The chat's unsent text, kept per chat.
    QString draft() const;
    void save_draft(const QString& text);

    // A stop the person asked for (not a failure): shown as "stopped".
    static bool stopped_by_person(const StoredMessage& message);

signals:
    void reloaded();
    void message_appended(int index);
    void message_changed(int index);
    void text_appended(int index, const QString& delta);
    void text_reset(int index);
    void waiting(int index, const stormproof::WaitInfo& info);
    void busy_changed(bool busy);
    void conversations_changed();
    void queue_changed();
    // A stop left queued messages unsent: they go back to the composer, as written.
    void queue_returned(const QString& text);

private:
    void start_reply(std::int64_t reply_to);
    void on_finished(const ChatResult& result);
    void save_partial();
    void send_now(const QString& trimmed);
    void return_queue();
    // Makes room for a new version of the reply at index (hides it, or deletes it when it holds nothing).
    void retire_reply(std::size_t index);

    ResilientClient& client_;
    ConversationStore& store_;
    std::int64_t conversation_id_ = 0;
    std::vector<StoredMessage> messages_;
    QPointer<ChatCall> call_;
    int reply_index_ = -1;
    std::string trace_in_flight_;
    QTimer save_timer_;
    bool dirty_ = false;
    QStringList queued_;
};

}  // namespace stormproof
