#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "Fault.h"
#include "config/ProviderDialect.h"

namespace stormproof {

// How replies look and flow when nothing goes wrong.
struct ReplyShape {
    // A short chat answer (20-60 words), starting after 150 ms and streamed at 60 tokens/s: the feel of a
    // small hosted model.
    int min_tokens = 20;
    int max_tokens = 60;
    std::int64_t first_token_ms = 150;
    double tokens_per_s = 60;  // 0: everything at once

    bool operator==(const ReplyShape&) const = default;
};

// OpenAI-style limits per API key; 0 = unlimited.
struct RateLimitSpec {
    int requests_per_minute = 0;
    int tokens_per_minute = 0;
    bool enabled() const { return requests_per_minute > 0 || tokens_per_minute > 0; }
    bool operator==(const RateLimitSpec&) const = default;
};

struct Phase {
    std::string name;
    std::int64_t duration_ms = 0;  // 0: lasts until the end of time (only the last phase may)
    std::vector<FaultSpec> faults;
    std::optional<ReplyShape> reply;  // overrides the scenario's shape during this phase

    bool operator==(const Phase&) const = default;
};

// A simulator scenario: replies, limits and faults over phases of time (healthy -> outage -> recovered ...).
struct Scenario {
    std::string name;
    std::string description;
    ReplyShape reply;
    RateLimitSpec rate_limit;
    std::vector<Phase> phases;  // never empty once loaded
    bool repeat = false;        // after the last timed phase, start again
    // The provider whose failures the OpenAI-compatible endpoint imitates (its status codes, error bodies,
    // wait hints, stream quirks); none: OpenAI's own. /v1/messages always speaks Anthropic's.
    std::optional<ProviderDialect> dialect;

    // The phase in force elapsed_ms after the scenario started; index receives its position.
    const Phase& phase_at(std::int64_t elapsed_ms, std::size_t* index = nullptr) const;
    const ReplyShape& reply_at(std::int64_t elapsed_ms) const;

    // A scenario with no faults at all.
    static Scenario healthy();

    bool operator==(const Scenario&) const = default;
};

}  // namespace stormproof
