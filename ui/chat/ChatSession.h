#pragma once

#include <QObject>
#include <QPointer>
#include <QStringList>
#include <QTimer>
#include <cstdint>
#include <vector>

#include "llm/ChatCall.h"
#include "llm/CompareRun.h"
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
    bool busy() const { return call_ != nullptr || compare_ != nullptr; }
    // Whether the message at index is a reply still coming in (the reply in flight, or a compare's column).
    bool in_flight(int index) const;
    const std::string& trace_in_flight() const { return trace_in_flight_; }

    // Sends text as the next user message (creating a conversation if none is open). While a reply is coming,
    // the text is queued instead and sent when the reply ends (never dropped, never merged with another).
    void send(const QString& text);
    // Sends text to 2-4 columns at once (issue 21 item 4): each column's reply streams into its own message,
    // saved with the conversation as a compare (StoredMessage::compare_of). Not while a reply is coming
    // (false then, and for fewer than 2 or more than 4 columns). A compare and its prompt are not sent back
    // to a model as history: it is a side-by-side look, not a turn of the conversation.
    bool send_compare(const QString& text, const std::vector<CompareColumn>& columns);
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
    void reasoning_appended(int index, const QString& delta);
    void text_reset(int index);
    void waiting(int index, const stormproof::WaitInfo& info);
    void busy_changed(bool busy);
    void conversations_changed();
    void queue_changed();
    // A stop left queued messages unsent: they go back to the composer, as written.
    void queue_returned(const QString& text);

private:
    // Builds the request (the history without failed replies and compares) and starts the reply to reply_to;
    // with reply_to 0, only builds it into pending_request_ (a compare's).
    void start_reply(std::int64_t reply_to);
    void on_finished(const ChatResult& result);
    void on_compare_column_finished(int column, const ChatResult& result);
    void on_compare_finished();
    // A finished request's outcome written into its message (text, reasoning, ribbon, error).
    void fill_from(StoredMessage& m, const ChatResult& result) const;
    std::int64_t start_conversation_with(const QString& trimmed);
    void after_reply();
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
    // A compare in flight: its run (owned: deleted after its finished()) and each column's message index.
    CompareRun* compare_ = nullptr;
    std::vector<int> compare_indices_;
    std::vector<bool> compare_open_;
    std::vector<bool> compare_dirty_;
    ChatRequest pending_request_;  // a compare's request, as start_reply(0) built it
    std::string trace_in_flight_;
    QTimer save_timer_;
    bool dirty_ = false;
    QStringList queued_;
};

}  // namespace stormproof
