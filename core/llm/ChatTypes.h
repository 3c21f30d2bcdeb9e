#pragma once

#include <cstdint>
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "resilience/Decision.h"
#include "resilience/ErrorClass.h"
#include "resilience/ServerHints.h"

namespace stormproof {

// The two chat protocols a gateway caller may speak, and a target may (the simulator speaks OpenAI's).
enum class WireProtocol { OpenAI, Anthropic };
std::string_view to_string(WireProtocol protocol);

using HeaderList = std::vector<std::pair<std::string, std::string>>;

// A gateway caller's own request, sent on as it came to a target that speaks the caller's protocol: the
// adapter replaces only `model` (unknown fields kept, streamed as the caller asked). A target of the other
// protocol gets the text-chat subset translated from ChatRequest's fields instead -- or, when the body holds
// something the other protocol cannot express (`untranslatable`), is skipped with that reason.
struct Passthrough {
    WireProtocol protocol = WireProtocol::OpenAI;
    std::string body;    // the caller's JSON body, already checked to be a JSON object in valid UTF-8
    HeaderList headers;  // the protocol's own headers to forward (anthropic-version, openai-organization...)
    std::string untranslatable;  // non-empty: what the other protocol cannot take ("tools", "n > 1", ...)
};

// One server-sent event as a provider sent it (the committed attempt's, for a gateway to forward).
struct RawSseEvent {
    std::string event;  // the `event:` name, empty when none
    std::string data;   // the data, lines joined with '\n', already text
};

// A stream's commit point as a caller sees it: who serves the request and what the provider said in its
// head (request id, rate-limit headers), known at the first token.
struct StreamCommit {
    std::string target;
    std::string model;
    WireProtocol protocol = WireProtocol::OpenAI;
    int attempts = 0;  // attempts started so far
    bool fallback = false;
    HeaderList upstream_headers;
};

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
    std::string
        caller;  // who asked: a gateway caller's User-Agent, shown on the dashboard; empty for the GUI/CLI

    // A gateway caller's request (all empty/unset for the GUI and CLI):
    std::string start_target;  // the chain starts at this target; its successors are its fallbacks
    // The chain is start_target alone, without its fallbacks (a compare's column: what it says it ran).
    bool only_start_target = false;
    std::string idempotency_key;              // the request's key on every attempt (one is made when empty)
    std::optional<std::int64_t> deadline_ms;  // shortens the policy's deadline, never lengthens it
    int caller_retry_count = 0;               // the caller's own retries before this one (budget)
    // The caller receives bytes from the first token on: a failure after it ends the request (no restart).
    bool final_after_first_token = false;
    std::optional<Passthrough> passthrough;
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
    std::optional<ErrorClass> error_class;  // none on success
    std::string request_id;
    std::optional<DecisionKind> decision;  // none while the attempt runs ("pending" in JSON)
    std::int64_t delay_ms = 0;
    DelaySource delay_source = DelaySource::None;
    std::optional<std::int64_t> ttft_ms;
    bool hedge = false;
    std::string detail;
};

struct ChatError {
    ErrorClass error_class = ErrorClass::ServerError;
    std::optional<int> status;
    std::string message;
    std::string hint;
    std::optional<DecisionReason> reason;  // why the engine stopped: attempts_exhausted, budget_denied, ...
    int attempts = 0;                      // attempts sent
    std::int64_t elapsed_ms = 0;
    std::string url;  // the base URL of the target where it ended
    // When the target where it ended will take traffic again, where known: its breaker's reopen time or the
    // provider's rate-limit reset / retry-after of the last failed attempt, whichever is later.
    std::optional<std::int64_t> retry_after_ms;
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
    // The model's reasoning (Anthropic thinking, OpenAI-compatible reasoning_content / reasoning), never in
    // text; empty when the model sent none.
    std::string reasoning;
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
    // With a passthrough, the serving attempt's body as the provider sent it (not streamed).
    std::string raw_body;
    // The serving attempt's request id and rate-limit headers (on failure the last failed attempt's).
    HeaderList upstream_headers;

    // docs/INTERFACES.md's `chat --json` object.
    nlohmann::json to_json() const;
};

}  // namespace stormproof
