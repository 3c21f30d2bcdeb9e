#pragma once

#include <functional>
#include <map>
#include <memory>
#include <string>

#include "CircuitBreaker.h"
#include "LatencyEstimator.h"
#include "ResiliencePolicy.h"
#include "RetryBudget.h"

namespace stormproof {

// What outlives one request: a breaker and a TTFT estimate per target, retry budgets per scope. Shared by all
// requests of a client; single-threaded (the owner's thread), like the rest of the engine.
class ResilienceState {
public:
    using TransitionListener = std::function<void(const BreakerTransition&)>;

    explicit ResilienceState(ResiliencePolicy policy = {});

    CircuitBreaker& breaker(const std::string& target);
    RetryBudget& budget(const std::string& scope_key);
    LatencyEstimator& ttft(const std::string& target);

    // The budget key for a request under the policy's scope.
    std::string budget_key(const std::string& target, const std::string& conversation) const;

    // New policy for new requests; breakers keep their state, budgets their counts.
    void apply_policy(const ResiliencePolicy& policy, std::int64_t now_ms);
    const ResiliencePolicy& policy() const { return policy_; }

    void set_transition_listener(TransitionListener listener);

    // Sharing with other processes (core/shared's SharedStateLink installs these; nothing else does). What
    // this process learns first goes out through the listener; what others learned comes in through apply_*,
    // which never calls the listener back. Everything here is local and immediate: no request waits for it.
    struct ShareListener {
        // A breaker this process tripped (any transition to Open but a shared one): open until until_ms.
        std::function<void(const std::string& target, std::int64_t until_ms)> trip;
        // A person's hand on a breaker here (set_override).
        std::function<void(const std::string& target, BreakerOverride mode)> override_set;
        // A provider told a request here to wait (Retry-After, rate-limit reset) on this target and key.
        std::function<void(const std::string& target, int key, std::int64_t until_ms)> server_wait;
    };
    // With a server_wait hook, the state also remembers provider waits (without, each request honours only
    // its own). An empty listener unhooks.
    void set_share_listener(ShareListener listener);
    bool remembers_server_waits() const { return remember_waits_; }

    // A person's hand on a breaker (the dashboard, force_breaker): applied, then shared.
    void set_override(const std::string& target, BreakerOverride mode, std::int64_t now_ms);
    // A wait a provider asked for on (target, key): remembered until until_ms (the later wins), shared when
    // it is news. Ignored unless waits are remembered.
    void note_server_wait(const std::string& target, int key, std::int64_t until_ms, std::int64_t now_ms);
    // Until when (target, key) is blocked; 0 when it is not (or waits are not remembered).
    std::int64_t blocked_until_ms(const std::string& target, int key, std::int64_t now_ms) const;
    // What other processes learned. True when it changed something here.
    bool apply_shared_trip(const std::string& target, std::int64_t until_ms, std::int64_t now_ms);
    void apply_shared_override(const std::string& target, BreakerOverride mode, std::int64_t now_ms);
    bool apply_shared_server_wait(const std::string& target, int key, std::int64_t until_ms,
                                  std::int64_t now_ms);
    // The waits still running (for a link that reconnects and publishes again what it knows).
    const std::map<std::pair<std::string, int>, std::int64_t>& server_waits() const { return waits_; }

    const std::map<std::string, std::unique_ptr<CircuitBreaker>>& breakers() const { return breakers_; }

private:
    ResiliencePolicy policy_;
    TransitionListener listener_;
    std::map<std::string, std::unique_ptr<CircuitBreaker>> breakers_;
    std::map<std::string, std::unique_ptr<RetryBudget>> budgets_;
    std::map<std::string, LatencyEstimator> ttft_;
    ShareListener share_;
    bool remember_waits_ = false;
    std::map<std::pair<std::string, int>, std::int64_t> waits_;  // (target, key) -> blocked until
};

}  // namespace stormproof
