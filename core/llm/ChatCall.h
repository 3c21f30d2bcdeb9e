#pragma once

#include <QObject>
#include <QString>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "ChatTypes.h"
#include "ClientContext.h"
#include "HttpAttempt.h"
#include "config/Policy.h"
#include "resilience/RequestExecution.h"
#include "resilience/Scheduler.h"
#include "telemetry/TelemetryEvent.h"

namespace stormproof {

class Redactor;
class ResilientClient;
class ResilienceState;
class TransitionGate;
class TransportPool;

// A chat target with everything resolved for one request: URL, model as sent, key values.
struct ResolvedTarget {
    TargetConfig config;
    std::string base_url;
    std::string model;
    std::vector<std::string>
        keys;  // may be empty: every attempt then fails as auth without touching the network
    std::string missing_key_detail;
    std::string missing_key_env;  // the first environment variable that was not set, for the hint
    const ProviderAdapter* adapter = nullptr;
};

// What the UI shows while a request waits: "retrying in 3.2 s — 429, Retry-After — attempt 2 of 5".
struct WaitInfo {
    std::int64_t delay_ms = 0;
    DelaySource delay_source = DelaySource::None;
    std::optional<ErrorClass> error_class;
    std::optional<int> status;
    std::string target;
    int next_attempt_on_target = 0;
    int max_attempts = 0;
};

// Everything a call works with, handed over by the client that made it (and outliving the call): the app's
// context, and the client's shared resilience state, connection pool, redactor and transition gate.
struct CallContext {
    ClientContext app;
    ResilienceState& state;
    TransportPool& pool;
    const Redactor& redactor;
    TransitionGate& transitions;
};

// One logical chat request through the resilience engine, as an asynchronous job (KJob's contract):
// start() returns at once and never emits before returning; finished() is emitted exactly once; cancel()
// works at any moment (before start, while an attempt runs, during a wait, after the end) and is idempotent.
class ChatCall final : public QObject {
    Q_OBJECT

public:
    ~ChatCall() override;

    void start();
    void cancel();
    // Skips the current backoff wait and retries at once (the UI's "retry now").
    void retry_now();

    bool is_finished() const { return finished_; }
    const ChatResult& result() const { return result_; }
    const RequestIdentity& identity() const { return execution_.identity(); }
    const std::string& text() const { return text_; }
    const std::string& reasoning() const { return reasoning_; }

signals:
    void delta(const QString& text);
    // The committed attempt's reasoning (thinking, reasoning_content), apart from the answer's deltas.
    void reasoning_delta(const QString& text);
    // A committed stream failed and is being restarted: discard what was shown (answer and reasoning).
    void text_reset();
    void waiting(const stormproof::WaitInfo& info);
    void attempt_started(const stormproof::AttemptRecord& record);
    void attempt_finished(const stormproof::AttemptRecord& record);
    void finished(const stormproof::ChatResult& result);
    // For a request with a passthrough (a gateway's): the stream committed -- emitted at the first token,
    // before its delta -- then every server-sent event of the committed attempt as the provider sent it,
    // those before the first token included (buffered per attempt until then; a losing or failed attempt's
    // buffer is dropped, never emitted).
    void committed(const stormproof::StreamCommit& commit);
    void raw_event(const stormproof::RawSseEvent& event);

private:
    friend class ResilientClient;
    class ResilienceState;
    class TransitionGate;
    class TransportPool;
    ChatCall(const CallContext& context, ChatRequest request, std::vector<ResolvedTarget> targets,
             std::shared_ptr<const ResiliencePolicy> policy, RequestIdentity identity);

    void apply(const Step& step);
    void launch(const AttemptSpec& spec);
    void on_first_token(int attempt_id);
    void on_delta(int attempt_id, std::string_view text);
    void on_reasoning(int attempt_id, std::string_view text);
    void on_attempt_finished(int attempt_id, const AttemptResult& result);
    void record_decision(const Decision& decision);
    void complete();
    TelemetryEvent make_event(EventKind kind) const;
    AttemptRecord* record_for(int attempt_id);
    // The gateway's additions (passthrough requests): skip targets that cannot take the request, apply the
    // caller's limits, buffer and forward raw events, and fill the result's upstream details.
    void apply_gateway_request();
    void on_raw_event(int attempt_id, const RawSseEvent& event);
    void emit_commit(int attempt_id);
    void add_gateway_details();
    std::int64_t now() const;

    CallContext ctx_;
    ChatRequest request_;
    std::vector<ResolvedTarget> targets_;
    RequestExecution execution_;
    std::map<int, HttpAttempt*> attempts_;
    std::map<int, StreamResume> resume_of_;
    std::map<int, std::size_t> output_bytes_;  // per attempt, committed or not: the tokens a loser wasted
    std::size_t prompt_bytes_ = 0;
    std::int64_t started_ms_ = 0;
    std::optional<std::int64_t> ttft_ms_;
    std::string text_;
    std::string reasoning_;
    ChatResult result_;
    std::optional<AttemptResult> last_success_;
    int last_target_ = -1;
    std::optional<int> last_status_;
    std::string missing_key_detail_;  // why a target had no key (the variable that is not set)
    // Every timer is owned here and cancelled with this call: a callback never sees a destroyed ChatCall.
    Timer start_timer_;                     // start() returns before anything is emitted
    Timer wait_timer_;                      // the wait before a retry
    std::map<int, Timer> hedge_timers_;     // by the attempt a hedge would race
    std::map<int, Timer> no_key_attempts_;  // attempts that fail as auth without touching the network
    bool started_ = false;
    bool finished_ = false;
    // Gateway requests only: raw events per attempt until its first token, and what the result reports.
    std::map<int, std::vector<RawSseEvent>> raw_buffers_;
    std::map<int, std::size_t> raw_buffered_bytes_;
    bool commit_emitted_ = false;
    HeaderList last_failed_headers_;
    std::optional<std::int64_t> hint_until_ms_;  // steady ms when the last failure's wait hint runs out
};

}  // namespace stormproof
