#include "ProviderAdapter.h"

#include <cstdio>

namespace stormproof {

std::string ProviderAdapter::traceparent(const RequestIdentity& identity, int attempt_id) {
    // The span id only has to be unique within the trace: derive it from the attempt number.
    std::uint64_t span = 0x9E3779B97F4A7C15ULL * static_cast<std::uint64_t>(attempt_id + 1);
    span ^= span >> 29;
    if (span == 0)
        span = 1;
    char buffer[20];
    std::snprintf(buffer, sizeof buffer, "%016llx", static_cast<unsigned long long>(span));
    return "00-" + identity.trace_id + "-" + buffer + "-01";
}

}  // namespace stormproof
