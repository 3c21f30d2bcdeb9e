#include "ChainSelection.h"

namespace stormproof {

// The scenario a simulator target without one plays (the simulator's own default).
static constexpr const char* kDefaultScenario = "healthy";

Policy narrow_policy(const Policy& configured, const ChainSelection& selection) {
    Policy effective = configured;
    if (!selection.only_target.empty()) {
        std::vector<TargetConfig> kept;
        for (const auto& t : effective.targets) {
            if (t.name == selection.only_target)
                kept.push_back(t);
        }
        effective.targets = kept;
    }
    if (!selection.scenario.empty()) {
        for (auto& t : effective.targets) {
            if (t.provider == ProviderKind::Simulator) {
                t.scenario = selection.scenario;
                break;
            }
        }
    }
    if (!effective.targets.empty() && !selection.model.empty() &&
        effective.targets.front().provider != ProviderKind::Simulator) {
        effective.targets.front().model = selection.model;
    }
    return effective;
}

std::string configured_scenario(const Policy& policy) {
    for (const auto& t : policy.targets) {
        if (t.provider != ProviderKind::Simulator)
            continue;
        if (!t.scenario.empty())
            return t.scenario;
        if (t.model.rfind("sim-", 0) == 0)
            return t.model.substr(4);
        return kDefaultScenario;
    }
    return {};
}

const TargetConfig* first_target(const Policy& policy, const std::string& only_target) {
    const std::string wanted = only_target.empty()
                                   ? (policy.targets.empty() ? std::string() : policy.targets.front().name)
                                   : only_target;
    for (const auto& t : policy.targets) {
        if (t.name == wanted)
            return &t;
    }
    return nullptr;
}

}  // namespace stormproof
