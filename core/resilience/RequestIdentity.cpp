#include "RequestIdentity.h"

namespace stormproof {

namespace {
std::string hex64(std::uint64_t value) {
    static constexpr char kHex[] = "0123456789abcdef";
    std::string out(16, '0');
    for (int i = 15; i >= 0; --i) {
        out[static_cast<std::size_t>(i)] = kHex[value & 0xF];
        value >>= 4;
    }
    return out;
}
}  // namespace

RequestIdentity RequestIdentity::generate(RandomSource& random) {
    RequestIdentity id;
    std::uint64_t hi = random.next_u64();
    std::uint64_t lo = random.next_u64();
    if (hi == 0 && lo == 0)
        lo = 1;  // W3C: an all-zero trace-id is invalid
    id.trace_id = hex64(hi) + hex64(lo);

    std::uint64_t a = random.next_u64();
    std::uint64_t b = random.next_u64();
    a = (a & 0xFFFFFFFFFFFF0FFFULL) | 0x0000000000004000ULL;  // version 4
    b = (b & 0x3FFFFFFFFFFFFFFFULL) | 0x8000000000000000ULL;  // RFC 4122 variant
    const std::string h = hex64(a) + hex64(b);
    id.idempotency_key = "stormproof-" + h.substr(0, 8) + "-" + h.substr(8, 4) + "-" + h.substr(12, 4) + "-" +
                         h.substr(16, 4) + "-" + h.substr(20, 12);
    return id;
}

}  // namespace stormproof
