#pragma once

#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ConfigError.h"
#include "Policy.h"

namespace stormproof {

struct PolicyLoadResult {
    std::optional<Policy> policy;     // set only when errors is empty
    std::vector<ConfigError> errors;  // every problem found, in document order

    bool ok() const { return errors.empty() && policy.has_value(); }
};

// Reads and validates the policy file of docs/INTERFACES.md. Every key is optional and defaults as
// documented; unknown keys, wrong types and out-of-range values are errors with the JSON path and the reason.
// The same validator serves the CLI, the settings dialog and start-up.
class PolicyLoader {
public:
    static PolicyLoadResult from_text(std::string_view text);
    static PolicyLoadResult from_json(const nlohmann::json& json);
    static PolicyLoadResult from_file(const std::string& path);
};

}  // namespace stormproof
