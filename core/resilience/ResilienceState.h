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

    const std::map<std::string, std::unique_ptr<CircuitBreaker>>& breakers() const { return breakers_; }

private:
    ResiliencePolicy policy_;
    TransitionListener listener_;
    std::map<std::string, std::unique_ptr<CircuitBreaker>> breakers_;
    std::map<std::string, std::unique_ptr<RetryBudget>> budgets_;
    std::map<std::string, LatencyEstimator> ttft_;
};

}  // namespace stormproof
