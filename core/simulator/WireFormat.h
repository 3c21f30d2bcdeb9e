#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "Fault.h"
#include "RateLimiter.h"

namespace stormproof {

// One reply the simulator is about to send, in any wire format.
struct SimCompletion {
    std::string id;
    std::string model;
    std::vector<std::string> tokens;
    int prompt_tokens = 0;
    std::int64_t created_s = 0;
    bool include_usage = false;      // OpenAI stream_options.include_usage
    bool cut_by_max_tokens = false;  // the client's max_tokens ended it: finish_reason length / max_tokens
    bool stream_error = false;       // stream_error fault: the stream ends in the provider's error object
};

using HeaderPairs = std::vector<std::pair<std::string, std::string>>;

// A provider's wire format as the simulator speaks it: bodies, stream events, error bodies and headers
// exactly as the real API sends them, so the official SDKs parse it.
class WireFormat {
public:
    virtual ~WireFormat() = default;

    virtual std::string completion_body(const SimCompletion& c) const = 0;
    // Stream events, each already framed as SSE ("event: ...\ndata: ...\n\n").
    virtual std::string stream_start(const SimCompletion& c) const = 0;
    virtual std::string stream_token(const SimCompletion& c, std::size_t index) const = 0;
    // The events after the last token; with_terminator false leaves out [DONE] / message_stop (a fault).
    virtual std::string stream_end(const SimCompletion& c, bool with_terminator) const = 0;
    // A stream event whose data is not valid JSON (a fault).
    virtual std::string stream_garbage() const = 0;

    virtual std::string error_body(FaultKind kind, const std::string& model) const = 0;
    // The body a status fault answers with; a dialect may put the fault's wait in it (Gemini's RetryInfo).
    virtual std::string fault_body(const FaultSpec& fault, const std::string& model) const {
        return error_body(fault.kind, model);
    }
    // The HTTP status of a fault in this provider's dialect (402 for credits at OpenRouter, 503 for
    // Gemini's overload...); 0 for faults below HTTP.
    virtual int fault_status(FaultKind kind) const { return stormproof::fault_status(kind); }
    virtual std::string error_body(int status, const std::string& type, const std::string& message) const = 0;
    // The 429 body of the rate limiter, with the very numbers of its headers (limit, used, wait).
    virtual std::string rate_limited_body(const RateVerdict& v, const std::string& model,
                                          int requested_tokens) const = 0;

    virtual std::string request_id_header() const = 0;  // x-request-id / request-id
    virtual std::string request_id(std::uint64_t n) const = 0;
    // Rate-limit headers in this provider's names; now_system_ms for absolute reset times.
    virtual HeaderPairs rate_limit_headers(const RateVerdict& v, std::int64_t now_system_ms) const = 0;
    // The retry headers an error fault answers with (retry-after-ms, retry-after, reset headers,
    // x-should-retry): one source for the server and the settings preview, so both teach the client the same.
    virtual HeaderPairs fault_headers(const FaultSpec& fault, std::int64_t now_system_ms) const;
    // The wait headers of the rate limiter's 429 (retry-after-ms and retry-after unless a dialect says
    // otherwise).
    virtual HeaderPairs rate_limited_headers(const RateVerdict& v) const;

    // The requests-per-minute limit a rate_limit fault without retry_after_* reports (headers and body).
    static constexpr int kFaultRateLimitRequests = 60;

    // "1m1.5s", "20ms": the duration format of OpenAI's reset headers.
    static std::string go_duration(std::int64_t ms);
    static std::string rfc3339(std::int64_t unix_ms);
};

}  // namespace stormproof
