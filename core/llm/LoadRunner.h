#pragma once

#include <QObject>
#include <cstdint>
#include <map>
#include <memory>
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>
#include <vector>

#include "ChatTypes.h"
#include "ClientContext.h"
#include "resilience/Scheduler.h"
#include "telemetry/EventBus.h"

namespace stormproof {

class ResilientClient;
class ChatCall;

// The `load --json` object (docs/INTERFACES.md). One definition per word, the same in the event log, the
// dashboard and the README:
struct LoadSummary {
    int requests = 0;  // user-facing requests started
    int succeeded = 0;
    int failed = 0;
    int attempts = 0;   // HTTP exchanges sent, hedges included
    int retries = 0;    // attempts beyond each request's first: attempts = requests that sent one + retries
    int fallbacks = 0;  // requests answered by a target other than the chain's first
    int hedges = 0;     // duplicate attempts started by hedging (also counted in attempts and retries)
    int budget_denied = 0;    // retries the retry budget refused
    int short_circuited = 0;  // times a target was skipped because its circuit breaker was open
    int cancelled = 0;
    std::int64_t wall_ms = 0;
    std::int64_t cpu_ms = 0;
    std::int64_t p50_ms = 0;
    std::int64_t p95_ms = 0;
    std::int64_t p99_ms = 0;
    int peak_in_flight = 0;
    double rate_per_s = 0;   // the open-loop start rate asked for (0: as fast as the concurrency allows)
    double peak_rss_mb = 0;  // of the whole process, for comparing clients
    std::map<ErrorClass, int> errors;          // failed requests by their final class
    std::map<ErrorClass, int> attempt_errors;  // failed attempts by class: the causes underneath

    nlohmann::json to_json() const;
};

// One request of a load run, kept for harnesses that check what came back (bench/peers compares the texts
// with what the simulator sent, to catch a truncated reply passed off as a success).
struct LoadReply {
    int index = 0;                     // request n carries the prompt prompt_for(n)
    std::int64_t started_unix_ms = 0;  // when it was started, to place it in a scenario's phases
    ChatResult result;
};

// Sends N requests at concurrency C through a client and its policy, and sums up what happened. With a rate,
// the load is open-loop: request n starts n / rate seconds after the first, or later when all C are busy, so
// a slow or failing server does not slow the arrivals down (closed-loop load hides outages behind fewer
// requests).
class LoadRunner final : public QObject {
    Q_OBJECT

public:
    LoadRunner(ResilientClient& client, const ClientContext& context, int requests, int concurrency,
               bool stream, QObject* parent = nullptr);
    ~LoadRunner() override;

    static std::string prompt_for(int index);

    void set_rate(double requests_per_s) { rate_per_s_ = requests_per_s > 0 ? requests_per_s : 0; }
    void keep_replies(bool keep) { keep_replies_ = keep; }
    // max_tokens and temperature of every request (unset: the provider's defaults).
    void set_sampling(std::optional<int> max_tokens, std::optional<double> temperature) {
        max_tokens_ = max_tokens;
        temperature_ = temperature;
    }
    void start();
    void cancel();
    const LoadSummary& summary() const { return summary_; }
    // Each finished request, in completion order (only with keep_replies).
    const std::vector<LoadReply>& replies() const { return replies_; }

signals:
    void progress(int done, int total);
    void finished(const stormproof::LoadSummary& summary);

private:
    void launch_ready();
    void launch_next();
    void on_done(ChatCall* call, int index, std::int64_t started_unix_ms, const ChatResult& result);
    void finish();

    ResilientClient& client_;
    ClientContext context_;
    int total_;
    int concurrency_;
    bool stream_;
    int launched_ = 0;
    int done_ = 0;
    bool cancelled_ = false;
    bool finished_ = false;
    bool keep_replies_ = false;
    double rate_per_s_ = 0;
    std::optional<int> max_tokens_;
    std::optional<double> temperature_;
    Timer pacing_timer_;                              // owned: cancelled with the runner
    Timer finish_timer_;                              // an empty load still finishes asynchronously
    std::vector<std::unique_ptr<ChatCall>> running_;  // owned; deleted (so cancelled) with the runner
    std::vector<std::int64_t> latencies_ms_;
    std::vector<LoadReply> replies_;
    LoadSummary summary_;
    std::int64_t start_ms_ = 0;
    std::int64_t cpu_start_ms_ = 0;
    EventBus::Subscription subscription_;  // owned: unsubscribed with the runner
};

}  // namespace stormproof
