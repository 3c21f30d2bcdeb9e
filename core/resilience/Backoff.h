#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "RandomSource.h"

namespace stormproof {

enum class BackoffKind { Constant, Linear, Exponential };
enum class JitterKind { None, Full, Equal, Decorrelated };

std::string_view to_string(BackoffKind kind);
std::string_view to_string(JitterKind kind);
std::optional<BackoffKind> backoff_kind_from_string(std::string_view text);
std::optional<JitterKind> jitter_kind_from_string(std::string_view text);

struct BackoffConfig {
    // 1 s base, 30 s cap: the official SDKs start at 0.5 s and cap at 8 s, which a 429 storm outlasts; AWS's
    // architecture blog caps at 20 s. A person waits for a chat reply, so 30 s is the longest pause worth
    // taking.
    static constexpr std::int64_t kDefaultBaseDelayMs = 1000;
    static constexpr std::int64_t kDefaultMaxDelayMs = 30000;

    BackoffKind kind = BackoffKind::Exponential;
    // Full jitter: AWS's simulation of 100 contending clients finished in 5.0 s with 796 calls, against 64 s
    // and 1870 calls without jitter (the thundering herd). Decorrelated was close (4.6 s, 1004 calls).
    JitterKind jitter = JitterKind::Full;
    std::int64_t base_delay_ms = kDefaultBaseDelayMs;
    std::int64_t max_delay_ms = kDefaultMaxDelayMs;
    // A floor keeps full jitter from drawing a 0 ms retry that re-hits an overloaded server at once.
    std::int64_t min_delay_ms = 0;
};

// The delay before a retry, by the formulas of AWS's "Exponential Backoff And Jitter":
//   ceiling  = min(cap, base * 2^n)          (linear: base * (n+1); constant: base)
//   none     = ceiling
//   full     = random(0, ceiling)
//   equal    = ceiling/2 + random(0, ceiling/2)
//   decorr.  = min(cap, random(base, previous * 3))
// and then clamped to [min_delay_ms, max_delay_ms].
class Backoff {
public:
    explicit Backoff(const BackoffConfig& config) : config_(config) {}

    // retry_index: 0 before the first retry. previous_delay_ms: the last delay drawn for this request (the
    // decorrelated formula's state; 0 or negative means none yet).
    std::int64_t delay_ms(int retry_index, std::int64_t previous_delay_ms, RandomSource& random) const;

    // The un-jittered ceiling for retry_index, already capped.
    std::int64_t ceiling_ms(int retry_index) const;

    const BackoffConfig& config() const { return config_; }

private:
    BackoffConfig config_;
};

}  // namespace stormproof
