#include "ResilienceState.h"

namespace stormproof {

ResilienceState::ResilienceState(ResiliencePolicy policy) : policy_(std::move(policy)) {}

CircuitBreaker& ResilienceState::breaker(const std::string& target) {
    auto it = breakers_.find(target);
    if (it == breakers_.end()) {
        auto forward = [this](const BreakerTransition& t) {
            if (listener_)
                listener_(t);
        };
        it = breakers_.emplace(target, std::make_unique<CircuitBreaker>(target, policy_.breaker, forward))
                 .first;
    }
    return *it->second;
}

RetryBudget& ResilienceState::budget(const std::string& scope_key) {
    auto it = budgets_.find(scope_key);
    if (it == budgets_.end()) {
        it = budgets_.emplace(scope_key, std::make_unique<RetryBudget>(policy_.budget)).first;
    }
    return *it->second;
}

LatencyEstimator& ResilienceState::ttft(const std::string& target) {
    return ttft_[target];
}

std::string ResilienceState::budget_key(const std::string& target, const std::string& conversation) const {
    switch (policy_.budget.scope) {
        case BudgetScope::Global:
            return "global";
        case BudgetScope::Target:
            return "target:" + target;
        case BudgetScope::Conversation:
            return "conversation:" + conversation;
    }
    return "global";
}

void ResilienceState::apply_policy(const ResiliencePolicy& policy, std::int64_t now_ms) {
    policy_ = policy;
    for (auto& [name, breaker] : breakers_) {
        breaker->reconfigure(policy_.breaker, now_ms);
    }
    for (auto& [key, budget] : budgets_) {
        budget->reconfigure(policy_.budget);
    }
}

void ResilienceState::set_transition_listener(TransitionListener listener) {
    listener_ = std::move(listener);
}

}  // namespace stormproof
