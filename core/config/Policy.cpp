#include "Policy.h"

namespace stormproof {

std::string_view to_string(ProviderKind kind) {
    switch (kind) {
        case ProviderKind::OpenAI:
            return "openai";
        case ProviderKind::Anthropic:
            return "anthropic";
        case ProviderKind::Simulator:
            return "simulator";
    }
    return "simulator";
}

std::optional<ProviderKind> provider_kind_from_string(std::string_view text) {
    for (auto k : {ProviderKind::OpenAI, ProviderKind::Anthropic, ProviderKind::Simulator}) {
        if (to_string(k) == text)
            return k;
    }
    return std::nullopt;
}

std::string_view to_string(AuthHeader header) {
    return header == AuthHeader::ApiKey ? "api-key" : "default";
}

std::optional<AuthHeader> auth_header_from_string(std::string_view text) {
    for (auto h : {AuthHeader::Default, AuthHeader::ApiKey}) {
        if (to_string(h) == text)
            return h;
    }
    return std::nullopt;
}

Policy Policy::default_policy() {
    Policy policy;
    TargetConfig sim;
    sim.name = "simulator";
    sim.provider = ProviderKind::Simulator;
    sim.model = "sim-healthy";
    policy.targets.push_back(sim);
    return policy;
}

}  // namespace stormproof
