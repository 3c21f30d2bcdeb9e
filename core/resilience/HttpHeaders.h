#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace stormproof {

// Response headers as received, with case-insensitive lookup (RFC 9110: field names are case-insensitive).
// Resilience logic reads headers through this, not through QNetworkReply, so it stays free of I/O.
class HttpHeaders {
public:
    HttpHeaders() = default;
    HttpHeaders(std::initializer_list<std::pair<std::string, std::string>> fields) : fields_(fields) {}

    void add(std::string name, std::string value) { fields_.emplace_back(std::move(name), std::move(value)); }

    // The first value of name, trimmed of optional whitespace.
    std::optional<std::string> get(std::string_view name) const;

    const std::vector<std::pair<std::string, std::string>>& fields() const { return fields_; }
    bool empty() const { return fields_.empty(); }

    static bool names_equal(std::string_view a, std::string_view b);

private:
    std::vector<std::pair<std::string, std::string>> fields_;
};

}  // namespace stormproof
