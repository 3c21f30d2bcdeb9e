#include "ConfigError.h"

namespace stormproof {

std::string ConfigError::to_string() const {
    std::string out;
    if (line > 0) {
        out = "line " + std::to_string(line) + ", column " + std::to_string(column) + ": ";
    }
    if (!path.empty()) {
        out += path + ": ";
    }
    return out + message;
}

std::string join_errors(const std::vector<ConfigError>& errors, const std::string& source) {
    std::string out;
    for (const auto& e : errors) {
        if (!out.empty())
            out += "\n";
        out += source.empty() ? e.to_string() : source + ": " + e.to_string();
    }
    return out;
}

}  // namespace stormproof
