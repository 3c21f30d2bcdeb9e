#pragma once

#include <cstdint>
#include <string>
#include <unordered_map>

#include "Scenario.h"

namespace stormproof {

struct RateVerdict {
    bool allowed = true;
    bool enabled = false;
    int limit_requests = 0;
    int remaining_requests = 0;
    std::int64_t reset_requests_ms = 0;  // until the request bucket is full again (OpenAI's meaning)
    int limit_tokens = 0;
    int remaining_tokens = 0;
    std::int64_t reset_tokens_ms = 0;
    std::int64_t retry_after_ms = 0;  // when denied: until this request would be admitted
    bool tokens_exhausted = false;    // which dimension refused it
};

// Token buckets per API key, requests and tokens per minute, refilled continuously (as OpenAI describes its
// limits). The 429s it causes carry exact waits: retrying after retry_after_ms succeeds.
class RateLimiter {
public:
    explicit RateLimiter(RateLimitSpec spec = {}) : spec_(spec) {}

    RateVerdict check(const std::string& key, int tokens, std::int64_t now_ms);
    void reset(RateLimitSpec spec);

private:
    struct Buckets {
        double requests = 0;
        double tokens = 0;
        std::int64_t updated_ms = 0;
    };
    RateLimitSpec spec_;
    std::unordered_map<std::string, Buckets> buckets_;
};

}  // namespace stormproof
