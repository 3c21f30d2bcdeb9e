#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace stormproof {

// Response headers as received, with case-insensitive lookup (RFC 9110: field names are case-insensitive).
// Resilience logic reads headers through this, not through QNetworkReply, so it stays free of I/O.
// Header bytes become text here: a name or value with ill-formed UTF-8 (obs-text, Latin-1 from a proxy) is
// kept with U+FFFD in place of the bad bytes (text_from_bytes), so a request id or hint shown or logged is
// valid text.
class HttpHeaders {
public:
    HttpHeaders() = default;
    HttpHeaders(std::initializer_list<std::pair<std::string, std::string>> fields) {
        for (const auto& [name, value] : fields)
            add(name, value);
    }

    void add(std::string_view name, std::string_view value);

    // The first value of name, trimmed of optional whitespace.
    std::optional<std::string> get(std::string_view name) const;

    const std::vector<std::pair<std::string, std::string>>& fields() const { return fields_; }
    bool empty() const { return fields_.empty(); }

    static bool names_equal(std::string_view a, std::string_view b);

private:
    std::vector<std::pair<std::string, std::string>> fields_;
};

}  // namespace stormproof
