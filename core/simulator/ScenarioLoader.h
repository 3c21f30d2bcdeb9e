#pragma once

#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "Scenario.h"
#include "config/ConfigError.h"
#include "resilience/Result.h"

namespace stormproof {

struct ScenarioLoadResult {
    std::optional<Scenario> scenario;
    std::vector<ConfigError> errors;
    bool ok() const { return errors.empty() && scenario.has_value(); }
};

// Reads scenario JSON (resources/scenarios/*.json; docs in README "Simulator"). Errors carry the JSON path.
class ScenarioLoader {
public:
    static ScenarioLoadResult from_json(const nlohmann::json& json);
    static ScenarioLoadResult from_text(std::string_view text);
    static ScenarioLoadResult from_file(const std::string& path);

    // The built-in scenarios, compiled into the binary from resources/scenarios/.
    static std::vector<std::string> builtin_names();
    // Whether text is a scenario name: 1 to 64 of [A-Za-z0-9_-] -- never a path, never "x.json" (the error
    // says why not). Names are what clients of the simulator send; only the command line names files.
    static Status check_name(const std::string& name);
    // A built-in scenario by name only; never reads a file.
    static ScenarioLoadResult builtin(const std::string& name);
    // A built-in name, or a path to a JSON file: for the command line (--scenario NAME|FILE), never for a
    // name that came over the network.
    static ScenarioLoadResult load(const std::string& name_or_path);
};

}  // namespace stormproof
