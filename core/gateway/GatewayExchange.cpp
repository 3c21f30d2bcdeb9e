#include "GatewayExchange.h"

#include "GatewayServer.h"

#include <QTcpSocket>
#include <cmath>

#include "http/HttpResponseWriter.h"
#include "llm/ResilientClient.h"
#include "resilience/Clock.h"

namespace stormproof {

namespace {
// The provider's own end of a stream: held back until the request is known to have succeeded.
bool is_stream_end(WireProtocol protocol, const RawSseEvent& e) {
    if (protocol == WireProtocol::OpenAI)
        return e.data == "[DONE]";
    return e.event == "message_stop";
}

// Streams and JSON replies: never cached, and the response says what it is.
constexpr const char* kSseType = "text/event-stream";
}  // namespace

HeaderPairs GatewayExchange::stormproof_headers(const std::string& trace_id, int attempts,
                                                const std::string& served_by, bool fallback) {
    return {{"x-stormproof-trace-id", trace_id},
            {"x-stormproof-attempts", std::to_string(attempts)},
            {"x-stormproof-served-by", served_by.empty() ? "none" : served_by},
            {"x-stormproof-fallback", fallback ? "true" : "false"}};
}

GatewayExchange::GatewayExchange(ResilientClient& client, const Clock& clock, QTcpSocket* socket,
                                 WireProtocol protocol, gateway::ParsedChat chat, std::string requested_model,
                                 bool keep_alive, std::function<void(bool)> done, QObject* parent)
    : QObject(parent),
      clock_(clock),
      socket_(socket),
      protocol_(protocol),
      requested_model_(std::move(requested_model)),
      stream_(chat.request.stream),
      keep_alive_(keep_alive),
      done_(std::move(done)) {
    call_ = client.chat(std::move(chat.request));
    connect(call_.get(), &ChatCall::committed, this, &GatewayExchange::on_committed);
    connect(call_.get(), &ChatCall::raw_event, this, &GatewayExchange::on_raw_event);
    connect(call_.get(), &ChatCall::delta, this, &GatewayExchange::on_delta);
    connect(call_.get(), &ChatCall::finished, this, &GatewayExchange::on_finished);
}

GatewayExchange::~GatewayExchange() {
    // A caller gone mid-request: destroying the call cancels it (its permits and attempts handed back).
    call_.reset();
}

void GatewayExchange::start() {
    call_->start();
}

HeaderPairs GatewayExchange::upstream_headers(const HeaderList& from) const {
    HeaderPairs out;
    for (const auto& [name, value] : from) {
        // Request ids and rate-limit state come back; the engine's own wait hints do not (the final answer
        // carries retry-after where the engine knows it).
        if (name == "x-request-id" || name == "request-id" || name.rfind("x-ratelimit-", 0) == 0 ||
            name.rfind("anthropic-ratelimit-", 0) == 0) {
            out.emplace_back(name, value);
        }
    }
    return out;
}

void GatewayExchange::write(const std::string& bytes) {
    if (!socket_ || bytes.empty())
        return;
    http1::write_chunk(socket_, bytes);
    if (socket_->bytesToWrite() > GatewayOptions::kMaxBufferedWriteBytes) {
        // The upstream streams faster than this client reads, and a ChatCall cannot be paused: rather than
        // buffer the rest of the stream, the connection is aborted (the client sees a reset, never a clean
        // end), and the call is cancelled when the server drops the connection.
        qCWarning(lcGateway).nospace()
            << "gateway: aborting a stream to " << socket_->peerAddress().toString() << ":"
            << socket_->peerPort() << " (trace "
            << QString::fromStdString(call_ ? call_->identity().trace_id : "")
            << "): " << socket_->bytesToWrite() << " bytes wait for the client to read, above the "
            << GatewayOptions::kMaxBufferedWriteBytes << "-byte bound";
        QTcpSocket* socket = socket_;
        socket_ = nullptr;  // nothing more is written; on_finished only ends
        socket->abort();    // emits disconnected: the server drops the connection and deletes this later
    }
}

void GatewayExchange::on_committed(const StreamCommit& commit) {
    if (!stream_ || head_sent_ || !socket_)
        return;
    head_sent_ = true;
    passthrough_ = commit.protocol == protocol_;
    HeaderPairs headers =
        stormproof_headers(call_->identity().trace_id, commit.attempts, commit.target, commit.fallback);
    for (auto& h : upstream_headers(commit.upstream_headers))
        headers.push_back(std::move(h));
    headers.emplace_back("Cache-Control", "no-cache");
    if (!keep_alive_)
        headers.emplace_back("Connection", "close");
    http1::write_chunked_head(socket_, 200, headers, kSseType);
    if (!passthrough_) {
        synth_.emplace(protocol_, commit.model, call_->identity().trace_id, clock_.system_ms() / 1000);
        write(synth_->start());
    }
}

void GatewayExchange::on_raw_event(const RawSseEvent& event) {
    if (!stream_ || !passthrough_ || ended_)
        return;
    if (is_stream_end(protocol_, event)) {
        held_end_.push_back(event);
        return;
    }
    write(gateway::sse_event(event.event, event.data));
}

void GatewayExchange::on_delta(const QString& text) {
    if (!stream_ || !synth_ || ended_)
        return;
    write(synth_->delta(text.toStdString()));
}

void GatewayExchange::on_finished(const ChatResult& result) {
    if (ended_)
        return;
    // Released from inside its own finished(): deleted once this signal has returned.
    call_.release()->deleteLater();
    if (!socket_) {
        end(false);
        return;
    }
    const int attempts = static_cast<int>(result.attempts.size());
    const std::string served = result.served_by ? result.served_by->target : std::string();
    if (head_sent_) {
        // The stream is under way: finish it, or end it with the protocol's error event.
        if (result.ok) {
            if (passthrough_) {
                for (const RawSseEvent& e : held_end_)
                    write(gateway::sse_event(e.event, e.data));
            } else {
                write(synth_->finish(result.usage, result.finish_reason));
            }
        } else {
            const ChatError& e = *result.error;
            const int status =
                gateway::status_for(gateway::error_class_of(e.error_class), e.status, protocol_);
            std::string message = e.message;
            if (synth_) {
                write(synth_->error(status, message));
            } else {
                const std::string body = gateway::error_body(protocol_, status, message);
                write(protocol_ == WireProtocol::OpenAI ? gateway::sse_event({}, body)
                                                        : gateway::sse_event("error", body));
            }
        }
        if (socket_)  // write() aborts a connection whose client reads too slowly
            http1::write_last_chunk(socket_);
        end(result.ok && keep_alive_);
        return;
    }
    HeaderPairs headers = stormproof_headers(call_ ? call_->identity().trace_id : result.trace_id, attempts,
                                             served, result.fallback_used);
    for (auto& h : upstream_headers(result.upstream_headers))
        headers.push_back(std::move(h));
    if (!keep_alive_)
        headers.emplace_back("Connection", "close");
    if (result.ok && !stream_) {
        const bool same =
            result.served_by && !result.raw_body.empty() &&
            ((result.served_by->provider == "anthropic") == (protocol_ == WireProtocol::Anthropic));
        const std::string body =
            same ? result.raw_body
                 : gateway::reply_body(protocol_, result,
                                       result.served_by ? result.served_by->model : requested_model_,
                                       result.trace_id);
        http1::write_response(socket_, 200, headers, body);
        end(keep_alive_);
        return;
    }
    if (result.ok) {
        // A stream that succeeded without a first token (an empty reply): head and end now.
        http1::write_chunked_head(socket_, 200, headers, kSseType);
        gateway::StreamSynthesizer s(protocol_, result.served_by ? result.served_by->model : requested_model_,
                                     result.trace_id, clock_.system_ms() / 1000);
        write(s.start());
        write(s.finish(result.usage, result.finish_reason));
        if (socket_)
            http1::write_last_chunk(socket_);
        end(keep_alive_);
        return;
    }
    // Failed before anything was sent: the final error, whole, in the caller's shape.
    const ChatError& e = *result.error;
    const int status = gateway::status_for(gateway::error_class_of(e.error_class), e.status, protocol_);
    headers.emplace_back("x-should-retry", "false");
    if (e.retry_after_ms && *e.retry_after_ms > 0)
        headers.emplace_back("retry-after", std::to_string((*e.retry_after_ms + 999) / 1000));
    http1::write_response(socket_, status, headers, gateway::error_body(protocol_, status, e.message));
    end(keep_alive_);
}

void GatewayExchange::end(bool keep_alive) {
    if (ended_)
        return;
    ended_ = true;
    if (done_) {
        auto done = std::move(done_);
        done(keep_alive);
    }
}

}  // namespace stormproof
