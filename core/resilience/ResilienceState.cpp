#include "ResilienceState.h"

namespace stormproof {

ResilienceState::ResilienceState(ResiliencePolicy policy) : policy_(std::move(policy)) {}

CircuitBreaker& ResilienceState::breaker(const std::string& target) {
    auto it = breakers_.find(target);
    if (it == breakers_.end()) {
        auto forward = [this](const BreakerTransition& t) {
            if (listener_)
                listener_(t);
            if (share_.trip && t.to == BreakerState::Open && t.reason != TransitionReason::SharedTrip)
                share_.trip(t.target, t.at_ms + t.open_ms);
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

void ResilienceState::set_share_listener(ShareListener listener) {
    share_ = std::move(listener);
    remember_waits_ =
        static_cast<bool>(share_.server_wait);  // an empty listener unhooks: back to per request
}

void ResilienceState::set_override(const std::string& target, BreakerOverride mode, std::int64_t now_ms) {
    breaker(target).set_override(mode, now_ms);
    if (share_.override_set)
        share_.override_set(target, mode);
}

void ResilienceState::note_server_wait(const std::string& target, int key, std::int64_t until_ms,
                                       std::int64_t now_ms) {
    if (apply_shared_server_wait(target, key, until_ms, now_ms) && share_.server_wait)
        share_.server_wait(target, key, until_ms);
}

std::int64_t ResilienceState::blocked_until_ms(const std::string& target, int key,
                                               std::int64_t now_ms) const {
    if (!remember_waits_)
        return 0;
    const auto it = waits_.find({target, key});
    return it != waits_.end() && it->second > now_ms ? it->second : 0;
}

bool ResilienceState::apply_shared_trip(const std::string& target, std::int64_t until_ms,
                                        std::int64_t now_ms) {
    return breaker(target).apply_shared_open(until_ms, now_ms);
}

void ResilienceState::apply_shared_override(const std::string& target, BreakerOverride mode,
                                            std::int64_t now_ms) {
    breaker(target).set_override(mode, now_ms);
}

bool ResilienceState::apply_shared_server_wait(const std::string& target, int key, std::int64_t until_ms,
                                               std::int64_t now_ms) {
    if (!remember_waits_ || until_ms <= now_ms)
        return false;
    // Waits that are over are dropped as new ones come: the map holds only what still blocks.
    for (auto it = waits_.begin(); it != waits_.end();)
        it = it->second <= now_ms ? waits_.erase(it) : std::next(it);
    std::int64_t& until = waits_[{target, key}];
    if (until_ms <= until)
        return false;
    until = until_ms;
    return true;
}

}  // namespace stormproof
