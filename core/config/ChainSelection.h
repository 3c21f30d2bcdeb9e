#pragma once

#include <string>

#include "Policy.h"

namespace stormproof {

// What the window's toolbar picks: one target of the chain or all of it, the built-in simulator's scenario,
// and a model for the first target in use. Pure: the policy in force is the configured one narrowed by it.
struct ChainSelection {
    std::string only_target;  // empty: the whole fallback chain
    std::string scenario;     // for the chain's first simulator target; empty: as configured
    std::string model;        // for the first target in use when it is not a simulator; empty: as configured
};

// The configured policy narrowed by the selection: only that target (when it exists), the scenario set on the
// first simulator target (others keep the one they name), the model on the first target when it is a real
// provider's.
Policy narrow_policy(const Policy& configured, const ChainSelection& selection);

// The scenario the policy's first simulator target plays: its "scenario", else NAME of a "sim-NAME" model,
// else "healthy". Empty when the policy has no simulator target.
std::string configured_scenario(const Policy& policy);

// The target the model picker speaks for: only_target, or the chain's first. Null when there is none.
const TargetConfig* first_target(const Policy& policy, const std::string& only_target);

}  // namespace stormproof
