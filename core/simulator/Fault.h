#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace stormproof {

// What the simulator can do to a request. Names are the scenario file's "kind" values.
enum class FaultKind {
    RateLimit,          // 429 rate_limit_exceeded / rate_limit_error, with retry headers
    InsufficientQuota,  // 429 insufficient_quota (billing)
    ServerError,        // 500
    BadGateway,         // 502
    Unavailable,        // 503
    GatewayTimeout,     // 504
    Overloaded,         // 529 overloaded_error
    BadRequest,         // 400
    Unauthorized,       // 401
    Forbidden,          // 403
    NotFound,           // 404
    TooLarge,           // 413
    ContextLength,      // 400 context_length_exceeded / "prompt is too long"
    Reset,              // the connection is dropped as soon as the request arrives
    Hang,               // no response at all; the connection stays open
    SlowFirstByte,      // the response starts only after delay_ms
    Cut,                // the reply stops after after_tokens tokens: the connection is dropped mid-body
    Stall,              // the stream pauses for stall_ms after after_tokens tokens, then goes on
    MalformedJson,      // 200 with a body (or a stream event) that is not valid JSON
    NoTerminator,       // the stream ends cleanly but without [DONE] / message_stop
    Empty200,           // 200 with an empty body
    StreamError,  // a 200 stream that carries the provider's error object after after_tokens tokens, then
                  // ends (OpenRouter's mid-stream error, Anthropic's error event); unstreamed: a 502
};

std::string_view to_string(FaultKind kind);
std::optional<FaultKind> fault_kind_from_string(std::string_view text);
std::string fault_kind_choices();

// The HTTP status a fault answers with, or 0 for faults below HTTP.
int fault_status(FaultKind kind);

struct FaultSpec {
    FaultKind kind = FaultKind::ServerError;
    double probability = 1.0;         // of a request drawing this fault, 0..1 (a phase's faults sum to <= 1)
    std::vector<std::string> models;  // only requests for these models (empty: all)
    std::optional<std::int64_t> retry_after_ms;  // RateLimit/Overloaded/Unavailable: sent as retry-after-ms
    std::optional<double> retry_after_s;         // sent as retry-after (seconds)
    std::int64_t delay_ms = 0;                   // SlowFirstByte; RateLimit without retry_after_*: the reset
    std::optional<bool> should_retry;            // sent as x-should-retry (status faults)
    int max_count = 0;          // applies to at most this many requests, then never again (0: no limit)
    int after_tokens = 0;       // Cut, Stall, StreamError
    std::int64_t stall_ms = 0;  // Stall

    bool applies_to(const std::string& model) const;
    bool operator==(const FaultSpec&) const = default;
};

}  // namespace stormproof
