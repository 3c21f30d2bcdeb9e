#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace stormproof {

// Censors secrets in free text before it is logged or exported: every registered secret value, and anything
// shaped like a provider key (sk-..., sk-ant-..., Bearer ...) even if it was never registered.
class Redactor {
public:
    static constexpr std::string_view kMask = "[REDACTED]";

    void add_secret(
        std::string secret);  // ignored when shorter than 8 characters (too common to mask safely)
    std::string redact(std::string_view text) const;

    // The shape-based part alone, for places with no registry at hand.
    static std::string redact_shapes(std::string_view text);

private:
    std::vector<std::string> secrets_;
};

}  // namespace stormproof
