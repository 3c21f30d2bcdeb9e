#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "HttpHeaders.h"
#include "ProviderError.h"
#include "ServerHints.h"

namespace stormproof {

// Reads the wait and rate-limit hints that OpenAI, Anthropic and generic HTTP servers send.
class ServerHintParser {
public:
    // now_system_ms: Unix ms, to turn absolute times (HTTP-date, RFC 3339) into waits.
    // For a rate-limited response (is_rate_limited), the reset headers are a fallback source for the wait.
    static ServerHints parse(const HttpHeaders& headers, std::int64_t now_system_ms, bool is_rate_limited);

    // Retry-After: delta-seconds ("120"), fractional seconds ("1.5", sent by some gateways), or an HTTP-date
    // in IMF-fixdate, RFC 850 or asctime form (RFC 9110 §10.2.3, §5.6.7).
    static HintReading read_retry_after(std::string_view value, std::int64_t now_system_ms);

    // retry-after-ms: milliseconds, fractions allowed (OpenAI, Anthropic, Azure). header names the reading
    // (Azure also sends the same value as x-ms-retry-after-ms).
    static HintReading read_retry_after_ms(std::string_view value,
                                           std::string_view header = kRetryAfterMsHeader);

    // The wait an error body asks for: Google's google.rpc.RetryInfo.retryDelay (Gemini's OpenAI-compatible
    // endpoint sends it in a 429's body and no Retry-After header). Adds its reading to hints and, when no
    // header gave a usable wait (a rate-limit reset is only an inference, so the body's explicit wait beats
    // it), makes it the wait with source BodyRetryDelay.
    static void apply_body_hint(ServerHints& hints, const ProviderError& error);

    // A protobuf Duration in its JSON form: seconds with up to nine fractional digits and an "s" suffix
    // ("1s", "0.5s", "30.123456789s"); milliseconds rounded up, or nullopt.
    static std::optional<double> parse_proto_duration_ms(std::string_view text);

    static constexpr std::string_view kRetryAfterMsHeader = "retry-after-ms";
    static constexpr std::string_view kAzureRetryAfterMsHeader = "x-ms-retry-after-ms";
    // The name a body's wait is shown under in a hint reading (and the event log's hint readings).
    static constexpr std::string_view kBodyRetryDelayName = "error.details[RetryInfo].retryDelay";

    // A duration in Go's time.Duration syntax, as OpenAI's x-ratelimit-reset-* use: "1s", "6m0s", "20ms",
    // "1h2m3.5s". Returns milliseconds rounded up (a wait too short re-hits the limit), or nullopt.
    static std::optional<std::int64_t> parse_go_duration_ms(std::string_view text);

    // An HTTP-date in any of the three forms; Unix ms, or nullopt.
    // now_system_ms resolves RFC 850 two-digit years (RFC 9110: more than 50 years ahead means last century).
    static std::optional<std::int64_t> parse_http_date_ms(std::string_view text, std::int64_t now_system_ms);

    // An RFC 3339 timestamp ("2026-01-01T00:00:30Z", fractions and offsets allowed); Unix ms, or nullopt.
    static std::optional<std::int64_t> parse_rfc3339_ms(std::string_view text);
};

}  // namespace stormproof
