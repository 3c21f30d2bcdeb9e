#include "HttpAttempt.h"

#include <QIODevice>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QUrl>
#include <algorithm>
#include <cstring>

#include "resilience/ServerHintParser.h"
#include "resilience/Text.h"

namespace stormproof {

namespace {
// Error bodies are small; successful non-streamed replies can be long, but not this long.
constexpr qsizetype kMaxBodyBytes = 64 << 20;

// A request body that can be sent once. Qt's HTTP layer resends a request by itself when a kept-alive
// connection closes before the response arrives (QHttpNetworkConnectionChannel::_q_error →
// resendCurrentRequest), whatever the method, with the same idempotency key: an attempt the engine never
// decided, counted, budgeted or showed. Before a resend Qt rewinds the body (resetUploadData →
// QNonContiguousByteDevice::reset); a body that refuses to rewind once any byte of it was read makes Qt fail
// the reply with ContentReSendError instead, which is reported as a connection reset and retried, or not, by
// the engine like any other. A rewind before anything was read (a connection that failed before the request
// went out) is allowed: no server can have seen that request. Not a QBuffer: Qt reads a QBuffer's bytes
// directly and never asks it to rewind.
class SendOnceBody final : public QIODevice {
public:
    SendOnceBody(QByteArray data, QObject* parent) : QIODevice(parent), data_(std::move(data)) {
        open(QIODevice::ReadOnly | QIODevice::Unbuffered);
    }
    bool isSequential() const override { return false; }
    qint64 size() const override { return data_.size(); }
    bool seek(qint64 pos) override {
        if (pos != position_ && read_any_)
            return false;
        if (pos < 0 || pos > data_.size())
            return false;
        position_ = pos;
        return QIODevice::seek(pos);
    }
    bool reset() override { return seek(0); }
    bool atEnd() const override { return position_ >= data_.size(); }

protected:
    qint64 readData(char* out, qint64 max) override {
        const qint64 n = std::min<qint64>(max, data_.size() - position_);
        if (n <= 0)
            return 0;
        std::memcpy(out, data_.constData() + position_, static_cast<std::size_t>(n));
        position_ += n;
        read_any_ = true;
        return n;
    }
    qint64 writeData(const char*, qint64) override { return -1; }

private:
    QByteArray data_;
    qint64 position_ = 0;
    bool read_any_ = false;
};

TransportError from_qt(QNetworkReply::NetworkError error) {
    switch (error) {
        case QNetworkReply::ConnectionRefusedError:
            return TransportError::ConnectionRefused;
        case QNetworkReply::RemoteHostClosedError:
        case QNetworkReply::ContentReSendError:  // see SendOnceBody: the connection closed under a sent
                                                 // request
            return TransportError::ConnectionReset;
        case QNetworkReply::HostNotFoundError:
            return TransportError::HostNotFound;
        case QNetworkReply::TimeoutError:
            return TransportError::ConnectTimeout;
        case QNetworkReply::SslHandshakeFailedError:
        case QNetworkReply::TooManyRedirectsError:
        case QNetworkReply::InsecureRedirectError:
            return TransportError::Tls;
        case QNetworkReply::OperationCanceledError:
            return TransportError::Cancelled;
        default:
            return TransportError::Protocol;
    }
}
}  // namespace

HttpAttempt::HttpAttempt(TransportPool& pool, Scheduler& scheduler, const Clock& clock,
                         const ProviderAdapter& adapter, HttpRequestSpec spec, const AttemptSpec& limits,
                         Callbacks callbacks)
    : pool_(pool),
      scheduler_(scheduler),
      clock_(clock),
      adapter_(adapter),
      spec_(std::move(spec)),
      limits_(limits),
      callbacks_(std::move(callbacks)),
      decoder_(adapter.make_decoder()) {}

HttpAttempt::~HttpAttempt() {
    if (reply_) {
        reply_->disconnect(this);
        reply_->abort();
        reply_->deleteLater();
    }
    if (lease_.manager)
        pool_.release(lease_);
}

void HttpAttempt::arm(Timer& timer, std::int64_t ms, TransportError reason) {
    timer.cancel();
    if (ms <= 0)
        return;
    timer = Timer(scheduler_, ms, [this, &timer, reason] {
        timer.fired();
        on_timeout(reason);
    });
}

void HttpAttempt::start() {
    if (started_ || done_)
        return;
    started_ = true;
    started_ms_ = clock_.steady_ms();
    lease_ = pool_.acquire();
    QNetworkRequest request{QUrl(QString::fromStdString(spec_.url))};
    for (const auto& [name, value] : spec_.headers)
        request.setRawHeader(QByteArray::fromStdString(name), QByteArray::fromStdString(value));
    // Never let a cached or pipelined response stand in for a fresh model answer.
    request.setAttribute(QNetworkRequest::CacheLoadControlAttribute, QNetworkRequest::AlwaysNetwork);
    request.setAttribute(QNetworkRequest::HttpPipeliningAllowedAttribute, false);
    request.setHeader(QNetworkRequest::ContentLengthHeader, static_cast<qlonglong>(spec_.body.size()));
    auto* body = new SendOnceBody(QByteArray::fromStdString(spec_.body), nullptr);
    reply_ = lease_.manager->post(request, body);
    body->setParent(reply_);  // Qt reads it until the reply finishes; it goes with the reply
    connect(reply_, &QNetworkReply::requestSent, this, [this] { connect_timer_.cancel(); });
    connect(reply_, &QNetworkReply::readyRead, this, &HttpAttempt::on_ready_read);
    connect(reply_, &QNetworkReply::finished, this, &HttpAttempt::on_reply_finished);
    arm(connect_timer_, limits_.connect_timeout_ms, TransportError::ConnectTimeout);
    arm(first_token_timer_, limits_.first_token_timeout_ms, TransportError::FirstTokenTimeout);
    arm(attempt_timer_, limits_.attempt_timeout_ms, TransportError::AttemptTimeout);
}

void HttpAttempt::cancel() {
    if (done_)
        return;
    cancelled_ = true;
    if (reply_ && !reply_->isFinished()) {
        reply_->abort();  // finished() arrives through on_reply_finished
        if (done_)
            return;
    }
    AttemptResult result;
    result.outcome.transport = TransportError::Cancelled;
    result.outcome.duration_ms = started_ ? clock_.steady_ms() - started_ms_ : 0;
    result.text = decoder_->text();
    finish(std::move(result));
}

void HttpAttempt::on_timeout(TransportError reason) {
    if (done_)
        return;
    timeout_reason_ = reason;
    if (reply_)
        reply_->abort();
    if (!done_)
        finish(build_result());
}

void HttpAttempt::on_ready_read() {
    if (!reply_ || done_)
        return;
    connect_timer_.cancel();
    const QByteArray chunk = reply_->readAll();
    const int status = reply_->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const bool success_status = status >= 200 && status < 300;
    if (!(spec_.stream && success_status)) {
        if (!ttft_ms_)
            ttft_ms_ = clock_.steady_ms() - started_ms_;
        if (body_.size() + chunk.size() > kMaxBodyBytes) {
            body_too_large_ = true;
            reply_->abort();
            return;
        }
        body_.append(chunk);
        return;
    }
    sse_.feed(std::string_view(chunk.constData(), static_cast<std::size_t>(chunk.size())));
    for (const SseEvent& event : sse_.take_events()) {
        if (callbacks_.on_raw_event)
            callbacks_.on_raw_event(
                RawSseEvent{event.type == "message" ? std::string() : event.type, event.data});
        decoder_->on_event(event);
    }
    if (sse_.overflowed()) {
        reply_->abort();
        return;
    }
    const std::string reasoning = decoder_->take_reasoning();
    const std::string text = decoder_->take_text();
    if (!text.empty() || !reasoning.empty()) {
        if (!ttft_ms_) {
            ttft_ms_ = clock_.steady_ms() - started_ms_;
            first_token_timer_.cancel();
            if (callbacks_.on_first_token)
                callbacks_.on_first_token();
            if (done_)
                return;  // the first token may have decided a race and cancelled us
        }
        if (!reasoning.empty() && callbacks_.on_reasoning) {
            callbacks_.on_reasoning(reasoning);
            if (done_)
                return;
        }
        if (!text.empty() && callbacks_.on_delta)
            callbacks_.on_delta(text);
        if (done_)
            return;
    }
    if (ttft_ms_)
        arm(idle_timer_, limits_.idle_timeout_ms, TransportError::IdleTimeout);
}

void HttpAttempt::on_reply_finished() {
    if (done_)
        return;
    if (reply_ && reply_->bytesAvailable() > 0)
        on_ready_read();
    if (done_)
        return;
    finish(build_result());
}

HttpHeaders HttpAttempt::response_headers() const {
    HttpHeaders headers;
    if (!reply_)
        return headers;
    // Only the headers the engine and the dashboard read: request ids, wait hints, rate-limit state.
    for (const auto& [name, value] : reply_->rawHeaderPairs()) {
        const QByteArray lower = name.toLower();
        if (lower.startsWith("x-ratelimit-") || lower.startsWith("anthropic-ratelimit-") ||
            lower.startsWith("retry-after") || lower == "x-should-retry" || lower == "x-request-id" ||
            lower == "request-id" || lower == "x-ms-retry-after-ms" || lower == "apim-request-id") {
            headers.add(lower.toStdString(), value.toStdString());
        }
    }
    return headers;
}

AttemptResult HttpAttempt::build_result() {
    AttemptResult result;
    AttemptOutcome& o = result.outcome;
    o.duration_ms = clock_.steady_ms() - started_ms_;
    o.ttft_ms = ttft_ms_;
    o.received_first_token = decoder_->has_text() || decoder_->has_reasoning();
    result.text = decoder_->text();
    result.reasoning = decoder_->reasoning();
    if (!reply_) {
        o.transport = cancelled_ ? TransportError::Cancelled : TransportError::Protocol;
        return result;
    }
    const int status = reply_->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (status > 0)
        o.http_status = status;
    result.headers = response_headers();
    o.request_id = result.headers.get("x-request-id")
                       .value_or(result.headers.get("request-id")
                                     .value_or(result.headers.get("apim-request-id").value_or("")));
    o.hints = ServerHintParser::parse(result.headers, clock_.system_ms(), status == 429);

    if (timeout_reason_ != TransportError::None) {
        o.transport = timeout_reason_;
        return result;
    }
    if (cancelled_) {
        o.transport = TransportError::Cancelled;
        return result;
    }
    const QNetworkReply::NetworkError error = reply_->error();
    if (status == 0) {
        o.transport = error == QNetworkReply::NoError ? TransportError::Protocol : from_qt(error);
        return result;
    }
    if (status < 200 || status >= 300) {
        // Qt flags 4xx/5xx as errors too; the status and body are what matter.
        o.provider_error =
            ProviderError::parse(std::string_view(body_.constData(), static_cast<std::size_t>(body_.size())));
        ServerHintParser::apply_body_hint(o.hints, o.provider_error);  // Gemini's RetryInfo
        return result;
    }
    if (body_too_large_) {
        o.transport = TransportError::MalformedBody;
        return result;
    }
    if (spec_.stream) {
        result.usage = decoder_->usage();
        result.finish_reason = decoder_->finish_reason();
        if (decoder_->stream_error()) {
            o.transport = TransportError::StreamError;
            o.provider_error = *decoder_->stream_error();
        } else if (decoder_->malformed() || sse_.overflowed()) {
            o.transport = TransportError::MalformedBody;
        } else if (!decoder_->complete()) {
            // Judged by the protocol's end markers, not by Qt's error: Qt 6.4 can report a stream cut after a
            // complete chunk as a clean end, and both official SDKs return such text as if it were whole.
            o.transport = error != QNetworkReply::NoError ? TransportError::ConnectionReset
                                                          : TransportError::TruncatedStream;
        }
        return result;
    }
    if (error != QNetworkReply::NoError) {
        o.transport = TransportError::ConnectionReset;  // the body was promised but not delivered whole
        return result;
    }
    const std::string_view body(body_.constData(), static_cast<std::size_t>(body_.size()));
    if (!adapter_.parse_body(body, result.text, result.usage, result.finish_reason, &result.reasoning)) {
        o.transport = TransportError::MalformedBody;
        result.text.clear();
        result.reasoning.clear();
        return result;
    }
    if (spec_.keep_raw_body) {
        std::string storage;
        result.raw_body = std::string(text_view(body, storage));
    }
    o.received_first_token = !result.text.empty();
    return result;
}

void HttpAttempt::finish(AttemptResult result) {
    if (done_)
        return;
    done_ = true;
    connect_timer_.cancel();
    first_token_timer_.cancel();
    idle_timer_.cancel();
    attempt_timer_.cancel();
    if (lease_.manager) {
        pool_.release(lease_);
        lease_ = {};
    }
    if (callbacks_.on_finished) {
        // Moved out first: the callback may destroy this object.
        auto on_finished = std::move(callbacks_.on_finished);
        on_finished(result);
    }
}

}  // namespace stormproof
