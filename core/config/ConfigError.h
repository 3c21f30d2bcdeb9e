#pragma once

#include <string>
#include <vector>

namespace stormproof {

// One thing wrong with a configuration file, located precisely enough to fix it without guessing.
struct ConfigError {
    std::string
        path;  // JSON path, e.g. "retry.max_attempts" or "targets[1].provider"; empty for syntax errors
    std::string message;  // e.g. "must be 1..20, got 0"
    int line = 0;         // 1-based, for syntax errors
    int column = 0;

    // "retry.max_attempts: must be 1..20, got 0", or "line 3, column 14: syntax error ..."
    std::string to_string() const;
};

std::string join_errors(const std::vector<ConfigError>& errors, const std::string& source = {});

}  // namespace stormproof
