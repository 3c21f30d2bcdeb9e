#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "HttpHeaders.h"
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

    // retry-after-ms: milliseconds, fractions allowed (OpenAI, Anthropic).
    static HintReading read_retry_after_ms(std::string_view value);

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
