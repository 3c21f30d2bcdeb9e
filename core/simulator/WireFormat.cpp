#include "WireFormat.h"

#include <cstdio>
#include <ctime>

namespace stormproof {

std::string WireFormat::go_duration(std::int64_t ms) {
    if (ms < 1000)
        return std::to_string(ms) + "ms";
    const std::int64_t h = ms / 3600000;
    const std::int64_t m = (ms / 60000) % 60;
    const std::int64_t s_ms = ms % 60000;
    std::string out;
    if (h > 0)
        out += std::to_string(h) + "h";
    if (h > 0 || m > 0)
        out += std::to_string(m) + "m";
    out += std::to_string(s_ms / 1000);
    if (s_ms % 1000) {
        char frac[8];
        std::snprintf(frac, sizeof frac, ".%03d", static_cast<int>(s_ms % 1000));
        std::string f(frac);
        while (f.back() == '0')
            f.pop_back();
        out += f;
    }
    return out + "s";
}

std::string WireFormat::rfc3339(std::int64_t unix_ms) {
    const std::time_t t = static_cast<std::time_t>(unix_ms / 1000);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buffer[40];
    std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buffer;
}

}  // namespace stormproof
