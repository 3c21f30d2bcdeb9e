#include "ReplyPacer.h"

#include <algorithm>
#include <cmath>

#include "http/HttpResponseWriter.h"

namespace stormproof {

namespace {
const char* const kSseContentType = "text/event-stream; charset=utf-8";
// At high token rates several tokens go per tick: one timer per 10 ms per stream at most.
constexpr double kMinTickMs = 10.0;
}  // namespace

ReplyPacer::ReplyPacer(Scheduler& scheduler, RequestLog& log)
    : scheduler_(scheduler), log_(log), context_(std::make_unique<QObject>()) {}

ReplyPacer::~ReplyPacer() {
    // Each reply's Timer cancels itself as replies_ goes; the disconnect handlers are let go first.
    for (auto& [id, reply] : replies_)
        QObject::disconnect(reply->on_disconnect);
}

void ReplyPacer::start(ReplyPlan plan) {
    const std::uint64_t id = next_id_++;
    auto reply = std::make_unique<Reply>();
    reply->id = id;
    reply->socket = plan.socket;
    reply->plan = std::move(plan);
    // A client that goes away ends its reply at once: its timer is cancelled, not left to find out.
    reply->on_disconnect = QObject::connect(reply->socket.data(), &QAbstractSocket::disconnected,
                                            context_.get(), [this, id] { finish(id, "client_gone"); });
    const ReplyPlan& p = reply->plan;
    replies_.emplace(id, std::move(reply));
    peak_open_ = std::max(peak_open_, replies_.size());

    if (!p.stream || p.empty) {
        // A whole body, sent when a real server would have finished generating it.
        const auto generating =
            static_cast<std::int64_t>(p.interval_ms * static_cast<double>(p.completion.tokens.size()));
        const std::int64_t stall_extra_ms = p.stall_after >= 0 ? p.stall_ms : 0;
        const std::int64_t delay = p.first_byte_delay_ms + p.first_token_ms + generating + stall_extra_ms;
        if (delay <= 0)
            deliver_body(id);
        else
            after(id, delay, &ReplyPacer::deliver_body);
        return;
    }
    if (p.first_byte_delay_ms > 0)
        after(id, p.first_byte_delay_ms, &ReplyPacer::begin_stream);
    else
        begin_stream(id);
}

ReplyPacer::Reply* ReplyPacer::live(std::uint64_t id) {
    const auto it = replies_.find(id);
    if (it == replies_.end())
        return nullptr;
    it->second->timer.fired();
    if (!it->second->socket || it->second->socket->state() != QAbstractSocket::ConnectedState) {
        finish(id, "client_gone");
        return nullptr;
    }
    return it->second.get();
}

void ReplyPacer::after(std::uint64_t id, std::int64_t delay_ms, void (ReplyPacer::*step)(std::uint64_t)) {
    const auto it = replies_.find(id);
    if (it == replies_.end())
        return;
    it->second->timer = Timer(scheduler_, delay_ms, [this, id, step] { (this->*step)(id); });
}

void ReplyPacer::deliver_body(std::uint64_t id) {
    Reply* r = live(id);
    if (!r)
        return;
    ReplyPlan& p = r->plan;
    QTcpSocket* socket = r->socket;
    if (p.empty) {
        http1::write_response(socket, 200, p.headers, "");
        finish(id, "empty");
        return;
    }
    if (p.garbage) {
        http1::write_response(socket, 200, p.headers,
                              R"({"id": "broken", "choices": [{"message": {"content": "Hel)");
        finish(id, "malformed");
        return;
    }
    const std::string full = p.wire->completion_body(p.completion);
    if (p.cut_after >= 0) {
        // Promise the whole body, deliver part of it, drop the connection.
        const HeaderPairs headers = p.headers;
        finish(id, "cut");
        http1::write_cut_response(socket, 200, headers, full, full.size() / 2);
        return;
    }
    http1::write_response(socket, 200, p.headers, full);
    if (auto* record = log_.find(p.log_seq))
        record->sent_tokens = static_cast<int>(p.completion.tokens.size());
    finish(id, p.stall_after >= 0 ? "stalled-then-complete" : "complete");
}

void ReplyPacer::begin_stream(std::uint64_t id) {
    Reply* r = live(id);
    if (!r)
        return;
    const ReplyPlan& p = r->plan;
    // Headers at once (as the real APIs do), the first token after first_token_ms, then paced tokens.
    HeaderPairs headers = {{"Cache-Control", "no-cache"}};
    headers.insert(headers.end(), p.headers.begin(), p.headers.end());
    http1::write_chunked_head(r->socket, 200, headers, kSseContentType);
    http1::write_chunk(r->socket, p.wire->stream_start(p.completion));
    if (p.first_token_ms <= 0)
        pump(id);
    else
        after(id, p.first_token_ms, &ReplyPacer::pump);
}

void ReplyPacer::pump(std::uint64_t id) {
    Reply* live_reply = live(id);
    if (!live_reply)
        return;
    Reply& r = *live_reply;
    ReplyPlan& p = r.plan;
    const std::size_t total = p.completion.tokens.size();
    const std::size_t batch =
        p.interval_ms <= 0 ? total
                           : std::max<std::size_t>(1, static_cast<std::size_t>(kMinTickMs / p.interval_ms));
    std::string out;
    for (std::size_t i = 0; i < batch && r.next < total; ++i) {
        if (p.cut_after >= 0 && static_cast<int>(r.next) >= p.cut_after)
            break;
        if (p.stall_after >= 0 && static_cast<int>(r.next) == p.stall_after && p.stall_ms > 0)
            break;
        out += p.wire->stream_token(p.completion, r.next++);
    }
    if (p.garbage && r.next >= total / 2) {
        out += p.wire->stream_garbage();
        p.garbage = false;
    }
    http1::write_chunk(r.socket, out);
    if (auto* record = log_.find(p.log_seq))
        record->sent_tokens = static_cast<int>(r.next);

    if (p.cut_after >= 0 && static_cast<int>(r.next) >= p.cut_after) {
        QTcpSocket* socket = r.socket;
        finish(id, "cut");
        http1::reset_connection(socket);
        return;
    }
    if (p.stall_after >= 0 && static_cast<int>(r.next) == p.stall_after && p.stall_ms > 0) {
        const std::int64_t stall = p.stall_ms;
        p.stall_after = -1;
        r.outcome = "stalled-then-complete";
        r.socket->flush();
        after(id, stall, &ReplyPacer::pump);
        return;
    }
    if (r.next >= total) {
        http1::write_chunk(r.socket, p.wire->stream_end(p.completion, p.terminator));
        http1::write_last_chunk(r.socket);
        finish(id, p.terminator ? r.outcome : "no_terminator");
        return;
    }
    const double ticks = static_cast<double>(batch) * p.interval_ms;
    after(id, static_cast<std::int64_t>(std::llround(ticks)), &ReplyPacer::pump);
}

void ReplyPacer::finish(std::uint64_t id, const std::string& outcome) {
    auto it = replies_.find(id);
    if (it == replies_.end())
        return;
    Reply& r = *it->second;
    r.timer.cancel();
    QObject::disconnect(r.on_disconnect);
    if (auto* record = log_.find(r.plan.log_seq)) {
        record->outcome = outcome;
        if (record->status == 0 && outcome != "client_gone")
            record->status = 200;
    }
    replies_.erase(it);
}

}  // namespace stormproof
