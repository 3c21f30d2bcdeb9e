#pragma once

#include <nlohmann/json_fwd.hpp>
#include <string>

#include "Policy.h"
#include "resilience/Result.h"

namespace stormproof {

// Writes the policy file of docs/INTERFACES.md, every key explicit so a saved file documents the values in
// force.
class PolicyWriter {
public:
    static nlohmann::json to_json(const Policy& policy);
    static std::string to_text(const Policy& policy);  // pretty-printed, 2-space indent, trailing newline

    // Atomic: a temporary file in the same directory, flushed, then renamed over the old one, so a crash
    // mid-write leaves the previous file intact. The error's `where` is the path.
    static Status save(const Policy& policy, const std::string& path);
};

}  // namespace stormproof
