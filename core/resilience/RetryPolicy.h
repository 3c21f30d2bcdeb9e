#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string_view>

#include "AttemptOutcome.h"
#include "Backoff.h"
#include "ErrorClass.h"
#include "RandomSource.h"
#include "ServerHints.h"

namespace stormproof {

// What to do when a server asks for a wait longer than max_retry_after_ms.
enum class AboveMaxAction { Fallback, Fail, WaitMax };
std::string_view to_string(AboveMaxAction action);
std::optional<AboveMaxAction> above_max_action_from_string(std::string_view text);

// What to do with an error class once retrying on this target is over (or was never allowed).
enum class ExhaustedAction { Fallback, Stop };
std::string_view to_string(ExhaustedAction action);
std::optional<ExhaustedAction> exhausted_action_from_string(std::string_view text);

struct ClassRule {
    bool retry = false;
    int max_attempts =
        0;  // attempts on one target for this class, first try included; 0 = retry.max_attempts
    bool use_server_hint = true;
    bool rotate_key = false;  // try the target's next API key first, at once
    ExhaustedAction on_exhausted = ExhaustedAction::Fallback;
};

struct RetryConfig {
    // 5 attempts: the SDKs make 3 (2 retries), which a 20-second 503 burst outlasts at their 8 s cap; with
    // the deadline and the budget bounding the whole chain, two more attempts cost little and save many
    // requests.
    static constexpr int kDefaultMaxAttempts = 5;
    // 60 s: the openai-node and anthropic-python SDKs stop honouring Retry-After above 60 s, Portkey caps the
    // sum at 60 s; longer than that a person is better served by another target.
    static constexpr std::int64_t kDefaultMaxRetryAfterMs = 60000;
    // Timeouts are bounded separately: a model that did not answer twice is unlikely to answer the third time
    // within a person's patience, and each try may have cost a full first_token_ms.
    static constexpr int kDefaultTimeoutAttempts = 2;

    int max_attempts = kDefaultMaxAttempts;
    BackoffConfig backoff;
    bool honor_retry_after = true;
    std::int64_t max_retry_after_ms = kDefaultMaxRetryAfterMs;
    AboveMaxAction on_retry_after_above_max = AboveMaxAction::Fallback;
    bool send_idempotency_key = true;
    std::map<ErrorClass, ClassRule> class_rules = default_class_rules();

    static std::map<ErrorClass, ClassRule> default_class_rules();
};

// How long to wait before a retry, and why.
struct WaitPlan {
    std::int64_t delay_ms = 0;
    DelaySource source = DelaySource::Backoff;
    bool hint_above_cap = false;  // the server asked for more than max_retry_after_ms (or an absurd wait)
};

// Refers to its config, which must outlive it (RequestExecution keeps both in one shared policy).
class RetryPolicy {
public:
    explicit RetryPolicy(const RetryConfig& config) : config_(config), backoff_(config.backoff) {}
    RetryPolicy(const RetryConfig&&) = delete;  // a temporary would dangle

    const ClassRule& rule_for(ErrorClass error_class) const;

    // Attempts allowed on one target for this class, first try included.
    int attempts_allowed(ErrorClass error_class) const;

    // Some network failures say more than their class: a host name that does not resolve will not resolve a
    // second later (and each lookup can take seconds), so it is not retried on that target at all; a port
    // that refuses connections has nothing listening -- a server that is down, or restarting -- so it gets
    // one more try, not five (five attempts with backoff held a person 12 s in front of a stopped local
    // server). Either way the next target in the chain is tried.
    static constexpr int kHostNotFoundAttempts = 1;
    static constexpr int kConnectionRefusedAttempts = 2;
    static int attempts_allowed_after(TransportError transport, int class_allowed);

    // The wait before retry number retry_index (0 = first retry) on a target.
    WaitPlan plan_wait(ErrorClass error_class, const ServerHints& hints, int retry_index,
                       std::int64_t previous_delay_ms, RandomSource& random) const;

    const RetryConfig& config() const { return config_; }
    const Backoff& backoff() const { return backoff_; }

private:
    const RetryConfig& config_;
    Backoff backoff_;
};

}  // namespace stormproof
