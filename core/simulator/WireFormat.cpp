#include "WireFormat.h"

#include <cmath>
#include <cstdio>
#include <ctime>

namespace stormproof {

HeaderPairs WireFormat::fault_headers(const FaultSpec& fault, std::int64_t now_system_ms) const {
    HeaderPairs headers;
    if (fault.retry_after_ms)
        headers.emplace_back("retry-after-ms", std::to_string(*fault.retry_after_ms));
    if (fault.kind == FaultKind::RateLimit && !fault.retry_after_ms && !fault.retry_after_s) {
        // Only the rate-limit state: the client must work the wait out from the reset headers.
        RateVerdict exhausted;
        exhausted.enabled = true;
        exhausted.limit_requests = kFaultRateLimitRequests;
        exhausted.remaining_requests = 0;
        exhausted.reset_requests_ms = fault.delay_ms > 0 ? fault.delay_ms : 1000;
        for (auto& h : rate_limit_headers(exhausted, now_system_ms))
            headers.push_back(h);
    }
    if (fault.retry_after_s) {
        const double s = *fault.retry_after_s;
        headers.emplace_back("retry-after", s == std::floor(s) ? std::to_string(static_cast<long long>(s))
                                                               : std::to_string(s));
    }
    if (fault.should_retry) {
        headers.emplace_back("x-should-retry", *fault.should_retry ? "true" : "false");
    } else if (fault.kind == FaultKind::Unavailable || fault.kind == FaultKind::Overloaded ||
               fault.kind == FaultKind::ServerError) {
        headers.emplace_back("x-should-retry", "true");  // as OpenAI's edge does for transient failures
    }
    return headers;
}

HeaderPairs WireFormat::rate_limited_headers(const RateVerdict& v) const {
    return {{"retry-after-ms", std::to_string(v.retry_after_ms)},
            {"retry-after", std::to_string((v.retry_after_ms + 999) / 1000)}};
}

std::string WireFormat::go_duration(std::int64_t ms) {
    if (ms < 1000)
        return std::to_string(ms) + "ms";
    const std::int64_t h = ms / 3600000;
    const std::int64_t m = (ms / 60000) % 60;
    const std::int64_t s_ms = ms % 60000;
    std::string out;
    if (h > 0)
        out += std::to_string(h) + "h";
    if (h > 0 || m > 0)
        out += std::to_string(m) + "m";
    out += std::to_string(s_ms / 1000);
    if (s_ms % 1000) {
        char frac[8];
        std::snprintf(frac, sizeof frac, ".%03d", static_cast<int>(s_ms % 1000));
        std::string f(frac);
        while (f.back() == '0')
            f.pop_back();
        out += f;
    }
    return out + "s";
}

std::string WireFormat::rfc3339(std::int64_t unix_ms) {
    const std::time_t t = static_cast<std::time_t>(unix_ms / 1000);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buffer[40];
    std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buffer;
}

}  // namespace stormproof
