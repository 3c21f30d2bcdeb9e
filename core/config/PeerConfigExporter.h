#pragma once

#include <string>
#include <vector>

#include "Policy.h"

namespace stormproof {

// The part of a policy another router can express, in its own configuration language, with a list of what it
// cannot. For people who run LiteLLM's router or the Portkey gateway beside Stormproof and want the same
// behaviour there -- and to see plainly what they would lose.
class PeerConfigExporter {
public:
    struct Export {
        std::string text;
        std::vector<std::string> not_expressible;  // "half-open probes", "retry budget", ...
    };
    // LiteLLM proxy config.yaml: model_list + router_settings (num_retries, retry_policy, fallbacks,
    // allowed_fails, cooldown_time, timeout, retry_after).
    static Export litellm_yaml(const Policy& policy);
    // Portkey gateway config: a fallback strategy over the targets, each with retry attempts and status
    // codes.
    static Export portkey_json(const Policy& policy);
};

}  // namespace stormproof
