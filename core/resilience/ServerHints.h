#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace stormproof {

// Where a wait came from. Names match the event log's delay_source values.
//   RetryAfterMs: retry-after-ms (OpenAI, Anthropic, Azure) or x-ms-retry-after-ms (Azure);
//   BodyRetryDelay: the error body's own wait, google.rpc.RetryInfo.retryDelay (Gemini), when no header
//   gave one.
enum class DelaySource { None, Backoff, RetryAfter, RetryAfterMs, RateLimitReset, BodyRetryDelay };
inline constexpr DelaySource kAllDelaySources[] = {DelaySource::None,           DelaySource::Backoff,
                                                   DelaySource::RetryAfter,     DelaySource::RetryAfterMs,
                                                   DelaySource::RateLimitReset, DelaySource::BodyRetryDelay};
std::string_view to_string(DelaySource source);

// What one hint header said, after the rules for odd values were applied.
enum class HintVerdict {
    Valid,        // a positive wait the caller may honour
    NonPositive,  // 0, negative, or a date already past: ignored, backoff decides (see README, "Server
                  // hints")
    Garbage,      // unparseable: ignored, backoff decides
    Absurd,  // parseable but beyond any sane wait (over 24 h, or overflowing): treated as "above the cap"
};
std::string_view to_string(HintVerdict verdict);

struct HintReading {
    std::string header;
    std::string raw;
    HintVerdict verdict = HintVerdict::Garbage;
    std::int64_t delay_ms = 0;  // meaningful for Valid and Absurd (Absurd holds kAbsurdDelayMs)
};

// Rate-limit state reported by the provider: the dashboard draws headroom from it, and a 429 without
// Retry-After waits for the reset of the dimension that ran out.
struct RateLimitInfo {
    std::optional<std::int64_t> limit_requests;
    std::optional<std::int64_t> remaining_requests;
    std::optional<std::int64_t> reset_requests_ms;
    std::optional<std::int64_t> limit_tokens;
    std::optional<std::int64_t> remaining_tokens;
    std::optional<std::int64_t> reset_tokens_ms;

    bool any() const {
        return limit_requests || remaining_requests || reset_requests_ms || limit_tokens ||
               remaining_tokens || reset_tokens_ms;
    }
};

struct ServerHints {
    // A wait longer than this is not a wait but an outage notice; 24 h.
    static constexpr std::int64_t kAbsurdDelayMs = 24LL * 60 * 60 * 1000;

    // The wait the server asked for, chosen by precedence: retry-after-ms, x-ms-retry-after-ms, retry-after,
    // the body's RetryInfo, then rate-limit reset.
    std::optional<std::int64_t> delay_ms;
    DelaySource source = DelaySource::None;
    // True when the chosen hint was Absurd: callers treat it as above any cap.
    bool absurd = false;

    // x-should-retry: the server's own verdict, which overrides the error class's rule.
    std::optional<bool> should_retry;

    RateLimitInfo rate_limit;

    // Every hint header seen and what was made of it: the reason a hint was not used is shown, never guessed.
    std::vector<HintReading> readings;
};

}  // namespace stormproof
