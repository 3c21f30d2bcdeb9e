#pragma once

#include <QString>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "llm/ChatTypes.h"
#include "resilience/Result.h"

namespace stormproof {

struct ConversationInfo {
    std::int64_t id = 0;
    std::string title;
    std::int64_t created_ms = 0;
    std::int64_t updated_ms = 0;
    std::string system_prompt;
    std::optional<double> temperature;
    std::optional<double> top_p;
    std::optional<int> max_tokens;
    // What the person had typed and not sent in this chat (schema 2): each chat keeps its own.
    std::string draft;
};

// A chat found by search: the conversation and, where the words were in a message, a piece of it around them.
struct SearchHit {
    ConversationInfo info;
    std::string snippet;  // empty when only the title matched
};

// A message as stored: the text and, for assistant replies, how it survived.
struct StoredMessage {
    std::int64_t id = 0;
    std::int64_t conversation_id = 0;
    std::string role;  // user | assistant
    std::string content;
    std::int64_t created_ms = 0;
    // complete | streaming (being received now) | partial (cut: kept, marked) | failed
    std::string status = "complete";
    std::string served_target;
    std::string served_model;
    bool fallback_used = false;
    std::string trace_id;
    std::optional<std::int64_t> ttft_ms;
    std::optional<std::int64_t> total_ms;
    int input_tokens = 0;
    int output_tokens = 0;
    std::string error_class;
    std::string error_message;
    std::string error_hint;
    std::string
        error_reason;  // why the policy stopped trying (schema 2): attempts_exhausted, budget_denied, ...
    std::vector<AttemptRecord> attempts;
    // Answer versions (schema 2): every reply to the same user message is a version of one answer; one is
    // shown.
    std::int64_t reply_to = 0;  // the user message an assistant reply answers (0: none recorded)
    int version = 1;            // 1-based position among the versions of its answer
    int version_count = 1;
    // The model's reasoning (schema 3): thinking / reasoning_content, shown folded above the answer, never
    // part of content.
    std::string reasoning;
    // A compare's reply (schema 3): the user message it answers side by side with the others (0: not a
    // compare reply; such replies are no answer version and never go back to a model as history), its column
    // and what the column ran ("openai-main", "simulator · policy B").
    std::int64_t compare_of = 0;
    int compare_column = 0;
    std::string compare_label;
};

// Conversations, messages and per-message attempt summaries in SQLite (Qt SQL). A versioned schema with
// migrations; every write in a transaction; WAL journal so a crash mid-stream loses nothing committed.
class ConversationStore {
public:
    // 1: conversations, messages, attempts. 2: conversations.draft; messages.reply_to, messages.hidden and
    // messages.error_reason (answer versions: the versions not shown are hidden). 3: messages.reasoning and
    // messages.compare_of / compare_column / compare_label (a compare's replies, side by side).
    static constexpr int kSchemaVersion = 3;

    ConversationStore();
    ~ConversationStore();
    ConversationStore(const ConversationStore&) = delete;
    ConversationStore& operator=(const ConversationStore&) = delete;

    // Opens (creating or migrating) the database; the error's `where` is the file. Messages left "streaming"
    // by a crash are marked "partial" here.
    Status open(const QString& path);
    bool is_open() const;
    int recovered_partials() const { return recovered_partials_; }

    std::vector<ConversationInfo> conversations(const std::string& search = {}) const;
    std::optional<ConversationInfo> conversation(std::int64_t id) const;
    std::int64_t create_conversation(const std::string& title);
    bool update_conversation(const ConversationInfo& info);
    bool delete_conversation(std::int64_t id);

    // The messages shown: every message but the answer versions not selected.
    std::vector<StoredMessage> messages(std::int64_t conversation_id) const;
    // Chats whose title or messages contain text, each with a snippet of the first message that does.
    std::vector<SearchHit> search(const std::string& text) const;
    // The newest chat with no message at all (a "New chat" not used yet), or 0.
    std::int64_t empty_conversation() const;
    // The unsent text of a chat (does not move it up the list).
    bool set_draft(std::int64_t conversation_id, const std::string& text);
    // The conversation and message a request's trace id belongs to (the event log's link back to the chat).
    std::optional<std::pair<std::int64_t, std::int64_t>> find_trace(const std::string& trace_id) const;
    std::int64_t add_message(const StoredMessage& message);
    // Replaces content, status and the resilience summary (attempts included) of a message.
    bool update_message(const StoredMessage& message);
    // Cheap update while streaming: content only.
    bool update_content(std::int64_t message_id, const std::string& content);
    // Cheap update while streaming a reply with reasoning: content and reasoning.
    bool update_streamed(std::int64_t message_id, const std::string& content, const std::string& reasoning);
    bool delete_messages_from(std::int64_t conversation_id, std::int64_t first_message_id);
    // One message (and, for a user message, nothing else: its answer stays).
    bool delete_message(std::int64_t message_id);
    // Answer versions: hides the version shown for a user message's answer (before a new one is added).
    bool hide_answers_to(std::int64_t user_message_id);
    // Shows this version of its answer and hides the others.
    bool show_version(std::int64_t message_id);
    // Every version of the answer to a user message, oldest first (hidden ones included).
    std::vector<std::int64_t> versions_of(std::int64_t user_message_id) const;

    QString last_error() const { return last_error_; }

private:
    bool migrate();
    QString connection_;
    mutable QString last_error_;
    int recovered_partials_ = 0;
};

}  // namespace stormproof
