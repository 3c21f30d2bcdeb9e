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
    std::string caller;        // who asked: a gateway caller's User-Agent, shown on the dashboard; empty for the GUI/CLI
};

struct Usage {
    int input_tokens = 0;
    int output_tokens = 0;
};

// Tokens in text the provider did not count for us (a stream cut before its usage chunk, a hedge cancelled
// mid-reply): OpenAI's rule of thumb of about 4 bytes of English per token. Only the dashboard's estimate of
// tokens wasted on failed and duplicate attempts uses it; billed usage always comes from the provider.
constexpr int kBytesPerEstimatedToken = 4;
int estimated_tokens(std::size_t bytes);
// What a provider likely billed for an attempt that did not deliver: the usage it reported where it reported
// any; otherwise, once output was produced, the prompt and the output estimated from their sizes. An attempt
// refused before generating (429, 5xx, connect errors) produced nothing and cost nothing.
Usage wasted_usage(const Usage& reported, std::size_t prompt_bytes, std::size_t output_bytes);

// One attempt as docs/INTERFACES.md's attempts[] describes it.
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
    std::string reason;  // why the engine stopped: attempts_exhausted, budget_denied, hint_above_cap, ...
    int attempts = 0;    // attempts sent
    std::int64_t elapsed_ms = 0;
    std::string url;  // the base URL of the target where it ended
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

    // docs/INTERFACES.md's `chat --json` object.
    nlohmann::json to_json() const;
};

}  // namespace stormproof
