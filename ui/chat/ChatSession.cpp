#include "ChatSession.h"

#include "llm/Comparison.h"
#include "llm/ResilientClient.h"

#include <QDateTime>
#include <algorithm>
#include <utility>

namespace stormproof {

namespace {
std::string title_from(const QString& text) {
    QString t = text.simplified();
    if (t.size() > 48)
        t = t.left(47) + QChar(0x2026);
    return t.isEmpty() ? std::string("New chat") : t.toStdString();
}
}  // namespace

ChatSession::ChatSession(ResilientClient& client, ConversationStore& store, QObject* parent)
    : QObject(parent), client_(client), store_(store) {
    save_timer_.setInterval(kSaveIntervalMs);
    connect(&save_timer_, &QTimer::timeout, this, &ChatSession::save_partial);
}

ChatSession::~ChatSession() {
    if (call_) {
        call_->disconnect(this);
        call_->cancel();
        save_partial();
        delete call_;
    }
    if (compare_) {
        compare_->disconnect(this);
        save_partial();
        delete compare_;  // cancels the columns still running
    }
}

bool ChatSession::in_flight(int index) const {
    if (call_ && index == reply_index_)
        return true;
    for (std::size_t c = 0; compare_ && c < compare_indices_.size(); ++c) {
        if (compare_indices_[c] == index && compare_open_[c])
            return true;
    }
    return false;
}

void ChatSession::open(std::int64_t conversation_id) {
    if (busy())
        stop();
    return_queue();
    conversation_id_ = conversation_id;
    messages_ = conversation_id ? store_.messages(conversation_id) : std::vector<StoredMessage>{};
    emit reloaded();
}

void ChatSession::send(const QString& text) {
    const QString trimmed = text.trimmed();
    if (trimmed.isEmpty())
        return;
    if (busy()) {
        queued_ << trimmed;
        emit queue_changed();
        return;
    }
    send_now(trimmed);
}

QString ChatSession::unqueue(int index) {
    if (index < 0 || index >= queued_.size())
        return {};
    const QString text = queued_.takeAt(index);
    emit queue_changed();
    return text;
}

void ChatSession::return_queue() {
    if (queued_.isEmpty())
        return;
    const QString text = queued_.join(QStringLiteral("\n\n"));
    queued_.clear();
    emit queue_changed();
    emit queue_returned(text);
}

std::int64_t ChatSession::start_conversation_with(const QString& trimmed) {
    if (!conversation_id_) {
        conversation_id_ = store_.create_conversation(title_from(trimmed));
        messages_.clear();
        emit reloaded();
        emit conversations_changed();
    } else if (messages_.empty()) {
        if (auto info = store_.conversation(conversation_id_); info && info->title == "New chat") {
            info->title = title_from(trimmed);
            store_.update_conversation(*info);
            emit conversations_changed();
        }
    }
    return conversation_id_;
}

void ChatSession::send_now(const QString& trimmed) {
    start_conversation_with(trimmed);
    StoredMessage user;
    user.conversation_id = conversation_id_;
    user.role = "user";
    user.content = trimmed.toStdString();
    user.created_ms = QDateTime::currentMSecsSinceEpoch();  // shown as the message's time
    user.id = store_.add_message(user);
    messages_.push_back(user);
    emit message_appended(static_cast<int>(messages_.size()) - 1);
    start_reply(user.id);
}

void ChatSession::start_reply(std::int64_t reply_to) {
    const auto info = store_.conversation(conversation_id_);
    ChatRequest request;
    request.conversation = std::to_string(conversation_id_);
    request.stream = true;
    if (info) {
        request.system = info->system_prompt;
        request.temperature = info->temperature;
        request.top_p = info->top_p;
        request.max_tokens = info->max_tokens;
    }
    // A compare is a side-by-side look, not a turn: its prompt and its columns' replies stay out of the
    // history.
    std::vector<std::int64_t> compare_prompts;
    for (const StoredMessage& m : messages_) {
        if (m.compare_of != 0)
            compare_prompts.push_back(m.compare_of);
    }
    for (const StoredMessage& m : messages_) {
        // Replies that failed or were cut are shown, not sent back as if the model had said them.
        if (m.role == "assistant" && m.status != "complete")
            continue;
        if (m.compare_of != 0 ||
            std::find(compare_prompts.begin(), compare_prompts.end(), m.id) != compare_prompts.end())
            continue;
        request.messages.push_back({m.role, m.content});
    }
    if (reply_to == 0) {
        // A compare's request: the history and its prompt, no reply message of its own (each column makes
        // one).
        pending_request_ = std::move(request);
        return;
    }
    StoredMessage reply;
    reply.conversation_id = conversation_id_;
    reply.role = "assistant";
    reply.status = "streaming";
    reply.reply_to = reply_to;
    reply.created_ms = QDateTime::currentMSecsSinceEpoch();
    reply.id = store_.add_message(reply);
    const auto versions = store_.versions_of(reply_to);
    reply.version = static_cast<int>(versions.size());
    reply.version_count = reply.version;
    messages_.push_back(reply);
    reply_index_ = static_cast<int>(messages_.size()) - 1;
    emit message_appended(reply_index_);

    call_ = client_.chat(request).release();  // owned here: deleted in ~ChatSession or after finished()
    trace_in_flight_ = call_->identity().trace_id;
    messages_[static_cast<std::size_t>(reply_index_)].trace_id = trace_in_flight_;
    connect(call_, &ChatCall::delta, this, [this](const QString& delta) {
        if (reply_index_ < 0)
            return;
        messages_[static_cast<std::size_t>(reply_index_)].content += delta.toStdString();
        dirty_ = true;
        emit text_appended(reply_index_, delta);
    });
    connect(call_, &ChatCall::reasoning_delta, this, [this](const QString& delta) {
        if (reply_index_ < 0)
            return;
        messages_[static_cast<std::size_t>(reply_index_)].reasoning += delta.toStdString();
        dirty_ = true;
        emit reasoning_appended(reply_index_, delta);
    });
    connect(call_, &ChatCall::text_reset, this, [this] {
        if (reply_index_ < 0)
            return;
        messages_[static_cast<std::size_t>(reply_index_)].content.clear();
        messages_[static_cast<std::size_t>(reply_index_)].reasoning.clear();
        dirty_ = true;
        emit text_reset(reply_index_);
    });
    connect(call_, &ChatCall::waiting, this, [this](const WaitInfo& w) { emit waiting(reply_index_, w); });
    connect(call_, &ChatCall::attempt_finished, this, [this](const AttemptRecord&) {
        if (reply_index_ >= 0)
            emit message_changed(reply_index_);
    });
    connect(call_, &ChatCall::finished, this, &ChatSession::on_finished);
    save_timer_.start();
    emit busy_changed(true);
    call_->start();
}

void ChatSession::save_partial() {
    for (std::size_t c = 0; c < compare_indices_.size(); ++c) {
        if (!compare_dirty_[c])
            continue;
        const StoredMessage& m = messages_[static_cast<std::size_t>(compare_indices_[c])];
        store_.update_streamed(m.id, m.content, m.reasoning);
        compare_dirty_[c] = false;
    }
    if (!dirty_ || reply_index_ < 0)
        return;
    const StoredMessage& m = messages_[static_cast<std::size_t>(reply_index_)];
    store_.update_streamed(m.id, m.content, m.reasoning);
    dirty_ = false;
}

void ChatSession::fill_from(StoredMessage& m, const ChatResult& result) const {
    m.content = result.text;
    m.reasoning = result.reasoning;
    m.trace_id = result.trace_id;
    m.ttft_ms = result.ttft_ms;
    m.total_ms = result.total_ms;
    m.attempts = result.attempts;
    m.fallback_used = result.fallback_used;
    m.input_tokens = result.usage.input_tokens;
    m.output_tokens = result.usage.output_tokens;
    if (result.served_by) {
        m.served_target = result.served_by->target;
        m.served_model = result.served_by->model;
    }
    if (result.ok) {
        m.status = "complete";
        m.error_class.clear();
        m.error_message.clear();
        m.error_hint.clear();
        m.error_reason.clear();
    } else {
        m.status = result.text.empty() ? "failed" : "partial";
        m.error_class = result.error ? std::string(to_string(result.error->error_class)) : "";
        m.error_message = result.error ? client_.redact(result.error->message) : "";
        m.error_hint = result.error ? result.error->hint : "";
        m.error_reason =
            result.error && result.error->reason ? std::string(to_string(*result.error->reason)) : "";
    }
}

void ChatSession::on_finished(const ChatResult& result) {
    save_timer_.stop();
    if (reply_index_ < 0)
        return;
    StoredMessage& m = messages_[static_cast<std::size_t>(reply_index_)];
    fill_from(m, result);
    store_.update_message(m);
    dirty_ = false;
    const int index = reply_index_;
    reply_index_ = -1;
    trace_in_flight_.clear();
    if (call_)
        call_->deleteLater();
    call_ = nullptr;
    emit message_changed(index);
    emit busy_changed(false);
    if (stopped_by_person(m)) {
        return_queue();  // the person stopped: nothing more is sent without them
    } else {
        after_reply();
    }
}

void ChatSession::after_reply() {
    if (!queued_.isEmpty()) {
        const QString next = queued_.takeFirst();
        emit queue_changed();
        send_now(next);
    }
}

bool ChatSession::send_compare(const QString& text, const std::vector<CompareColumn>& columns) {
    const QString trimmed = text.trimmed();
    const auto n = static_cast<int>(columns.size());
    if (trimmed.isEmpty() || busy() || n < kMinCompareColumns || n > kMaxCompareColumns)
        return false;
    start_conversation_with(trimmed);
    StoredMessage user;
    user.conversation_id = conversation_id_;
    user.role = "user";
    user.content = trimmed.toStdString();
    user.created_ms = QDateTime::currentMSecsSinceEpoch();
    user.id = store_.add_message(user);
    messages_.push_back(user);
    emit message_appended(static_cast<int>(messages_.size()) - 1);
    start_reply(0);  // builds the request (history and this prompt) into pending_request_
    const ChatRequest request = std::move(pending_request_);
    pending_request_ = {};
    compare_indices_.clear();
    for (int c = 0; c < n; ++c) {
        StoredMessage reply;
        reply.conversation_id = conversation_id_;
        reply.role = "assistant";
        reply.status = "streaming";
        reply.compare_of = user.id;
        reply.compare_column = c;
        reply.compare_label = columns[static_cast<std::size_t>(c)].label;
        reply.created_ms = QDateTime::currentMSecsSinceEpoch();
        reply.id = store_.add_message(reply);
        messages_.push_back(reply);
        compare_indices_.push_back(static_cast<int>(messages_.size()) - 1);
    }
    compare_open_.assign(static_cast<std::size_t>(n), true);
    compare_dirty_.assign(static_cast<std::size_t>(n), false);
    compare_ = new CompareRun(columns, request, this);  // owned here: deleted after its finished()
    for (int c = 0; c < n; ++c) {
        messages_[static_cast<std::size_t>(compare_indices_[static_cast<std::size_t>(c)])].trace_id =
            compare_->call(c).identity().trace_id;
        emit message_appended(compare_indices_[static_cast<std::size_t>(c)]);
    }
    const auto message_of = [this](int column) -> StoredMessage& {
        return messages_[static_cast<std::size_t>(compare_indices_[static_cast<std::size_t>(column)])];
    };
    connect(compare_, &CompareRun::delta, this, [this, message_of](int c, const QString& delta) {
        message_of(c).content += delta.toStdString();
        compare_dirty_[static_cast<std::size_t>(c)] = true;
        emit text_appended(compare_indices_[static_cast<std::size_t>(c)], delta);
    });
    connect(compare_, &CompareRun::reasoning_delta, this, [this, message_of](int c, const QString& delta) {
        message_of(c).reasoning += delta.toStdString();
        compare_dirty_[static_cast<std::size_t>(c)] = true;
        emit reasoning_appended(compare_indices_[static_cast<std::size_t>(c)], delta);
    });
    connect(compare_, &CompareRun::text_reset, this, [this, message_of](int c) {
        message_of(c).content.clear();
        message_of(c).reasoning.clear();
        compare_dirty_[static_cast<std::size_t>(c)] = true;
        emit text_reset(compare_indices_[static_cast<std::size_t>(c)]);
    });
    connect(compare_, &CompareRun::waiting, this, [this](int c, const WaitInfo& w) {
        emit waiting(compare_indices_[static_cast<std::size_t>(c)], w);
    });
    connect(compare_, &CompareRun::attempt_finished, this, [this](int c, const AttemptRecord&) {
        emit message_changed(compare_indices_[static_cast<std::size_t>(c)]);
    });
    connect(compare_, &CompareRun::column_finished, this, &ChatSession::on_compare_column_finished);
    connect(compare_, &CompareRun::finished, this, &ChatSession::on_compare_finished);
    save_timer_.start();
    emit busy_changed(true);
    compare_->start();
    return true;
}

void ChatSession::on_compare_column_finished(int column, const ChatResult& result) {
    const auto c = static_cast<std::size_t>(column);
    if (c >= compare_indices_.size())
        return;
    StoredMessage& m = messages_[static_cast<std::size_t>(compare_indices_[c])];
    fill_from(m, result);
    store_.update_message(m);
    compare_open_[c] = false;
    compare_dirty_[c] = false;
    emit message_changed(compare_indices_[c]);
}

void ChatSession::on_compare_finished() {
    save_timer_.stop();
    bool stopped = false;
    for (const int index : compare_indices_)
        stopped |= stopped_by_person(messages_[static_cast<std::size_t>(index)]);
    compare_->deleteLater();  // from inside its finished(): its calls are still emitting
    compare_ = nullptr;
    const std::vector<int> indices = std::exchange(compare_indices_, {});
    compare_open_.clear();
    compare_dirty_.clear();
    for (const int index : indices)
        emit message_changed(index);
    emit busy_changed(false);
    if (stopped)
        return_queue();
    else
        after_reply();
}

bool ChatSession::stopped_by_person(const StoredMessage& message) {
    return message.role == "assistant" && message.error_class == "cancelled";
}

void ChatSession::stop() {
    if (call_)
        call_->cancel();  // finished() follows synchronously and saves the partial reply
    if (compare_)
        compare_->cancel();  // every column's finished() follows synchronously, then the run's
}

void ChatSession::retry_now() {
    if (call_)
        call_->retry_now();
    if (compare_)
        compare_->retry_now();
}

void ChatSession::retire_reply(std::size_t index) {
    const StoredMessage& old = messages_[index];
    if (old.content.empty() && old.status != "complete") {
        store_.delete_message(old.id);  // a failure with nothing in it is not worth a version
    } else {
        store_.hide_answers_to(old.reply_to);
    }
    messages_.erase(messages_.begin() + static_cast<std::ptrdiff_t>(index));
}

void ChatSession::regenerate() {
    if (busy() || messages_.empty())
        return;
    regenerate_from(static_cast<int>(messages_.size()) - 1);
}

void ChatSession::regenerate_from(int index) {
    if (busy() || index < 0 || index >= static_cast<int>(messages_.size()))
        return;
    auto at = static_cast<std::size_t>(index);
    // From a prompt: its answer (the next message) gets a new version; a prompt left without one gets one.
    if (messages_[at].role == "user" && at + 1 < messages_.size() && messages_[at + 1].role == "assistant")
        ++at;
    if (messages_[at].compare_of != 0) {
        // A compare's columns are sent again as a new compare, not regenerated one by one (an edited prompt
        // of a compare is saved and shown as edited).
        emit message_changed(index);
        return;
    }
    if (at + 1 < messages_.size()) {
        store_.delete_messages_from(conversation_id_, messages_[at + 1].id);
        messages_.resize(at + 1);
    }
    if (messages_[at].role == "assistant") {
        if (messages_[at].reply_to == 0) {
            // A reply from before answer versions were kept: the prompt before it is the one it answers.
            for (std::size_t i = at; i-- > 0;) {
                if (messages_[i].role == "user") {
                    messages_[at].reply_to = messages_[i].id;
                    break;
                }
            }
        }
        retire_reply(at);
    }
    emit reloaded();
    if (!messages_.empty() && messages_.back().role == "user")
        start_reply(messages_.back().id);
}

void ChatSession::show_version(int index, int step) {
    if (busy() || index < 0 || index >= static_cast<int>(messages_.size()))
        return;
    const StoredMessage& m = messages_[static_cast<std::size_t>(index)];
    if (!m.reply_to)
        return;
    const auto versions = store_.versions_of(m.reply_to);
    const auto it = std::find(versions.begin(), versions.end(), m.id);
    if (it == versions.end())
        return;
    const auto pos = (it - versions.begin()) + step;
    if (pos < 0 || pos >= static_cast<std::ptrdiff_t>(versions.size()))
        return;
    store_.show_version(versions[static_cast<std::size_t>(pos)]);
    messages_ = store_.messages(conversation_id_);
    emit reloaded();
}

void ChatSession::edit_message(int index, const QString& text, bool resend) {
    if (busy() || index < 0 || index >= static_cast<int>(messages_.size()))
        return;
    const QString trimmed = text.trimmed();
    if (trimmed.isEmpty())
        return;
    StoredMessage& m = messages_[static_cast<std::size_t>(index)];
    m.content = trimmed.toStdString();
    store_.update_content(m.id, m.content);
    if (resend && m.role == "user") {
        regenerate_from(index);
        return;
    }
    emit message_changed(index);
}

void ChatSession::delete_message(int index) {
    if (busy() || index < 0 || index >= static_cast<int>(messages_.size()))
        return;
    const StoredMessage removed = messages_[static_cast<std::size_t>(index)];
    store_.delete_message(removed.id);
    if (removed.role == "assistant" && removed.reply_to) {
        // Another version of the answer, if any, takes its place.
        const auto versions = store_.versions_of(removed.reply_to);
        if (!versions.empty())
            store_.show_version(versions.back());
    }
    messages_ = store_.messages(conversation_id_);
    emit reloaded();
}

bool ChatSession::can_regenerate() const {
    return !busy() && last_user_index() >= 0;
}

int ChatSession::last_user_index() const {
    for (int i = static_cast<int>(messages_.size()) - 1; i >= 0; --i) {
        if (messages_[static_cast<std::size_t>(i)].role == "user")
            return i;
    }
    return -1;
}

QString ChatSession::draft() const {
    const auto info = store_.conversation(conversation_id_);
    return info ? QString::fromStdString(info->draft) : QString();
}

void ChatSession::save_draft(const QString& text) {
    if (conversation_id_)
        store_.set_draft(conversation_id_, text.toStdString());
}

QString ChatSession::take_last_user_message() {
    if (busy())
        return {};
    for (int i = static_cast<int>(messages_.size()) - 1; i >= 0; --i) {
        if (messages_[static_cast<std::size_t>(i)].role != "user")
            continue;
        const QString text = QString::fromStdString(messages_[static_cast<std::size_t>(i)].content);
        store_.delete_messages_from(conversation_id_, messages_[static_cast<std::size_t>(i)].id);
        messages_.resize(static_cast<std::size_t>(i));
        emit reloaded();
        return text;
    }
    return {};
}

}  // namespace stormproof
