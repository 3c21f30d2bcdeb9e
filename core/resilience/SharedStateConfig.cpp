#include "SharedStateConfig.h"

#include <charconv>

namespace stormproof {

namespace {
constexpr std::size_t kMaxPrefixLength = 64;
// Redis's default is 16 databases; a server may be configured with more, never with this many.
constexpr int kMaxDatabase = 1 << 20;

bool parse_int(std::string_view text, int min, int max, int& out) {
    if (text.empty())
        return false;
    int value = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || end != text.data() + text.size() || value < min || value > max)
        return false;
    out = value;
    return true;
}
}  // namespace

Result<RedisEndpoint> parse_redis_url(std::string_view url) {
    constexpr std::string_view kScheme = "redis://";
    if (url.rfind(kScheme, 0) != 0)
        return make_error("must start with redis:// (rediss:// and unix sockets are not supported)");
    std::string_view rest = url.substr(kScheme.size());
    RedisEndpoint endpoint;
    if (const auto at = rest.rfind('@'); at != std::string_view::npos) {
        std::string_view auth = rest.substr(0, at);
        rest = rest.substr(at + 1);
        // ":password" or "user:password": only the password is used (Redis before ACLs has no users).
        if (const auto colon = auth.find(':'); colon != std::string_view::npos)
            auth = auth.substr(colon + 1);
        endpoint.password = std::string(auth);
    }
    std::string_view authority = rest;
    if (const auto slash = rest.find('/'); slash != std::string_view::npos) {
        authority = rest.substr(0, slash);
        const std::string_view db = rest.substr(slash + 1);
        if (!db.empty() && !parse_int(db, 0, kMaxDatabase, endpoint.database))
            return make_error("the database after '/' must be a number 0.." + std::to_string(kMaxDatabase));
    }
    std::string_view host = authority;
    if (!authority.empty() && authority.front() == '[') {
        const auto close = authority.find(']');
        if (close == std::string_view::npos)
            return make_error("an IPv6 address must end with ']'");
        host = authority.substr(1, close - 1);
        const std::string_view after = authority.substr(close + 1);
        if (!after.empty() && (after.front() != ':' || !parse_int(after.substr(1), 1, 65535, endpoint.port)))
            return make_error("the port must be a number 1..65535");
    } else if (const auto colon = authority.rfind(':'); colon != std::string_view::npos) {
        host = authority.substr(0, colon);
        if (!parse_int(authority.substr(colon + 1), 1, 65535, endpoint.port))
            return make_error("the port must be a number 1..65535");
    }
    if (host.empty())
        return make_error("has no host");
    for (const char c : host) {
        const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                        c == '.' || c == '-' || c == ':' || c == '_';
        if (!ok)
            return make_error("the host may hold letters, digits, '.', '-', '_' and ':' only");
    }
    endpoint.host = std::string(host);
    return endpoint;
}

bool valid_key_prefix(std::string_view prefix) {
    if (prefix.empty() || prefix.size() > kMaxPrefixLength)
        return false;
    for (const char c : prefix) {
        if (c <= ' ' || c > '~')
            return false;
    }
    return true;
}

}  // namespace stormproof
