#pragma once

#include <cstdint>
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>
#include <vector>

namespace stormproof {

struct ChatMessage {
    std::string role;  // user | assistant
    std::string content;
};

struct ChatRequest {
    std::string system;
    std::vector<ChatMessage> messages;
    std::optional<double> temperature;
    std::optional<double> top_p;
    std::optional<int> max_tokens;
    std::vector<std::string> stop;
    bool stream = true;
    std::string conversation;  // for per-conversation retry budgets and the event log
};

struct Usage {
    int input_tokens = 0;
    int output_tokens = 0;
};

// One attempt as contracts.md's attempts[] describes it.
struct AttemptRecord {
    int index = 0;
    std::string target;
    std::string model;
    std::int64_t started_ms = 0;  // relative to the start of the request
    std::int64_t duration_ms = 0;
    std::optional<int> status;
    std::string error_class;  // empty on success
    std::string request_id;
    std::string decision;
    std::int64_t delay_ms = 0;
    std::string delay_source = "none";
    std::optional<std::int64_t> ttft_ms;
    bool hedge = false;
    std::string detail;
};

struct ChatError {
    std::string error_class;
    std::optional<int> status;
    std::string message;
    std::string hint;
};

struct ServedBy {
    std::string target;
    std::string provider;
    std::string model;
};

// The outcome of one logical request, after the policy ran its course.
struct ChatResult {
    bool ok = false;
    std::string text;  // on failure: what had been received before it (partial == true)
    bool partial = false;
    std::string trace_id;
    std::string idempotency_key;
    std::optional<ServedBy> served_by;
    bool fallback_used = false;
    std::int64_t total_ms = 0;
    std::optional<std::int64_t> ttft_ms;
    Usage usage;
    std::optional<ChatError> error;
    std::vector<AttemptRecord> attempts;
    std::string finish_reason;

    // contracts.md's `chat --json` object.
    nlohmann::json to_json() const;
};

}  // namespace stormproof
