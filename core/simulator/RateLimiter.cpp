#include "RateLimiter.h"

#include <algorithm>
#include <cmath>

namespace stormproof {

namespace {
constexpr double kMinuteMs = 60000.0;
// Refill arithmetic in doubles accumulates rounding; a bucket within this of the need counts as enough, so a
// client that waits exactly the advertised time is admitted.
constexpr double kEpsilon = 1e-9;
std::int64_t ms_until(double missing, double per_ms) {
    return missing <= kEpsilon || per_ms <= 0
               ? 0
               : static_cast<std::int64_t>(std::ceil(missing / per_ms - kEpsilon));
}
}  // namespace

void RateLimiter::reset(RateLimitSpec spec) {
    spec_ = spec;
    buckets_.clear();
}

RateVerdict RateLimiter::check(const std::string& key, int tokens, std::int64_t now_ms) {
    RateVerdict v;
    if (!spec_.enabled())
        return v;
    v.enabled = true;
    const double rpm = spec_.requests_per_minute;
    const double tpm = spec_.tokens_per_minute;
    auto [it, inserted] = buckets_.try_emplace(key, Buckets{rpm, tpm, now_ms});
    Buckets& b = it->second;
    const double elapsed = static_cast<double>(std::max<std::int64_t>(0, now_ms - b.updated_ms));
    b.requests = std::min(rpm, b.requests + elapsed * rpm / kMinuteMs);
    b.tokens = std::min(tpm, b.tokens + elapsed * tpm / kMinuteMs);
    b.updated_ms = now_ms;

    const bool requests_ok = rpm <= 0 || b.requests >= 1.0 - kEpsilon;
    // A request larger than the whole per-minute allowance could never pass; admit it against a full bucket
    // rather than refuse it forever.
    const double need_tokens = tpm > 0 ? std::min<double>(tokens, tpm) : 0;
    const bool tokens_ok = tpm <= 0 || b.tokens >= need_tokens - kEpsilon;
    v.allowed = requests_ok && tokens_ok;
    if (v.allowed) {
        if (rpm > 0)
            b.requests -= 1.0;
        if (tpm > 0)
            b.tokens -= need_tokens;
    } else {
        const std::int64_t wait_requests = rpm > 0 ? ms_until(1.0 - b.requests, rpm / kMinuteMs) : 0;
        const std::int64_t wait_tokens = tpm > 0 ? ms_until(need_tokens - b.tokens, tpm / kMinuteMs) : 0;
        v.retry_after_ms = std::max<std::int64_t>(1, std::max(wait_requests, wait_tokens));
        v.tokens_exhausted = !tokens_ok;
    }
    v.limit_requests = static_cast<int>(rpm);
    v.remaining_requests = static_cast<int>(std::floor(std::max(0.0, b.requests)));
    v.reset_requests_ms = rpm > 0 ? ms_until(rpm - b.requests, rpm / kMinuteMs) : 0;
    v.limit_tokens = static_cast<int>(tpm);
    v.remaining_tokens = static_cast<int>(std::floor(std::max(0.0, b.tokens)));
    v.reset_tokens_ms = tpm > 0 ? ms_until(tpm - b.tokens, tpm / kMinuteMs) : 0;
    if (!v.allowed && v.tokens_exhausted)
        v.remaining_tokens = std::min(v.remaining_tokens, tokens - 1);
    if (!v.allowed && !requests_ok)
        v.remaining_requests = 0;
    return v;
}

}  // namespace stormproof
