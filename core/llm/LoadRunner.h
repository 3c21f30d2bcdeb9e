#pragma once

#include <QObject>
#include <cstdint>
#include <map>
#include <nlohmann/json_fwd.hpp>
#include <string>
#include <vector>

#include "ChatTypes.h"
#include "telemetry/EventBus.h"

namespace stormproof {

class ResilientClient;
class ChatCall;

// contracts.md's `load --json` object.
struct LoadSummary {
    int requests = 0;
    int succeeded = 0;
    int failed = 0;
    int attempts = 0;
    int retries = 0;
    int fallbacks = 0;
    int hedges = 0;
    int budget_denied = 0;
    int short_circuited = 0;
    int cancelled = 0;
    std::int64_t wall_ms = 0;
    std::int64_t cpu_ms = 0;
    std::int64_t p50_ms = 0;
    std::int64_t p95_ms = 0;
    std::int64_t p99_ms = 0;
    int peak_in_flight = 0;
    std::map<std::string, int> errors;

    nlohmann::json to_json() const;
};

// Sends N requests at concurrency C through a client and its policy, and sums up what happened.
class LoadRunner final : public QObject {
    Q_OBJECT

public:
    LoadRunner(ResilientClient& client, int requests, int concurrency, bool stream,
               QObject* parent = nullptr);
    ~LoadRunner() override;

    void start();
    void cancel();
    const LoadSummary& summary() const { return summary_; }
    // Each finished request's result, in completion order (for harnesses that check texts).
    const std::vector<ChatResult>& results() const { return results_; }
    void keep_results(bool keep) { keep_results_ = keep; }

signals:
    void progress(int done, int total);
    void finished(const stormproof::LoadSummary& summary);

private:
    void launch_next();
    void on_done(ChatCall* call, const ChatResult& result);
    void finish();

    ResilientClient& client_;
    int total_;
    int concurrency_;
    bool stream_;
    int launched_ = 0;
    int done_ = 0;
    bool cancelled_ = false;
    bool finished_ = false;
    bool keep_results_ = false;
    std::vector<ChatCall*> running_;
    std::vector<std::int64_t> latencies_ms_;
    std::vector<ChatResult> results_;
    LoadSummary summary_;
    std::int64_t start_ms_ = 0;
    std::int64_t cpu_start_ms_ = 0;
    EventBus::SubscriptionId subscription_ = 0;
};

}  // namespace stormproof
