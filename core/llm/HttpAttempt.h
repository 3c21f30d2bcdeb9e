#pragma once

#include <QByteArray>
#include <QObject>
#include <QPointer>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "ChatTypes.h"
#include "ProviderAdapter.h"
#include "SseParser.h"
#include "TransportPool.h"
#include "resilience/AttemptOutcome.h"
#include "resilience/Clock.h"
#include "resilience/HttpHeaders.h"
#include "resilience/Scheduler.h"

class QNetworkReply;

namespace stormproof {

struct AttemptResult {
    AttemptOutcome outcome;
    std::string text;       // everything this attempt produced
    std::string reasoning;  // the model's reasoning, kept apart from text (thinking, reasoning_content)
    Usage usage;
    std::string finish_reason;
    HttpHeaders headers;
    std::string raw_body;  // a whole (non-streamed) 2xx body as the provider sent it, already text (only
                           // with HttpRequestSpec::keep_raw_body)
};

// One HTTP exchange of one attempt, as an asynchronous job in the KJob manner: start() never blocks and never
// calls back before returning; finished is called exactly once -- on success, failure, timeout or cancel();
// cancel() is safe at any moment, before start, during, after the end, and more than once.
//
// Timeouts (all clamped by the engine to the request's deadline): connect (until the request is on the wire),
// first token (until the first content token, or the whole body when not streaming), idle (silence between
// stream chunks after the first token) and attempt (the whole exchange).
class HttpAttempt final : public QObject {
public:
    struct Callbacks {
        std::function<void()> on_first_token;
        std::function<void(std::string_view)> on_delta;
        // Optional: reasoning text as it arrives (before or between answer deltas). Reasoning is output: it
        // counts as the first token and keeps the idle timer quiet, but never reaches on_delta.
        std::function<void(std::string_view)> on_reasoning;
        std::function<void(const AttemptResult&)> on_finished;
        // Optional: every server-sent event of a 2xx stream as it was parsed, before the decoder reads it (a
        // gateway forwards them as the provider sent them).
        std::function<void(const RawSseEvent&)> on_raw_event;
    };

    HttpAttempt(TransportPool& pool, Scheduler& scheduler, const Clock& clock, const ProviderAdapter& adapter,
                HttpRequestSpec spec, const AttemptSpec& limits, Callbacks callbacks);
    ~HttpAttempt() override;

    void start();
    void cancel();
    bool done() const { return done_; }
    // The response headers the engine and a gateway read (request ids, wait hints, rate-limit state), as far
    // as they have arrived: at the first token a stream's head is known.
    HttpHeaders response_headers() const;

private:
    void on_ready_read();
    void on_reply_finished();
    void on_timeout(TransportError reason);
    void finish(AttemptResult result);
    void arm(Timer& timer, std::int64_t ms, TransportError reason);
    AttemptResult build_result();

    TransportPool& pool_;
    TransportPool::Lease lease_;
    Scheduler& scheduler_;
    const Clock& clock_;
    const ProviderAdapter& adapter_;
    HttpRequestSpec spec_;
    AttemptSpec limits_;
    Callbacks callbacks_;

    QPointer<QNetworkReply> reply_;
    std::unique_ptr<StreamDecoder> decoder_;
    SseParser sse_;
    QByteArray body_;
    std::int64_t started_ms_ = 0;
    std::optional<std::int64_t> ttft_ms_;
    bool started_ = false;
    bool done_ = false;
    bool cancelled_ = false;
    bool body_too_large_ = false;
    TransportError timeout_reason_ = TransportError::None;
    // Owned: destroying this attempt cancels them, so their callbacks never see a destroyed attempt.
    Timer connect_timer_;
    Timer first_token_timer_;
    Timer idle_timer_;
    Timer attempt_timer_;
};

}  // namespace stormproof
